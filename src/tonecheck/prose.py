"""Parts of a draft that are not prose: code, links and file paths.

They are masked before parsing, so a pasted stack trace or a URL neither breaks the parse nor trips a
rule (an SQL keyword in capitals is not shouting). Fenced code blocks are left out entirely; inline code,
URLs and paths are replaced by a stand-in word of the same sort.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"`[^`\n]{1,500}`")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"'`]{0,2000}[^\s<>()\"'`.,;:!?]")
_PATH = re.compile(
    r"(?<![\w/])(?:~|\.{1,2})?/(?:[\w.@-]{1,255}/){1,64}(?:[\w@-]{1,255}(?:\.[\w@-]{1,64}){0,8})?"
)

URL_STAND_IN = "example.com"
CODE_STAND_IN = "code"
PATH_STAND_IN = "file"


def fenced_blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every line inside fenced code blocks, fences included, line breaks left out.

    An unclosed fence runs to the end, as in CommonMark.
    """
    lines: list[tuple[int, int]] = []
    position = start
    fence: str | None = None
    while position < end:
        line_end = text.find("\n", position, end)
        line_end = end if line_end == -1 else line_end
        match = _FENCE.match(text, position, line_end)
        if fence is None:
            if match:
                fence = match.group(1)
                lines.append((position, line_end))
        else:
            lines.append((position, line_end))
            closes = match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
            if closes and not text[match.end() : line_end].strip():
                fence = None
        position = line_end + 1
    return [(s, e) for s, e in lines if e > s]


def masks(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Substitutions for inline code, URLs and paths in ``text[start:end]`` outside ``skip`` ranges."""
    found: list[tuple[int, int, str]] = []
    for pattern, word in ((_INLINE_CODE, CODE_STAND_IN), (_URL, URL_STAND_IN), (_PATH, PATH_STAND_IN)):
        for match in pattern.finditer(text, start, end):
            if any(s <= match.start() < e for s, e in skip):
                continue
            if any(s < match.end() and match.start() < e for s, e, _w in found):
                continue
            found.append((match.start(), match.end(), word))
    return found
