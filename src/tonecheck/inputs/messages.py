"""Turn a file's text into the messages to lint: what the sender wrote, mapped back to the file.

A plain draft is one message. A Markdown file may hold several templates, each its own message. An
email file's subject and body are one message. Everything not written by the sender (front matter,
quoted replies, signatures, Markdown syntax, code) is left out, and placeholders are masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from tonecheck.inputs.context import Context, FrontMatter, check_dates, read_front_matter
from tonecheck.inputs.emails import read_email
from tonecheck.inputs.markdown import Region, layout_regions, syntax_edits
from tonecheck.inputs.placeholders import DEFAULT_PATTERN, find_placeholders
from tonecheck.inputs.prose import fenced_blocks, masks
from tonecheck.inputs.quoting import not_written_by_sender
from tonecheck.inputs.regions import find_regions
from tonecheck.inputs.textmap import MappedText, TextBuilder, with_ascii_quotes

MARKDOWN_SUFFIXES = (".md", ".markdown")
EMAIL_SUFFIXES = (".eml",)


@dataclass(frozen=True)
class Message:
    """One message to lint: a whole draft, or one template of a file that holds several."""

    path: str
    mapped: MappedText
    context: Context = field(default_factory=Context)
    ignore: tuple[str, ...] = ()  # rule ids or categories silenced by the front matter
    name: str | None = None  # the template's heading, in a file of several templates
    offsets: str = "original"  # "decoded" when the file's bytes were encoded (base64, HTML)
    # Text the sender quoted (never linted): it still tells what kind of message this is, e.g. a reply
    # that quotes a rejection is a rejection reply.
    quoted: str = ""
    # Where the body starts in the lintable text: after the subject line, if the draft has one.
    body_offset: int = 0

    @property
    def text(self) -> str:
        return self.mapped.text


@dataclass(frozen=True)
class ReadOptions:
    """How to read drafts: the placeholder syntaxes and the Markdown template layout."""

    placeholder_pattern: re.Pattern[str] = DEFAULT_PATTERN
    layout: str = "auto"


def messages_for(
    path: str,
    text: str,
    context: Context | None = None,
    options: ReadOptions | None = None,
    data: bytes | None = None,
) -> list[Message]:
    """The messages a file holds. ``context`` (from the command line) overrides the file's own."""
    options = options or ReadOptions()
    override = context or Context()
    suffix = PurePath(path).suffix.lower()
    if suffix in EMAIL_SUFFIXES:
        return [_email_message(path, text, override, options, data)]
    front = read_front_matter(text, path)
    body_start = front.end if front else 0
    file_context = front.context.overridden_by(override) if front else override
    check_dates(file_context, path)  # the front matter's dates with the command line's
    ignore = front.ignore if front else ()
    if suffix not in MARKDOWN_SUFFIXES:
        subject, body_start = _subject_line(text, body_start)
        prefix = [subject] if subject else []
        return [
            build_message(
                path, text, body_start, len(text), file_context, ignore, options, prefix_pieces=prefix
            )
        ]
    toml_end, draft = _site_page(text, front)
    messages = []
    for region in markdown_regions(text, toml_end or body_start, options.layout, draft):
        if region.message:
            messages.append(_template_message(path, text, region, file_context, ignore, options))
    return messages


# How the text of each kind of Markdown region is read: see markdown.syntax_edits.
_MODES = {"fenced block": "literal", "block quote": "quote", "HTML block": "html"}


def markdown_regions(text: str, start: int, layout: str, draft: bool = True) -> list[Region]:
    """The parts of a Markdown file from ``start``: found by the message finder, or laid out as the
    configuration's `template-layouts` says. ``draft``: a file of plain paragraphs may be one draft."""
    if layout == "auto":
        return find_regions(text, start, len(text), allow_draft=draft)
    return layout_regions(text, start, len(text), layout)


def _template_message(
    path: str, text: str, region: Region, context: Context, ignore: tuple[str, ...], options: ReadOptions
) -> Message:
    mode = _MODES.get(region.kind, "markdown")
    drops, subs = syntax_edits(text, region.start, region.end, mode)
    subject, body_start = _subject_line(text, region.start)
    if mode == "quote" or body_start >= region.end:
        subject, body_start = None, region.start
    return build_message(
        path,
        text,
        body_start,
        region.end,
        context,
        ignore,
        options,
        drops,
        subs,
        region.name,
        prefix_pieces=[subject] if subject else [],
        quotes_are_replies=mode != "quote",
    )


def file_regions(path: str, text: str, options: ReadOptions | None = None) -> list[Region]:
    """Every part of a file and whether it is linted as a message (for `check --show-messages`)."""
    options = options or ReadOptions()
    suffix = PurePath(path).suffix.lower()
    if suffix in EMAIL_SUFFIXES:
        return [Region(0, len(text), None, "email: its subject and the sender's own text")]
    front = read_front_matter(text, path)
    regions = []
    if front is not None:
        what = "front matter" if front.ours else "front matter (not tonecheck's)"
        regions.append(Region(0, front.end, None, what, message=False))
    body_start = front.end if front else 0
    if suffix not in MARKDOWN_SUFFIXES:
        return [*regions, Region(body_start, len(text), None, "whole file")]
    toml_end, draft = _site_page(text, front)
    if toml_end is not None:
        regions.append(Region(0, toml_end, None, "front matter (TOML, not tonecheck's)", message=False))
    return regions + markdown_regions(text, toml_end or body_start, options.layout, draft)


