"""Markdown templates: the syntax to leave out, and where each template in a file begins and ends.

Markup (heading lines, emphasis markers, link targets, list markers, comments) is left out of the text
the pipeline reads, so it is neither flagged nor allowed to shift positions. A file may hold one
template, one template per heading section, or templates in fenced `text` blocks with guidance around.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tonecheck.inputs.prose import fenced_blocks, parse_fences
from tonecheck.inputs.textmap import line_spans

_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*\r?$")
_SETEXT = re.compile(r"[ ]{0,3}(=+|-+)[ \t]*\r?$")
_RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*\r?$")
_LIST_MARKER = re.compile(r"[ \t]{0,8}(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{1,500})\]\(([^)\n]{0,2000})\)")
_REF_LINK = re.compile(r"\[([^\]\n]{1,500})\]\[[^\]\n]{0,200}\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)([^\n]{1,2000}?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
TEMPLATE_FENCES = {"", "text", "txt", "email", "plain", "plaintext", "eml"}


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    name: str | None


def syntax_edits(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """(drops, substitutions) that strip Markdown syntax from ``text[start:end]``, positions kept."""
    drops: list[tuple[int, int]] = []
    subs: list[tuple[int, int, str]] = []
    for match in _COMMENT.finditer(text, start, end):
        drops.append(match.span())
    for line_start, line_end in line_spans(text, start, end):
        line = text[line_start:line_end]
        if _HEADING.match(line) or _RULE.match(line) or (_SETEXT.match(line) and line.strip()):
            drops.append((line_start, line_end))
            continue
        marker = _LIST_MARKER.match(line)
        if marker and marker.end() < len(line):
            drops.append((line_start, line_start + marker.end()))
    for match in _IMAGE.finditer(text, start, end):
        drops.append(match.span())
    for match in _LINK.finditer(text, start, end):
        drops.append((match.start(), match.start() + 1))
        drops.append((match.start(2) - 2, match.end()))
    for match in _REF_LINK.finditer(text, start, end):
        drops.append((match.start(), match.start() + 1))
        drops.append((match.end(1), match.end()))
    for match in _EMPHASIS.finditer(text, start, end):
        marker = len(match.group(1))
        if match.group(1) in ("_", "__") and _inside_word(text, match.start(), match.end()):
            continue
        drops.append((match.start(), match.start() + marker))
        drops.append((match.end() - marker, match.end()))
    for match in _ESCAPE.finditer(text, start, end):
        drops.append((match.start(), match.start() + 1))
    return _disjoint(drops), subs


def _inside_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or after.isalnum()


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlaps removed (the earlier, longer span wins)."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if end <= start:
            continue
        if result and start < result[-1][1]:
            continue
        result.append((start, end))
    return result


def headings(text: str, start: int, end: int) -> list[tuple[int, int, int, str]]:
    """(line start, line end, level, title) of ATX headings outside fenced code."""
    fences = fenced_blocks(text, start, end)
    found = []
    for line_start, line_end in line_spans(text, start, end):
        if any(s <= line_start < e for s, e in fences):
            continue
        match = _HEADING.match(text, line_start, line_end)
        if match:
            found.append((line_start, line_end, len(match.group(1)), match.group(2).strip()))
    return found


def template_regions(text: str, start: int, end: int, layout: str) -> tuple[str, list[Region]]:
    """The layout used ("file", "headings" or "fenced") and the templates it finds."""
    if layout in ("auto", "fenced"):
        fenced = _fenced_templates(text, start, end)
        if fenced or layout == "fenced":
            return "fenced", fenced
    if layout in ("auto", "headings"):
        sections = _heading_sections(text, start, end)
        if len(sections) >= 2 or (layout == "headings" and sections):
            return "headings", sections
    return "file", [Region(start, end, None)]


def _fenced_templates(text: str, start: int, end: int) -> list[Region]:
    regions = []
    titles = headings(text, start, end)
    for fence in parse_fences(text, start, end):
        content_start, content_end = fence.content
        if fence.info not in TEMPLATE_FENCES or not text[content_start:content_end].strip():
            continue
        title = next((t for s, _e, _l, t in reversed(titles) if s < fence.open[0]), None)
        name = title or f"template at line {text.count(chr(10), 0, fence.open[0]) + 1}"
        regions.append(Region(content_start, content_end, name))
    return regions


def _heading_sections(text: str, start: int, end: int) -> list[Region]:
    found = headings(text, start, end)
    counts = Counter(level for _s, _e, level, _t in found)
    levels = sorted(level for level, count in counts.items() if count >= 2)
    if not levels:
        return []
    level = levels[0]
    regions = []
    for position, (_line_start, line_end, this_level, title) in enumerate(found):
        if this_level != level:
            continue
        section_end = end
        for later_start, _e, later_level, _t in found[position + 1 :]:
            if later_level <= level:
                section_end = later_start
                break
        content_start = min(line_end + 1, section_end)
        if text[content_start:section_end].strip():
            regions.append(Region(content_start, section_end, title))
    return regions
