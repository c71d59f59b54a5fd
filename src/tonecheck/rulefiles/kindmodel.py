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
import json
import math
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

from tonecheck.errors import RuleError

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
# The name of ``model_document``'s format in the rules cache: a new layout needs a new name, and the
# numbers are in this machine's byte order.
DOCUMENT_FORM = f"model1{sys.byteorder[0]}"


def model_text(text: str, quoted: str) -> str:
    """What the model reads: the sender's text, then the message being answered."""
    return f"{text}\n{quoted}" if quoted.strip() else text


def model_document(text: str) -> dict[str, Any]:
    """A model file's text, parsed, checked and packed (``pack``); ValueError names what is wrong."""
    return pack(json.loads(text))


def pack(data: dict[str, Any]) -> dict[str, Any]:
    """A model's JSON, checked, as a document of plain values: its kinds and intercepts, its terms in a
    list and all their numbers in one block of bytes (an array of doubles, a row per term: the idf, then
    one weight per kind, zeros for a term the file keeps only the idf of). Python's ``marshal`` reads it
    back far faster than 150,000 separate numbers, and it is what the rules cache keeps."""
    if data.get("format") != 1:
        raise ValueError("unknown format (expected 1)")
    kinds = [str(kind) for kind in data.get("kinds") or ()]
    intercepts = [float(value) for value in data.get("intercepts") or ()]
    if not kinds or len(intercepts) != len(kinds):
        raise ValueError("'kinds' and 'intercepts' must be lists of the same length")
    weights = data.get("terms") or {}
    if not isinstance(weights, dict):
        raise ValueError("'terms' must map each term to its idf and weights")
    sizes = (1, len(kinds) + 1)  # [idf] alone: a term too weak to keep weights for, still in the norm
    padding = [0.0] * len(kinds)
    values = array("d")
    for term, numbers in weights.items():
        if type(numbers) is not list or len(numbers) not in sizes:
            raise ValueError(f"term {term!r} needs an idf and, optionally, one weight per kind")
        try:
            values.extend(numbers)  # in C, and a TypeError for anything but a number
        except TypeError:
            raise ValueError(f"term {term!r}: its idf and weights must be numbers") from None
        if len(numbers) == 1:
            values.extend(padding)
    return {"kinds": kinds, "intercepts": intercepts, "terms": list(weights), "values": values.tobytes()}


def terms(text: str) -> Counter[str]:
    """Words of two letters or more, lower-cased, and each pair of neighbouring words."""
    words = _TOKEN.findall(text.lower())
    counts = Counter(words)
    counts.update(f"{first} {second}" for first, second in itertools.pairwise(words))
    return counts


@dataclass(frozen=True)
class KindModel:
    """Each term's row in one flat array of numbers (see ``pack``). A list of float objects per term cost
    about 22 MB for the two shipped models, which took a 1,000-draft run to its 300 MB target; as an array
    they take about 12 MB (most of it the terms themselves), and the arithmetic is unchanged."""

    kinds: tuple[str, ...]
    intercepts: tuple[float, ...]
    rows: dict[str, int]  # term -> its row
    values: array[float]  # row r: values[r * width] is the idf, then one weight per kind

    @property
    def width(self) -> int:
        return len(self.kinds) + 1

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KindModel:
        """Build from the file's JSON; ValueError names what is wrong with it."""
        return cls.from_document(pack(data))

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> KindModel:
        """Build from ``pack``'s document (which the rules cache keeps); ValueError if it does not add up."""
        try:
            kinds = tuple(document["kinds"])
            intercepts = tuple(document["intercepts"])
            terms = document["terms"]
            values = array("d")
            values.frombytes(document["values"])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a packed model ({exc})") from None
        if len(values) != len(terms) * (len(kinds) + 1) or len(intercepts) != len(kinds):
            raise ValueError("the numbers do not match the terms")
        rows = dict(zip(terms, range(len(terms)), strict=True))
        return cls(kinds, intercepts, rows, values)

    def probabilities(self, text: str) -> dict[str, float]:
        """Each kind's probability for ``text`` (they sum to 1)."""
        values, width = self.values, self.width
        vector: dict[int, float] = {}  # row -> tf-idf
        for term, count in terms(text).items():
            row = self.rows.get(term)
            if row is not None:
                vector[row] = (1.0 + math.log(count)) * values[row * width]
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        logits = list(self.intercepts)
        for row, value in vector.items():
            start = row * width + 1
            for index in range(len(logits)):
                logits[index] += value / norm * values[start + index]
        top = max(logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = sum(exps)
        return {kind: exp / total for kind, exp in zip(self.kinds, exps, strict=True)}

    def weighing_most(self, text: str, kind: str, count: int) -> list[str]:
        """The terms of ``text`` that add most to ``kind``'s score, strongest first (single words only
        when a pair holds them, so the list names each word once)."""
        index = self.kinds.index(kind) + 1
        width = self.width
        pushes: list[tuple[float, str]] = []
        for term, seen in terms(text).items():
            row = self.rows.get(term)
            if row is None:
                continue
            known = self.values[row * width : (row + 1) * width]  # idf, then one weight per kind
            if not any(known[1:]):
                continue  # a term kept for its idf alone
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


ReadModel = Callable[[Traversable, str], Any]  # (file, display path) -> model_document's document


class LazyModel:
    """A model file read on first use: ``model`` parses it once, or raises RuleError naming the file.
    ``read`` gives the file's ``model_document`` (the rules cache's copy, when there is one)."""

    def __init__(self, path: Traversable, display: str, read: ReadModel) -> None:
        self.path = path
        self.display = display
        self._read = read
        self._model: KindModel | None = None

    @property
    def model(self) -> KindModel:
        if self._model is None:
            try:
                document = self._read(self.path, self.display)
                self._model = KindModel.from_document(document)
            except (OSError, UnicodeDecodeError) as exc:
                raise RuleError(f"cannot read: {exc}", self.display) from None
            except (ValueError, TypeError, AttributeError) as exc:
                raise RuleError(f"not a text model: {exc}", self.display) from None
        return self._model
