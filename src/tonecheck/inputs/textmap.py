"""Text that the pipeline reads, mapped back to the characters of the file it came from.

Readers drop what must not be linted (front matter, quoted replies, Markdown syntax) and mask template
placeholders with plain words. Each piece of the lintable text remembers which span of the original it
stands for, so every finding can be reported at its exact place in the file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from tonecheck.spans import SpanIndex


@dataclass(frozen=True)
class Piece:
    start: int  # offset in the lintable text
    length: int
    orig_start: int
    orig_end: int
    verbatim: bool  # the piece is a copy of original[orig_start:orig_end]


class TextBuilder:
    """Assemble lintable text from copied spans and substitutions of the original."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._parts: list[str] = []
        self._pieces: list[Piece] = []
        self._length = 0

    def keep(self, start: int, end: int) -> None:
        """Copy ``original[start:end]`` unchanged."""
        if end <= start:
            return
        self._append(self.original[start:end], start, end, verbatim=True)

    def substitute(self, start: int, end: int, replacement: str) -> None:
        """Stand ``replacement`` in for ``original[start:end]`` (an empty replacement drops the span)."""
        self._append(replacement, start, end, verbatim=False)

    def _append(self, text: str, orig_start: int, orig_end: int, verbatim: bool) -> None:
        if not text:
            return
        self._parts.append(text)
        self._pieces.append(Piece(self._length, len(text), orig_start, orig_end, verbatim))
        self._length += len(text)

    def build(self) -> MappedText:
        return MappedText(self.original, "".join(self._parts), tuple(self._pieces))


class MappedText:
    """Lintable ``text`` plus the map from its offsets to offsets in ``original``."""

    def __init__(self, original: str, text: str, pieces: tuple[Piece, ...]) -> None:
        self.original = original
        self.text = text
        self.pieces = pieces
        self._starts = [piece.start for piece in pieces]
        self._protected: SpanIndex | None = None

    @classmethod
    def identity(cls, original: str) -> MappedText:
        builder = TextBuilder(original)
        builder.keep(0, len(original))
        return builder.build()

    def _piece_at(self, offset: int) -> Piece:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.pieces[max(index, 0)]

    def original_start(self, offset: int) -> int:
        """Where the character at lintable ``offset`` begins in the original."""
        if not self.pieces:
            return 0
        piece = self._piece_at(offset)
        if piece.verbatim:
            return piece.orig_start + min(offset - piece.start, piece.length)
        return piece.orig_start

    def original_end(self, offset: int) -> int:
        """Where a span of lintable text ending (exclusively) at ``offset`` ends in the original."""
        if not self.pieces:
            return 0
        piece = self._piece_at(max(offset - 1, 0))
        if piece.verbatim:
            return piece.orig_start + min(offset - piece.start, piece.length)
        return piece.orig_end

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            point = self.original_start(start) if start < len(self.text) else self.original_end(start)
            return point, point
        return self.original_start(start), self.original_end(end)

    def substituted_spans(self) -> list[tuple[int, int, int, int]]:
        """(start, end, orig_start, orig_end) for every non-verbatim piece."""
        return [
            (p.start, p.start + p.length, p.orig_start, p.orig_end) for p in self.pieces if not p.verbatim
        ]

    def protected(self) -> SpanIndex:
        """Spans of the original that were replaced (placeholders, code): never rewritten."""
        if self._protected is None:
            self._protected = SpanIndex((s, e) for _ds, _de, s, e in self.substituted_spans() if e > s)
        return self._protected


class LineIndex:
    """1-based line and column numbers for offsets in a text; lines end at ``\\n``."""

    def __init__(self, text: str) -> None:
        self._line_starts = [0]
        position = text.find("\n")
        while position != -1:
            self._line_starts.append(position + 1)
            position = text.find("\n", position + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        return self._line_starts[line - 1]


# Typographic quotes become ASCII ones before parsing: the tokenizer's exceptions ("you'd", "haven't")
# and the rule phrases are written with ASCII apostrophes. One character for one, so offsets hold.
_ASCII_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u02bc": "'"})


def with_ascii_quotes(mapped: MappedText) -> MappedText:
    return MappedText(mapped.original, mapped.text.translate(_ASCII_QUOTES), mapped.pieces)


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text[start:end]``, line breaks left out."""
    spans = []
    position = start
    while position < end:
        line_end = text.find("\n", position, end)
        line_end = end if line_end == -1 else line_end
        spans.append((position, line_end))
        position = line_end + 1
    return spans
