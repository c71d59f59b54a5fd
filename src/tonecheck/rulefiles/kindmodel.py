"""The learned half of reading a message's kind: word weights trained on labelled drafts
(scripts/train_kind_model.py writes them to rules/kind-model.json). Learned rules use the same kind of
model with two classes (scripts/train_tone_model.py), read lazily (``LazyModel``).

Cue phrases say for sure what they say, but real drafts often carry none, or carry cues of two kinds.
The model gives every kind a probability from all of a draft's words; the kind reading in ``kinds``
adds the cues on top. The arithmetic is scikit-learn's TfidfVectorizer (words and word pairs, sublinear
term frequency, l2 norm) and a multinomial logistic regression, in plain Python.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

from tonecheck.errors import RuleError

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def model_text(text: str, quoted: str) -> str:
    """What the model reads: the sender's text, then the message being answered."""
    return f"{text}\n{quoted}" if quoted.strip() else text


def terms(text: str) -> Counter[str]:
    """Words of two letters or more, lower-cased, and each pair of neighbouring words."""
    words = _TOKEN.findall(text.lower())
    counts = Counter(words)
    counts.update(f"{first} {second}" for first, second in itertools.pairwise(words))
    return counts


@dataclass(frozen=True)
class KindModel:
    kinds: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, list[float]]  # term -> [idf, weight for each kind], or [idf] alone

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KindModel:
        """Build from the file's JSON; ValueError names what is wrong with it."""
        if data.get("format") != 1:
            raise ValueError("unknown format (expected 1)")
        kinds = tuple(data.get("kinds") or ())
        intercepts = tuple(float(value) for value in data.get("intercepts") or ())
        if not kinds or len(intercepts) != len(kinds):
            raise ValueError("'kinds' and 'intercepts' must be lists of the same length")
        weights = data.get("terms") or {}
        if not isinstance(weights, dict):
            raise ValueError("'terms' must map each term to its idf and weights")
        # The lists are kept as JSON gives them: converting some 150,000 numbers one by one took a
        # hundredth of a second of every cold start. Checking them is a sum per term, done in C.
        sizes = (1, len(kinds) + 1)  # [idf] alone: a term too weak to keep weights for, still in the norm
        for term, values in weights.items():
            if type(values) is not list or len(values) not in sizes:
                raise ValueError(f"term {term!r} needs an idf and, optionally, one weight per kind")
            try:
                sum(values)
            except TypeError:
                raise ValueError(f"term {term!r}: its idf and weights must be numbers") from None
        return cls(kinds, intercepts, weights)

    def probabilities(self, text: str) -> dict[str, float]:
        """Each kind's probability for ``text`` (they sum to 1)."""
        vector: dict[str, float] = {}
        for term, count in terms(text).items():
            known = self.weights.get(term)
            if known is not None:
                vector[term] = (1.0 + math.log(count)) * known[0]
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        logits = list(self.intercepts)
        for term, value in vector.items():
            kind_weights = self.weights[term]
            if len(kind_weights) == 1:
                continue
            for index in range(len(logits)):
                logits[index] += value / norm * kind_weights[index + 1]
        top = max(logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = sum(exps)
        return {kind: exp / total for kind, exp in zip(self.kinds, exps, strict=True)}

    def weighing_most(self, text: str, kind: str, count: int) -> list[str]:
        """The terms of ``text`` that add most to ``kind``'s score, strongest first (single words only
        when a pair holds them, so the list names each word once)."""
        index = self.kinds.index(kind) + 1
        pushes: list[tuple[float, str]] = []
        for term, seen in terms(text).items():
            known = self.weights.get(term)
            if known is None or len(known) == 1:
                continue
            others = [weight for position, weight in enumerate(known[1:], 1) if position != index]
            # How much further the term moves this kind than the others, on average.
            push = (1.0 + math.log(seen)) * known[0] * (known[index] - sum(others) / len(others))
            if push > 0:
                pushes.append((push, term))
        chosen: list[str] = []
        for _push, term in sorted(pushes, reverse=True):
            if any(word in chosen_term.split() for chosen_term in chosen for word in term.split()):
                continue
            chosen.append(term)
            if len(chosen) == count:
                break
        return chosen


class LazyModel:
    """A model file read on first use: ``model`` parses it once, or raises RuleError naming the file.
    ``parse`` turns its text into JSON values (the rules cache's, when there is one)."""

    def __init__(self, path: Traversable, display: str, parse: Callable[[str], Any]) -> None:
        self.path = path
        self.display = display
        self._parse = parse
        self._model: KindModel | None = None

    @property
    def model(self) -> KindModel:
        if self._model is None:
            try:
                data = self._parse(self.path.read_text(encoding="utf-8"))
                self._model = KindModel.from_json(data)
            except (OSError, UnicodeDecodeError) as exc:
                raise RuleError(f"cannot read: {exc}", self.display) from None
            except (ValueError, TypeError, AttributeError) as exc:
                raise RuleError(f"not a text model: {exc}", self.display) from None
        return self._model
