"""Fast lookups among many character spans: which lie inside, contain or overlap a given span.

Long drafts produce thousands of findings, anchors and placeholders; comparing every pair would be
quadratic. Spans are kept sorted by start, and a lookup only visits spans that can qualify.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

# Two line breaks with nothing but other whitespace between them: "\n\n", "\r\n\r\n" or "\n  \n". The
# resolver (no hit runs over one) and paragraphs (fixes, sentence bounds) both use this.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def holds_blank_line(text: str) -> bool:
    return _BLANK_LINE.search(text) is not None


def paragraph_around(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The paragraph holding ``text[start:end]``: from just after the last blank line ending at or
    before ``start`` to the first blank line beginning at or after ``end``."""
    paragraph_start = 0
    for match in _BLANK_LINE.finditer(text, 0, start):
        paragraph_start = match.end()
    after = _BLANK_LINE.search(text, start if end is None else end)
    return paragraph_start, (len(text) if after is None else after.start())


class SpanIndex:
    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _end in self.spans]
        self.longest = max((end - start for start, end in self.spans), default=0)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def first_within(self, start: int, end: int) -> tuple[int, int] | None:
        """The earliest span that lies inside [start, end)."""
        index = bisect.bisect_left(self.starts, start)
        while index < len(self.spans) and self.spans[index][0] < end:
            if self.spans[index][1] <= end:
                return self.spans[index]
            index += 1
        return None

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans that share at least one character with [start, end)."""
        index = bisect.bisect_left(self.starts, start - self.longest)
        found = []
        while index < len(self.spans) and self.spans[index][0] < end:
            if self.spans[index][1] > start:
                found.append(self.spans[index])
            index += 1
        return found

    def contains(self, start: int, end: int) -> bool:
        """True when one span covers all of [start, end)."""
        return any(s <= start and end <= e for s, e in self.overlapping(start, end))