_TOML_OPEN = re.compile(r"\+\+\+[ \t]*\r?\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE)


def _site_page(text: str, front: FrontMatter | None) -> tuple[int | None, bool]:
    """Where Hugo's TOML front matter (between '+++' lines, never ours) ends, if the file has one; and
    whether the file may be a draft of plain paragraphs (not when front matter makes it a site's page)."""
    if front is not None:
        return None, front.ours
    opening = _TOML_OPEN.match(text)
    closing = _TOML_CLOSE.search(text, opening.end()) if opening else None
    if closing is None:
        return None, True
    return min(closing.end() + 1, len(text)), False


def plain_message(path: str, text: str, context: Context | None = None) -> Message:
    """A message from a whole draft given as text (front matter read, quotes left out)."""
    return messages_for(path, text, context, ReadOptions(layout="file"))[0]


def build_message(
    path: str,
    text: str,
    start: int,
    end: int,
    context: Context,
    ignore: tuple[str, ...],
    options: ReadOptions,
    extra_drops: list[tuple[int, int]] | None = None,
    extra_subs: list[tuple[int, int, str]] | None = None,
    name: str | None = None,
    offsets: str = "original",
    prefix_pieces: list[tuple[int, int]] | None = None,
    quotes_are_replies: bool = True,
) -> Message:
    """A message from ``text[start:end]``: quotes and code left out, placeholders masked.

    ``quotes_are_replies`` is False for a Markdown block quote that holds a template: its "> " markers
    are markup (in ``extra_drops``), not a quoted reply.
    """
    not_theirs = not_written_by_sender(text, start, end) if quotes_are_replies else []
    drops = [*(extra_drops or []), *not_theirs, *fenced_blocks(text, start, end)]
    subs = list(extra_subs or [])
    for placeholder in find_placeholders(text, start, end, options.placeholder_pattern):
        if not any(s <= placeholder.start < e for s, e in drops):
            subs.append((placeholder.start, placeholder.end, placeholder.word))
    taken = drops + [(s, e) for s, e, _w in subs]
    subs.extend(masks(text, start, end, taken))
    quoted = "\n".join(text[s:e].lstrip(" \t>") for s, e in not_theirs)
    prefix_pieces = prefix_pieces or []
    mapped = assemble(text, start, end, drops, subs, prefix_pieces)
    body_offset = sum(e - s + 2 for s, e in prefix_pieces)
    return Message(path, mapped, context, ignore, name, offsets, quoted, body_offset)


def assemble(
    text: str,
    start: int,
    end: int,
    drops: list[tuple[int, int]],
    subs: list[tuple[int, int, str]],
    prefix_pieces: list[tuple[int, int]],
) -> MappedText:
    """Lintable text for ``text[start:end]`` with ``drops`` left out and ``subs`` put in place.

    ``prefix_pieces`` are spans of ``text`` copied before it, each followed by a blank line (an email's
    subject before its body).
    """
    edits = sorted([(s, e, "") for s, e in drops] + list(subs), key=lambda edit: (edit[0], -edit[1]))
    builder = TextBuilder(text)
    for piece_start, piece_end in prefix_pieces:
        builder.keep(piece_start, piece_end)
        builder.substitute(piece_end, piece_end, "\n\n")
    position = start
    for edit_start, edit_end, replacement in edits:
        if edit_start < position:  # inside an earlier edit (a placeholder in a dropped range)
            continue
        builder.keep(position, edit_start)
        builder.substitute(edit_start, edit_end, replacement)
        position = edit_end
    builder.keep(position, end)
    return with_ascii_quotes(builder.build())


# "Subject: ..." (in Markdown often "**Subject:** ...").
_SUBJECT = re.compile(r"[ \t]*(?:\*\*|__)?subject:(?:\*\*|__)?[ \t]*(\S[^\r\n]*?)[ \t]*\r?$", re.IGNORECASE)


def _subject_line(text: str, start: int) -> tuple[tuple[int, int] | None, int]:
    """A "Subject: ..." first line of a plain draft: the subject's span, and where the body starts."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    match = _SUBJECT.match(text, start, line_end)
    if not match:
        return None, start
    return (match.start(1), match.end(1)), min(line_end + 1, len(text))


def _email_message(
    path: str, text: str, override: Context, options: ReadOptions, data: bytes | None
) -> Message:
    parts = read_email(data if data is not None else text.encode("utf-8"), text, path)
    # An email says for itself what is attached: its attachment parts, possibly none.
    context = Context(send_date=parts.sent, attachments=parts.attachments).overridden_by(override)
    check_dates(context, path)
    prefix = [parts.subject] if parts.subject else []
    return build_message(
        path,
        parts.text,
        parts.body[0],
        parts.body[1],
        context,
        (),
        options,
        offsets="decoded" if parts.decoded else "original",
        prefix_pieces=prefix,
    )
