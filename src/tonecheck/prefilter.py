"""Skip the token and dependency patterns that cannot match a document, before running them.

spaCy's Matcher tests every pattern at every token, so hundreds of rule patterns cost more than parsing.
Most patterns need particular words: "why" followed by a form of "have", say. A pattern is run on a
document only if every such required word (every mandatory token's LOWER, ORTH, TEXT, NORM or LEMMA
value) occurs in it. The check is exact: a skipped pattern could not have matched, so no finding changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

# Token attributes whose values the document's word sets can answer for, and which set to ask.
_WORD_ATTRS = {"LOWER": "lower", "ORTH": "lower", "TEXT": "lower", "NORM": "norm", "LEMMA": "lemma"}
_MANDATORY = {None, "1", "+"}

Requirement = tuple[str, frozenset[str]]  # (word set, values of which one must occur)


def requirements(pattern: list[dict[str, Any]], dependency: bool = False) -> tuple[Requirement, ...]:
    """What a document must contain for ``pattern`` to match; empty when nothing can be said."""
    found: list[Requirement] = []
    for token in pattern:
        spec = token.get("RIGHT_ATTRS", {}) if dependency else token
        if not dependency and token.get("OP") not in _MANDATORY:
            continue
        for attr, group in _WORD_ATTRS.items():
            if attr not in spec:
                continue
            values = _values(spec[attr])
            if values is not None:
                folded = values if group == "lemma" else frozenset(v.lower() for v in values)
                found.append((group, folded))
    return tuple(found)


def _values(spec: Any) -> frozenset[str] | None:
    if isinstance(spec, str):
        return frozenset({spec})
    if isinstance(spec, dict) and set(spec) == {"IN"} and all(isinstance(v, str) for v in spec["IN"]):
        return frozenset(spec["IN"])
    return None


@dataclass
class WordSets:
    lower: set[str]
    norm: set[str]
    lemma: set[str]

    @classmethod
    def of(cls, doc: Doc) -> WordSets:
        lemmas = {token.lemma_ for token in doc} if doc.has_annotation("LEMMA") else set()
        return cls({t.lower_ for t in doc}, {t.norm_.lower() for t in doc}, lemmas)

    def has_any(self, requirement: Requirement) -> bool:
        group, values = requirement
        pool: set[str] = getattr(self, group)
        return not pool.isdisjoint(values)


class PatternIndex:
    """Patterns indexed by one of their required words, so a document visits only its candidates."""

    def __init__(self) -> None:
        self.entries: list[tuple[Any, tuple[Requirement, ...]]] = []
        self.always: list[int] = []
        self.by_word: dict[tuple[str, str], list[int]] = defaultdict(list)

    def add(self, item: Any, needs: Iterable[Requirement]) -> None:
        needs = tuple(needs)
        index = len(self.entries)
        self.entries.append((item, needs))
        if not needs:
            self.always.append(index)
            return
        group, values = min(needs, key=lambda requirement: len(requirement[1]))
        for value in values:
            self.by_word[(group, value)].append(index)

    def candidates(self, words: WordSets) -> list[Any]:
        """Items whose every requirement the document meets, in the order they were added."""
        chosen = set(self.always)
        for group in ("lower", "norm", "lemma"):
            pool: set[str] = getattr(words, group)
            for value in pool:
                chosen.update(self.by_word.get((group, value), ()))
        result = []
        for index in sorted(chosen):
            item, needs = self.entries[index]
            if all(words.has_any(requirement) for requirement in needs):
                result.append(item)
        return result
