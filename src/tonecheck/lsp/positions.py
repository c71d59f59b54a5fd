"""Character offsets to LSP positions and back, in the code units the client and server agreed on.

Findings index the text as Python characters; the protocol counts lines split at \\n, \\r\\n or \\r only
(not at the other separators ``str.splitlines`` knows) and columns in UTF-16 code units unless the
client asked for UTF-8 or UTF-32. An offset past the end clamps to the end.
"""

from __future__ import annotations

import bisect
import re

from lsprotocol import types

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_UNIT_BYTES = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


class PositionMap:
    """Positions in one version of a document's text."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding if encoding in _UNIT_BYTES else "utf-16"
        self._starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]

    def _units(self, chars: str) -> int:
        if self.encoding == "utf-32" or chars.isascii():
            return len(chars)
        codec = "utf-16-le" if self.encoding == "utf-16" else "utf-8"
        return len(chars.encode(codec, "surrogatepass")) // _UNIT_BYTES[self.encoding]

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return types.Position(line=line, character=self._units(self.text[start:offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def line_start(self, line: int) -> int:
        """The offset where 0-based ``line`` starts (the end of the text past the last line)."""
        return self._starts[line] if 0 <= line < len(self._starts) else len(self.text)

    def offset(self, position: types.Position) -> int:
        """The character offset of ``position``; a column past the line's end stops at its end."""
        if position.line >= len(self._starts):
            return len(self.text)
        start = self._starts[position.line]
        end = self._starts[position.line + 1] if position.line + 1 < len(self._starts) else len(self.text)
        line = _LINE_BREAK.sub("", self.text[start:end])
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return start + index
            units += self._units(char)
        return start + len(line)
