"""Which patterns can match a document, and on which tokens: the cheap look-up done before matching.

Each pattern's anchors (see ``anchors``) are interned once, with an index from word to anchors. For a
document, one pass over its distinct words finds where every anchor occurs; a pattern is tried only
where all its anchors occur close enough together for one match to hold them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from spacy.attrs import IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc

from tonecheck.anchors import Anchor

Window = tuple[int, int]  # token range, end exclusive


@dataclass(frozen=True)
class _Reach:
    """How far a match may extend before and after a token of one anchor (None: no limit)."""

    anchor: int
    before: int | None
    after: int | None


@dataclass(frozen=True)
class _Pattern:
    reaches: tuple[_Reach, ...]  # one per anchor id, best anchor first
    required: frozenset[int]  # the anchor ids
    one_sentence: bool  # every match lies within one sentence: its windows are sentences


class AnchorIndex:
    """The anchors of every pattern, and for each word the anchors it satisfies."""

    def __init__(self) -> None:
        self.attrs: list[int] = []  # spaCy attribute ids: the columns of a document's words
        self._anchor_ids: dict[tuple[int, frozenset[int], str | None], int] = {}
        self._by_word: list[dict[int, list[int]]] = []  # per column: word hash -> anchor ids
        self._patterns: list[_Pattern] = []
        self._regexes: list[tuple[int, int, re.Pattern[str]]] = []  # (anchor id, column, regex)
        self._regex_verdicts: dict[tuple[int, int], bool] = {}  # (anchor id, word hash) -> matches
        self._by_first_anchor: dict[int, list[int]] = {}  # anchor id -> patterns whose best anchor it is
        self._unanchored: list[int] = []  # patterns with no anchor: tried in every document

    def add(self, anchors: list[Anchor], one_sentence: bool = False) -> int:
        """Register a pattern; returns its id for ``Located.windows``."""
        reaches: dict[int, _Reach] = {}
        for anchor in sorted(anchors, key=lambda a: a.cost):
            attr = IDS[anchor.attr]
            if attr not in self.attrs:
                self.attrs.append(attr)
                self._by_word.append({})
            column = self.attrs.index(attr)
            hashes = frozenset(get_string_id(word) for word in anchor.words)
            key = (column, hashes, anchor.regex)
            anchor_id = self._anchor_ids.get(key)
            if anchor_id is None:
                anchor_id = self._anchor_ids[key] = len(self._anchor_ids)
                for word in hashes:
                    self._by_word[column].setdefault(word, []).append(anchor_id)
                if anchor.regex is not None:
                    self._regexes.append((anchor_id, column, re.compile(anchor.regex)))
            before, after = anchor.before, anchor.after
            if anchor_id in reaches:  # the same words tested at two places in the pattern: either may hold
                before = _larger(before, reaches[anchor_id].before)
                after = _larger(after, reaches[anchor_id].after)
            reaches[anchor_id] = _Reach(anchor_id, before, after)
        pattern_id = len(self._patterns)
        self._patterns.append(_Pattern(tuple(reaches.values()), frozenset(reaches), one_sentence))
        if reaches:
            self._by_first_anchor.setdefault(next(iter(reaches)), []).append(pattern_id)
        else:
            self._unanchored.append(pattern_id)
        return pattern_id

    def locate(self, doc: Doc) -> Located:
        """Where each anchor occurs in ``doc``."""
        parts: dict[int, list[list[int]]] = {}  # anchor id -> where each of its words occurs
        length = len(doc)
        if self.attrs and length:
            table = doc.to_array(self.attrs).reshape(length, len(self.attrs))
            for column, index in enumerate(self._by_word):
                values = table[:, column].tolist()
                distinct = set(values)
                wanted = {value: list(index[value]) for value in distinct & index.keys()}
                for anchor_id, regex_column, regex in self._regexes:
                    if regex_column == column:
                        for value in distinct:
                            if self._regex_matches(anchor_id, value, regex, doc):
                                wanted.setdefault(value, []).append(anchor_id)
                if not wanted:
                    continue
                # Where each wanted word occurs, in one pass over the column.
                positions: dict[int, list[int]] = {value: [] for value in wanted}
                for position, value in enumerate(values):
                    if value in wanted:
                        positions[value].append(position)
                for value, anchor_ids in wanted.items():
                    for anchor_id in anchor_ids:
                        parts.setdefault(anchor_id, []).append(positions[value])
        found = {
            anchor_id: lists[0] if len(lists) == 1 else sorted(itertools.chain.from_iterable(lists))
            for anchor_id, lists in parts.items()
        }
        candidates = list(self._unanchored)
        for anchor_id in found:
            for pattern_id in self._by_first_anchor.get(anchor_id, ()):
                if found.keys() >= self._patterns[pattern_id].required:
                    candidates.append(pattern_id)
        return Located(self._patterns, doc, found, sorted(candidates))

    def _regex_matches(self, anchor_id: int, word: int, regex: re.Pattern[str], doc: Doc) -> bool:
        """Whether a regex anchor holds for a word; remembered, as the same words recur in every draft."""
        verdict = self._regex_verdicts.get((anchor_id, word))
        if verdict is None:
            if len(self._regex_verdicts) > 200_000:  # bound the memory of a long run
                self._regex_verdicts.clear()
            verdict = self._regex_verdicts[(anchor_id, word)] = bool(regex.search(doc.vocab.strings[word]))
        return verdict


class Located:
    """The anchors found in one document, and the patterns that have all theirs (``candidates``)."""

    def __init__(
        self, patterns: list[_Pattern], doc: Doc, found: dict[int, list[int]], candidates: list[int]
    ) -> None:
        self.candidates = candidates
        self._patterns = patterns
        self._doc = doc
        self._found = found  # anchor id -> token positions, ascending
        self._sentences: list[Window] | None = None  # built on first use
        self._sentence_of: list[int] = []

    def windows(self, pattern_id: int) -> list[Window]:
        """Token ranges that hold every match of the pattern (none when it cannot match)."""
        pattern = self._patterns[pattern_id]
        length = len(self._doc)
        found = self._found
        if not length or not found.keys() >= pattern.required:
            return []
        if pattern.one_sentence:
            return self._shared_sentences(pattern.required)
        bounded = [r for r in pattern.reaches if r.before is not None and r.after is not None]
        if bounded:
            return self._around(min(bounded, key=lambda r: len(found[r.anchor])), pattern, length)
        # No anchor bounds a match on both sides: one range, from the earliest a match can start to the
        # latest it can end.
        start, end = 0, length
        for reach in pattern.reaches:
            if reach.before is not None:
                start = max(start, found[reach.anchor][0] - reach.before)
            if reach.after is not None:
                end = min(end, found[reach.anchor][-1] + reach.after + 1)
        return [(start, end)] if start < end else []

    def _around(self, rarest: _Reach, pattern: _Pattern, length: int) -> list[Window]:
        """Ranges around each token of the rarest anchor, where every other anchor occurs too."""
        assert rarest.before is not None and rarest.after is not None
        others = [self._found[r.anchor] for r in pattern.reaches if r.anchor != rarest.anchor]
        windows: list[Window] = []
        for position in self._found[rarest.anchor]:
            start, end = max(0, position - rarest.before), min(length, position + rarest.after + 1)
            if not all(_any_between(positions, start, end) for positions in others):
                continue
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], end))
            else:
                windows.append((start, end))
        return windows

    def _shared_sentences(self, anchors: frozenset[int]) -> list[Window]:
        """The sentences that hold every anchor, in order."""
        if self._sentences is None:
            self._sentences = [(sentence.start, sentence.end) for sentence in self._doc.sents]
            self._sentence_of = [0] * len(self._doc)
            for number, (start, end) in enumerate(self._sentences):
                self._sentence_of[start:end] = [number] * (end - start)
        sentence_of = self._sentence_of
        shared: set[int] | None = None
        for anchor in anchors:
            sentences = {sentence_of[position] for position in self._found[anchor]}
            shared = sentences if shared is None else shared & sentences
            if not shared:
                return []
        return [self._sentences[number] for number in sorted(shared or range(len(self._sentences)))]


def _larger(first: int | None, second: int | None) -> int | None:
    return None if first is None or second is None else max(first, second)


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether the ascending ``positions`` hold one in ``[start, end)``."""
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end
