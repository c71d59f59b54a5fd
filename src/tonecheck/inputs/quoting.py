"""Parts of a message the sender did not write: quoted replies, forwarded messages and the signature.

They are never linted. Each function returns (start, end) ranges of the text to leave out.
"""

from __future__ import annotations

import re

from tonecheck.inputs.textmap import line_spans

_QUOTED_LINE = re.compile(r"^[ \t]*>")
_ATTRIBUTION = re.compile(r"^[ \t]*On\b.{0,300}\bwrote:[ \t]*\r?$", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^[ \t]*On\b.{0,200}$", re.IGNORECASE)
_WROTE_END = re.compile(r"^.{0,200}\bwrote:[ \t]*\r?$", re.IGNORECASE)
# What an email client's attribution carries and a sentence does not: a clock time or an address.
_CLIENT_MARK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|<[^<>\s]+@[^<>\s]+>|\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_FORWARD_MARKERS = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}|Begin forwarded message:)",
    re.IGNORECASE,
)
_HEADER_FROM = re.compile(r"^[ \t]*\**From:\**[ \t]", re.IGNORECASE)
_HEADER_NEXT = re.compile(r"^[ \t]*\**(?:Sent|Date|To|Subject|Cc):\**[ \t]", re.IGNORECASE)
_SIGNATURE_DELIMITER = re.compile(r"^-- ?\r?$")


def not_written_by_sender(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Ranges in ``text[start:end]`` that are quoted, forwarded or signature; line breaks stay outside."""
    lines = line_spans(text, start, end)
    excluded: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        line_start, line_end = lines[index]
        line = text[line_start:line_end]
        attribution = _ATTRIBUTION.match(line) is not None
        quoted_below = attribution and _quote_follows(text, lines, index + 1)
        if (
            _SIGNATURE_DELIMITER.match(line)
            or _FORWARD_MARKERS.match(line)
            or _starts_header_block(text, lines, index)
            or (attribution and not quoted_below and _starts_unmarked_quote(line, index))
        ):
            excluded.append((line_start, end))
            break
        if _QUOTED_LINE.match(line) or quoted_below:
            excluded.append((line_start, line_end))
        elif (
            _ATTRIBUTION_START.match(line)
            and index + 1 < len(lines)
            and _WROTE_END.match(text[lines[index + 1][0] : lines[index + 1][1]])
            and _quote_follows(text, lines, index + 2)
        ):
            excluded.append((line_start, lines[index + 1][1]))
            index += 1
        index += 1
    return _without_line_breaks(text, excluded)


def _quote_follows(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    """A quoted line comes next, perhaps after blank lines; or nothing comes at all."""
    while index < len(lines):
        line = text[lines[index][0] : lines[index][1]]
        if line.strip():
            return bool(_QUOTED_LINE.match(line))
        index += 1
    return True


def _starts_unmarked_quote(attribution_line: str, index: int) -> bool:
    """Whether an attribution line with no quoted lines below it is a client's "On <date>, <name>
    <address> wrote:" over the earlier message unmarked: pasted from a web mail page, the ">" marks are
    gone, and without this the employer's thanks and rejection would be read as the sender's. A plain
    "On Monday you wrote:" in a sentence carries no clock time or address, and keeps needing quoted lines
    after it."""
    return index > 0 and _CLIENT_MARK.search(attribution_line) is not None


def _starts_header_block(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    """An Outlook-style 'From: ... Sent: ... To: ...' block that introduces an earlier message."""
    if index == 0 or not _HEADER_FROM.match(text[lines[index][0] : lines[index][1]]):
        return False
    following = [text[s:e] for s, e in lines[index + 1 : index + 4]]
    return sum(1 for line in following if _HEADER_NEXT.match(line)) >= 2


def _without_line_breaks(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split ranges at line breaks so the kept line breaks still separate what surrounds them."""
    return [(s, e) for start, end in ranges for s, e in line_spans(text, start, end) if e > s]
