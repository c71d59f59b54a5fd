"""Parts of a draft that are not prose: code, links and file paths.

They are masked before parsing, so a pasted stack trace or a URL neither breaks the parse nor trips a
rule (an SQL keyword in capitals is not shouting). Fenced code blocks are left out entirely; inline code,
URLs and paths are replaced by a stand-in word of the same sort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tonecheck.inputs.textmap import line_spans

_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"`[^`\n]{1,500}`")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"'`]{0,2000}[^\s<>()\"'`.,;:!?]")
_PATH = re.compile(r"(?<![\w/])(?:~|\.{1,2})?/[\w@/.-]{0,2000}[\w@/-]")

URL_STAND_IN = "example.com"
CODE_STAND_IN = "code"
PATH_STAND_IN = "file"


@dataclass(frozen=True)
class Fence:
    """A fenced code block: its opening line, its content and its closing line (None if unclosed)."""

    open: tuple[int, int]
    info: str
    content: tuple[int, int]
    close: tuple[int, int] | None


def parse_fences(text: str, start: int, end: int) -> list[Fence]:
    """Fenced blocks in ``text[start:end]``; an unclosed fence runs to the end, as in CommonMark."""
    fences: list[Fence] = []
    position = start
    opening: tuple[int, int, str, str] | None = None  # line start, line end, fence, info
    while position < end:
        line_end = text.find("\n", position, end)
        line_end = end if line_end == -1 else line_end
        match = _FENCE.match(text, position, line_end)
        if opening is None:
            if match:
                info = text[match.end() : line_end].strip().split(" ")[0].lower()
                opening = (position, line_end, match.group(1), info)
        elif (
            match
            and match.group(1)[0] == opening[2][0]
            and len(match.group(1)) >= len(opening[2])
            and not text[match.end() : line_end].strip()
        ):
            content = (min(opening[1] + 1, position), max(position - 1, opening[1] + 1))
            fences.append(Fence((opening[0], opening[1]), opening[3], content, (position, line_end)))
            opening = None
        position = line_end + 1
    if opening is not None:
        fences.append(Fence((opening[0], opening[1]), opening[3], (min(opening[1] + 1, end), end), None))
    return fences


def fenced_blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Every line of every fenced block, fences included, line breaks left out."""
    lines: list[tuple[int, int]] = []
    for fence in parse_fences(text, start, end):
        last = fence.close[1] if fence.close else end
        lines += [(s, e) for s, e in line_spans(text, fence.open[0], last) if e > s]
    return lines


def masks(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Substitutions for inline code, URLs and paths in ``text[start:end]`` outside ``skip`` ranges."""
    found: list[tuple[int, int, str]] = []
    for pattern, word in ((_INLINE_CODE, CODE_STAND_IN), (_URL, URL_STAND_IN), (_PATH, PATH_STAND_IN)):
        for match in pattern.finditer(text, start, end):
            if any(s <= match.start() < e for s, e in skip):
                continue
            if word == PATH_STAND_IN and match.group(0).count("/") < 2:
                continue  # "and/or", "/r/" fragments are words, not paths
            if any(s < match.end() and match.start() < e for s, e, _w in found):
                continue
            found.append((match.start(), match.end(), word))
    return found
