"""Which patterns can match a document, and on which tokens: the cheap look-up done before matching.

Each pattern's anchors (see ``anchors``) are interned once, with an index from word to anchors. For a
document, one pass over its distinct words finds where every anchor occurs; a pattern is tried only
where all its anchors occur close enough together for one match to hold them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy
from spacy.attrs import IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc

from tonecheck.engine import valence
from tonecheck.engine.anchors import Anchor

Window = tuple[int, int]  # token range, end exclusive


# Named tuples, not frozen dataclasses: a rule set makes thousands of these at every start, and a named
# tuple is built several times faster.
class _Reach(NamedTuple):
    """How far a match may extend before and after a token of one anchor (None: no limit)."""

    anchor: int
    before: int | None
    after: int | None


class _Pattern(NamedTuple):
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
        self._words: list[tuple[int, frozenset[int]]] = []  # per anchor id: its column and word hashes
        self._regex_hits: dict[tuple[int, int], tuple[int, ...]] = {}  # (column, word) -> regex anchors
        self._key_arrays: list[numpy.ndarray] | None = None  # per column: the words anchors name, sorted
        self._by_first_anchor: dict[int, list[int]] = {}  # anchor id -> patterns whose best anchor it is
        self._unanchored: list[int] = []  # patterns with no anchor: tried in every document
        self._hashes: dict[frozenset[str | bool], frozenset[int]] = {}  # an anchor's words -> their ids

    def add(self, anchors: list[Anchor], one_sentence: bool = False, ordered: bool = False) -> int:
        """Register a pattern; returns its id for ``Located.windows``. ``ordered``: the anchors are
        already best first (see ``Anchor.cost``)."""
        self._key_arrays = None
        reaches: dict[int, _Reach] = {}
        for anchor in anchors if ordered else sorted(anchors, key=lambda a: a.cost):
            attr = IDS[anchor.attr]
            if attr not in self.attrs:
                self.attrs.append(attr)
                self._by_word.append({})
            column = self.attrs.index(attr)
            # Most anchors repeat an element's words in many patterns: hash each set of words once.
            hashes = self._hashes.get(anchor.words)
            if hashes is None:
                hashes = self._hashes[anchor.words] = frozenset(get_string_id(w) for w in anchor.words)
            key = (column, hashes, anchor.regex)
            anchor_id = self._anchor_ids.get(key)
            if anchor_id is None:
                anchor_id = self._anchor_ids[key] = len(self._anchor_ids)
                self._words.append((column, hashes))
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

    def state(self) -> dict[str, Any]:
        """Everything ``add`` built, in plain values (lists, tuples, sets, numbers, strings) that
        ``from_state`` rebuilds: kept between runs beside the compiled patterns (``patterncache``)."""
        return {
            "attrs": list(self.attrs),
            "anchors": [list(key) for key in self._anchor_ids],  # in id order
            "by_word": self._by_word,
            "patterns": [
                (tuple(tuple(reach) for reach in pattern.reaches), pattern.required, pattern.one_sentence)
                for pattern in self._patterns
            ],
            "regexes": [(anchor_id, column, regex.pattern) for anchor_id, column, regex in self._regexes],
            "words": self._words,
            "by_first_anchor": self._by_first_anchor,
            "unanchored": self._unanchored,
            "hashes": self._hashes,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> AnchorIndex:
        """The index ``state`` describes (a malformed state raises KeyError, TypeError or ValueError)."""
        index = cls()
        index.attrs = [int(attr) for attr in state["attrs"]]
        anchors = state["anchors"]
        index._anchor_ids = {(column, hashes, regex): n for n, (column, hashes, regex) in enumerate(anchors)}
        index._by_word = list(state["by_word"])
        index._patterns = [
            _Pattern(tuple(_Reach(*reach) for reach in reaches), frozenset(required), bool(one_sentence))
            for reaches, required, one_sentence in state["patterns"]
        ]
        index._regexes = [(anchor, column, re.compile(text)) for anchor, column, text in state["regexes"]]
        index._words = [(column, frozenset(hashes)) for column, hashes in state["words"]]
        index._by_first_anchor = dict(state["by_first_anchor"])
        index._unanchored = list(state["unanchored"])
        index._hashes = dict(state["hashes"])
        if len(index._by_word) != len(index.attrs) or len(index._words) != len(index._anchor_ids):
            raise ValueError("an inconsistent anchor index")
        return index

    def locate(self, doc: Doc) -> Located:
        """Which anchors occur in ``doc``, and where each wanted word is."""
        present: set[int] = set()
        places: list[dict[int, list[int]]] = [{} for _ in self.attrs]  # per column: word -> positions
        matched_words: dict[int, list[int]] = {}  # regex anchor id -> the words it matched
        length = len(doc)
        if self.attrs and length:
            table = doc.to_array(self.attrs).reshape(length, len(self.attrs))
            for column, index in enumerate(self._by_word):
                # Group the column's positions by word (a stable sort keeps each group ascending), then
                # look up each distinct word once.
                values = table[:, column]
                order = values.argsort(kind="stable")
                ordered = values[order]
                cuts = (numpy.flatnonzero(ordered[1:] != ordered[:-1]) + 1).tolist()
                starts, ends = [0, *cuts], [*cuts, length]
                distinct = ordered[starts]
                has_regexes = any(col == column for _a, col, _r in self._regexes)
                if has_regexes:
                    groups: Iterable[int] = range(len(starts))  # every word may match a regex
                else:  # only the words some anchor names, found by a binary search in C
                    groups = self._named(column, distinct)
                distinct_words = distinct.tolist()
                for group in groups:
                    value = distinct_words[group]
                    anchor_ids = index.get(value, ())
                    matched = self._regex_matches(column, value, doc) if has_regexes else ()
                    for anchor_id in matched:
                        matched_words.setdefault(anchor_id, []).append(value)
                    if anchor_ids or matched:
                        present.update(anchor_ids)
                        present.update(matched)
                        places[column][value] = order[starts[group] : ends[group]].tolist()
        candidates = list(self._unanchored)
        for anchor_id in present:
            for pattern_id in self._by_first_anchor.get(anchor_id, ()):
                if present >= self._patterns[pattern_id].required:
                    candidates.append(pattern_id)
        return Located(self, doc, present, (places, matched_words), sorted(candidates))

    def positions(
        self, anchor_id: int, words: tuple[list[dict[int, list[int]]], dict[int, list[int]]]
    ) -> list[int]:
        """Where an anchor occurs, ascending, given where the document's wanted words are (``locate``)."""
        places, matched_words = words
        column, hashes = self._words[anchor_id]
        found = places[column]
        # An anchor has a few words and a document a few hundred: look the anchor's words up.
        matching = hashes if hashes else matched_words.get(anchor_id, ())
        lists = [found[word] for word in matching if word in found]
        return lists[0] if len(lists) == 1 else sorted(itertools.chain.from_iterable(lists))

    def _named(self, column: int, distinct: numpy.ndarray) -> list[int]:
        """Indices of the words in ``distinct`` that some anchor of ``column`` names."""
        if self._key_arrays is None or len(self._key_arrays) != len(self._by_word):
            self._key_arrays = [numpy.array(sorted(index), dtype=numpy.uint64) for index in self._by_word]
        keys = self._key_arrays[column]
        if not len(keys):
            return []
        at = numpy.minimum(numpy.searchsorted(keys, distinct), len(keys) - 1)
        return numpy.flatnonzero(keys[at] == distinct).tolist()

    def _regex_matches(self, column: int, word: int, doc: Doc) -> tuple[int, ...]:
        """The regex anchors a word satisfies; remembered, as the same words recur in every draft."""
        hits = self._regex_hits.get((column, word))
        if hits is None:
            if len(self._regex_hits) > 200_000:  # bound the memory of a long run
                self._regex_hits.clear()
            text = doc.vocab.strings[word]
            hits = tuple(a for a, col, regex in self._regexes if col == column and regex.search(text))
            self._regex_hits[(column, word)] = hits
        return hits


