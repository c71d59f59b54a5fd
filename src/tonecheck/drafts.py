"""Turn a file's text into the messages to lint: what the sender wrote, mapped back to the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tonecheck.context import Context, read_front_matter
from tonecheck.placeholders import DEFAULT_PATTERN, find_placeholders
from tonecheck.prose import fenced_blocks, masks
from tonecheck.quoting import not_written_by_sender
from tonecheck.textmap import MappedText, TextBuilder, with_ascii_quotes


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

    @property
    def text(self) -> str:
        return self.mapped.text


def plain_message(
    path: str,
    text: str,
    start: int = 0,
    end: int | None = None,
    context: Context | None = None,
    placeholder_pattern: re.Pattern[str] = DEFAULT_PATTERN,
    extra_drops: list[tuple[int, int]] | None = None,
    extra_subs: list[tuple[int, int, str]] | None = None,
    name: str | None = None,
) -> Message:
    """A message from ``text[start:end]``: front matter read, quotes left out, placeholders masked."""
    end = len(text) if end is None else end
    ctx = context or Context()
    ignore: tuple[str, ...] = ()
    front = read_front_matter(text[start:end], path) if start == 0 else None
    drops: list[tuple[int, int]] = list(extra_drops or [])
    if front is not None:
        drops.append((start, start + front.end))
        ctx = front.context.overridden_by(ctx) if context else front.context
        ignore = front.ignore
        body_start = start + front.end
    else:
        body_start = start
    not_theirs = not_written_by_sender(text, body_start, end)
    drops.extend(not_theirs)
    drops.extend(fenced_blocks(text, body_start, end))
    quoted = "\n".join(text[s:e].lstrip(" \t>") for s, e in not_theirs)
    subs = list(extra_subs or [])
    for placeholder in find_placeholders(text, body_start, end, placeholder_pattern):
        if not any(s <= placeholder.start < e for s, e in drops):
            subs.append((placeholder.start, placeholder.end, placeholder.word))
    taken = drops + [(s, e) for s, e, _w in subs]
    subs.extend(masks(text, body_start, end, taken))
    mapped = assemble(text, start, end, drops, subs)
    return Message(path, mapped, ctx, ignore, name, quoted=quoted)


def assemble(
    text: str, start: int, end: int, drops: list[tuple[int, int]], subs: list[tuple[int, int, str]]
) -> MappedText:
    """Lintable text for ``text[start:end]`` with ``drops`` left out and ``subs`` put in place."""
    edits = sorted([(s, e, "") for s, e in drops] + list(subs), key=lambda edit: (edit[0], -edit[1]))
    builder = TextBuilder(text)
    position = start
    for edit_start, edit_end, replacement in edits:
        if edit_start < position:  # inside an earlier edit (a placeholder in a dropped range)
            continue
        builder.keep(position, edit_start)
        builder.substitute(edit_start, edit_end, replacement)
        position = edit_end
    builder.keep(position, end)
    return with_ascii_quotes(builder.build())
