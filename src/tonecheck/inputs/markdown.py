"""Markdown templates: the blocks of a file as a CommonMark parser sees them, and the syntax to leave out.

The block structure (headings, paragraphs, lists, block quotes, fenced and indented code, HTML blocks,
tables, thematic breaks) comes from markdown-it-py, whose line maps give each block's exact lines; a
hand-written reader gets setext headings, unclosed fences and HTML blocks wrong. Markup inside the text
that is linted (emphasis markers, link targets, list and quote markers, comments, Liquid and Jinja tags)
is left out, so it is neither flagged nor allowed to shift positions.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass

from tonecheck.inputs.textmap import line_spans

_LIST_MARKER = re.compile(r"[ \t]{0,8}(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_QUOTE_MARKER = re.compile(r"[ \t]{0,3}(?:>[ \t]?)+")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Only HTML's own tag names: "<Interviewer>" is a placeholder, not a tag.
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|br|blockquote|center|code|del|details|div|em|font|h[1-6]|hr|i|img|ins|li|mark|ol|p|pre"
    r"|s|section|article|small|span|strong|sub|summary|sup|table|tbody|td|th|thead|tr|u|ul)"
    r"(?:\s[^<>\n]{0,500})?/?>",
    re.IGNORECASE,
)
_TEMPLATE_TAG = re.compile(r"\{%-?.{0,500}?-?%\}|\{#.{0,500}?#\}")  # Liquid and Jinja tags, comments
_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{1,500})\]\(([^)\n]{0,2000})\)")
_REF_LINK = re.compile(r"\[([^\]\n]{1,500})\]\[[^\]\n]{0,200}\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)([^\n]{1,2000}?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
TEMPLATE_FENCES = {"", "text", "txt", "email", "plain", "plaintext", "eml"}


@dataclass(frozen=True)
class Block:
    """A block of the file: ``kind`` is markdown-it's name for it ("paragraph", "fence", "heading"...).

    ``first``/``last`` are 0-based line numbers of the file (last inclusive, trailing blank lines left
    out); ``start``/``end`` the offsets of those lines. A fence's ``content`` is its inner lines.
    """

    kind: str
    first: int
    last: int
    start: int
    end: int
    level: int = 0  # a heading's level
    nested: bool = False  # inside a list or block quote (only fences are listed from there)
    info: str = ""  # a fence's language
    title: str = ""  # a heading's text
    content: tuple[int, int] | None = None


@dataclass(frozen=True)
class Region:
    """A part of a file and what it is: a message to lint, or something that is not one (and why)."""

    start: int
    end: int
    name: str | None
    kind: str = "message"  # what the part is: "fenced block", "tips list", "front matter"...
    message: bool = True


@functools.lru_cache(maxsize=1)
def _parser():  # -> MarkdownIt
    # Imported here: a run over .txt drafts, or answered from the cache, never needs the parser.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


class Lines:
    """Offsets of the lines of ``text`` (split at "\\n", as markdown-it's line maps count them)."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.spans = line_spans(text, start, end) or [(start, start)]
        self.first_line = text.count("\n", 0, start)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets of file lines ``first``..``last`` (inclusive), the last line break left out."""
        base = self.first_line
        return self.spans[first - base][0], self.spans[last - base][1]

    def line(self, number: int) -> str:
        start, end = self.spans[number - self.first_line]
        return self.text[start:end]

    def trimmed(self, first: int, last: int) -> tuple[int, int] | None:
        """``first``..``last`` without blank lines at either end; None when all are blank."""
        while first <= last and not self.line(first).strip():
            first += 1
        while last >= first and not self.line(last).strip():
            last -= 1
        return (first, last) if first <= last else None


def blocks(text: str, start: int, end: int) -> list[Block]:
    """The blocks of ``text[start:end]`` (which starts at a line start), top-level ones and nested fences.

    Every top-level block is listed; fences inside lists or quotes are listed too (after the block that
    holds them), since templates are often fenced inside a numbered list of steps.
    """
    lines = Lines(text, start, end)
    # A lone "\r" would be a line break to markdown-it but not to the line table: make it a space.
    source = text[start:end].replace("\r\n", "\n").replace("\r", " ")
    found: list[Block] = []
    tokens = _parser().parse(source)
    for index, token in enumerate(tokens):
        if token.map is None or token.nesting == -1:
            continue
        if token.level > 0 and token.type != "fence":
            continue
        kind = token.type.removesuffix("_open")
        first = token.map[0] + lines.first_line
        last = token.map[1] - 1 + lines.first_line
        kept = lines.trimmed(first, min(last, lines.first_line + len(lines.spans) - 1))
        if kept is None:
            continue
        first, last = kept
        block_start, block_end = lines.span(first, last)
        if kind == "heading":
            title = tokens[index + 1].content.strip() if index + 1 < len(tokens) else ""
            found.append(Block(kind, first, last, block_start, block_end, int(token.tag[1:]), title=title))
        elif kind == "fence":
            content = _fence_content(lines, first, last, token.markup)
            info = token.info.strip().split(" ")[0].lower()
            nested = token.level > 0
            found.append(
                Block(kind, first, last, block_start, block_end, info=info, content=content, nested=nested)
            )
        else:
            found.append(Block(kind, first, last, block_start, block_end))
    return found


def _fence_content(lines: Lines, first: int, last: int, markup: str) -> tuple[int, int]:
    """Offsets of a fence's inner lines (empty at the line after the opening when there are none)."""
    closing = lines.line(last).strip()
    closed = last > first and closing.startswith(markup) and not closing.strip(markup[0])
    inner_last = last - 1 if closed else last
    if inner_last <= first:
        position = lines.span(first, first)[1]
        return position, position
    return lines.span(first + 1, inner_last)


def syntax_edits(
    text: str, start: int, end: int, mode: str = "markdown"
) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """(drops, substitutions) that strip markup from ``text[start:end]``, positions kept.

    ``mode`` says what the range is: "markdown" prose (headings, thematic breaks, fences, tables and
    HTML blocks inside it are dropped whole: guidance or markup, not what the sender writes), "quote"
    (the same, block-quote markers dropped too: a template shown as a quotation), "html" (an HTML
    block: its tags dropped) or "literal" (a fenced block: only template-engine tags dropped).
    """
    drops: list[tuple[int, int]] = []
    subs: list[tuple[int, int, str]] = []
    for match in _TEMPLATE_TAG.finditer(text, start, end):
        drops.append(match.span())
    if mode == "literal":
        return _disjoint(drops), subs
    for match in _COMMENT.finditer(text, start, end):
        drops.append(match.span())
    for match in _HTML_TAG.finditer(text, start, end):
        drops.append(match.span())
    if mode == "html":
        return _disjoint(drops), subs
    # The range is parsed on its own (offsets shifted back), so a file of many templates is not
    # counted from its first line once per template.
    base = _line_start(text, start)
    for block in blocks(text[base:end], 0, end - base):
        if block.kind in ("heading", "hr", "table", "html_block", "fence", "code_block"):
            drops.extend(line_spans(text, max(block.start + base, start), min(block.end + base, end)))
    for line_start, line_end in line_spans(text, start, end):
        line = text[line_start:line_end]
        position = line_start
        if mode == "quote":
            marker = _QUOTE_MARKER.match(line)
            if marker:
                drops.append((line_start, line_start + marker.end()))
                position = line_start + marker.end()
        marker = _LIST_MARKER.match(text, position, line_end)
        if marker and marker.end() < line_end:
            drops.append((position, marker.end()))
    for match in _IMAGE.finditer(text, start, end):
        drops.append(match.span())
    for match in _LINK.finditer(text, start, end):
        drops.append((match.start(), match.start() + 1))
        drops.append((match.start(2) - 2, match.end()))
    for match in _REF_LINK.finditer(text, start, end):
        drops.append((match.start(), match.start() + 1))
        drops.append((match.end(1), match.end()))
    for match in _EMPHASIS.finditer(text, start, end):
        marker_length = len(match.group(1))
        if match.group(1) in ("_", "__") and _inside_word(text, match.start(), match.end()):
            continue
        drops.append((match.start(), match.start() + marker_length))
        drops.append((match.end() - marker_length, match.end()))
    for match in _ESCAPE.finditer(text, start, end):
        drops.append((match.start(), match.start() + 1))
    return _disjoint(drops), subs


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


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


class Headings:
    """The headings of a file, to name the template at a position after its heading."""

    def __init__(self, found: list[Block]) -> None:
        headings = [block for block in found if block.kind == "heading"]
        self._starts = [block.start for block in headings]
        self._titles = [block.title for block in headings]

    def before(self, position: int) -> str | None:
        """The title of the last heading that starts before ``position``."""
        index = bisect.bisect_left(self._starts, position)
        return self._titles[index - 1] if index else None


def layout_regions(text: str, start: int, end: int, layout: str) -> list[Region]:
    """The templates of a file read with a layout set in the configuration ("file", "headings", "fenced").

    These are the overrides of `template-layouts`; without one, the message finder decides.
    """
    found = blocks(text, start, end)
    if layout == "fenced":
        return fenced_templates(text, found)
    if layout == "headings":
        sections = _heading_sections(found, end)
        if sections:
            return sections
    return [Region(start, end, None, "whole file")]


def fenced_templates(text: str, found: list[Block]) -> list[Region]:
    """Every fenced `text` (or untagged) block with something in it."""
    regions = []
    titles = Headings(found)
    for block in found:
        if block.kind != "fence" or block.info not in TEMPLATE_FENCES or block.content is None:
            continue
        content_start, content_end = block.content
        if not text[content_start:content_end].strip():
            continue
        name = titles.before(block.start) or f"template at line {block.first + 1}"
        regions.append(Region(content_start, content_end, name, "fenced block"))
    return regions


def _heading_sections(found: list[Block], end: int) -> list[Region]:
    """Each section under the most frequent-enough (two or more) top heading level, a template."""
    headings = [block for block in found if block.kind == "heading" and block.level > 0]
    counts = Counter(block.level for block in headings)
    levels = sorted(level for level, count in counts.items() if count >= 2) or sorted(counts)
    if not levels:
        return []
    level = levels[0]
    regions = []
    for position, heading in enumerate(headings):
        if heading.level != level:
            continue
        section_end = end
        for later in headings[position + 1 :]:
            if later.level <= level:
                section_end = later.start
                break
        inside = [b for b in found if heading.end < b.start < section_end and b.kind != "heading"]
        if inside:
            section = Region(inside[0].start, max(b.end for b in inside), heading.title, "heading section")
            regions.append(section)
    return regions