class Located:
    """The anchors found in one document, and the patterns that have all theirs (``candidates``)."""

    def __init__(
        self,
        index: AnchorIndex,
        doc: Doc,
        present: set[int],
        words: tuple[list[dict[int, list[int]]], dict[int, list[int]]],
        candidates: list[int],
    ) -> None:
        self.candidates = candidates
        self.candidate_set = frozenset(candidates)
        self._spread: tuple[float, float] | None = None
        self._index = index
        self._patterns = index._patterns
        self._doc = doc
        self._present = present
        self._words = words
        self._found = _Positions(self)  # anchor id -> token positions, ascending; computed on demand
        self._sentences: list[Window] | None = None  # built on first use
        self._sentence_of: list[int] = []

    def spread(self) -> tuple[float, float]:
        """The lowest and highest valence of the document's words (see ``valence``), on first use."""
        if self._spread is None:
            self._spread = valence.spread(self._doc)
        return self._spread

    def windows(self, pattern_id: int) -> list[Window]:
        """Token ranges that hold every match of the pattern (none when it cannot match)."""
        pattern = self._patterns[pattern_id]
        length = len(self._doc)
        found = self._found
        if not length or not self._present >= pattern.required:
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


class _Positions(dict[int, list[int]]):
    """Anchor positions, merged from the wanted words' positions the first time an anchor is asked for."""

    def __init__(self, located: Located) -> None:
        super().__init__()
        self._located = located

    def __missing__(self, anchor_id: int) -> list[int]:
        positions = self._located._index.positions(anchor_id, self._located._words)
        self[anchor_id] = positions
        return positions


def _larger(first: int | None, second: int | None) -> int | None:
    return None if first is None or second is None else max(first, second)


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether the ascending ``positions`` hold one in ``[start, end)``."""
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end
