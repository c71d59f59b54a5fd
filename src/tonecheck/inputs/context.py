"""What a draft is and when it is sent: its kind and the dates that timing rules compare.

The values come from the draft's YAML front matter, and the CLI options of the same names override them.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, fields, replace
from typing import Any

from tonecheck.dates import parse_date
from tonecheck.errors import InputError
from tonecheck.names import KINDS

DATE_KEYS = ("interview-date", "reply-by", "requested-date", "send-date")
CONTEXT_KEYS = ("kind", *DATE_KEYS)
IGNORE_KEY = "tonecheck-ignore"
# The files a draft will go out with; an .eml's own attachment parts say the same.
ATTACHMENTS_KEY = "attachments"
FRONT_MATTER_KEYS = (*CONTEXT_KEYS, IGNORE_KEY, ATTACHMENTS_KEY)


@dataclass(frozen=True)
class Context:
    kind: str | None = None
    interview_date: dt.date | None = None
    reply_by: dt.date | None = None
    send_date: dt.date | None = None
    # The names of the files sent with the message: None when nothing says (a draft without the
    # front-matter key), empty when it is known that nothing is attached.
    attachments: tuple[str, ...] | None = None
    # When the employer asked for materials (after the others: positional construction stays as it was).
    requested_date: dt.date | None = None

    def overridden_by(self, other: Context) -> Context:
        """This context with every value that ``other`` sets replaced by ``other``'s."""
        changes = {
            f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name) is not None
        }
        return replace(self, **changes)

    def get(self, key: str) -> Any:
        return getattr(self, key.replace("-", "_"))


def make_context(
    values: dict[str, Any],
    source: str,
    where: dict[str, int | None] | None = None,
    option_prefix: str = "",
) -> Context:
    """Build a context from option or front-matter values, with a one-line error for a bad value.

    ``option_prefix`` is put before each key in errors ("--" for command-line options).
    """
    where = where or {}
    kind = values.get("kind")
    if kind is not None and kind not in KINDS:
        raise InputError(
            f"{option_prefix}kind: expected one of {', '.join(KINDS)} (got {kind!r})",
            source,
            where.get("kind"),
        )
    dates: dict[str, dt.date | None] = {}
    for key in DATE_KEYS:
        value = values.get(key)
        if value is None:
            dates[key.replace("-", "_")] = None
            continue
        try:
            dates[key.replace("-", "_")] = parse_date(value)
        except ValueError as exc:
            raise InputError(f"{option_prefix}{key}: {exc}", source, where.get(key)) from None
    context = Context(kind=kind, **dates)
    check_dates(context, source, where, option_prefix)
    return context


def check_dates(
    context: Context, source: str, where: dict[str, int | None] | None = None, option_prefix: str = ""
) -> None:
    """A draft is sent, and the employer replies, after the interview: dates the other way round are
    a typo, which would make every timing rule judge the wrong thing."""
    requested, send = context.requested_date, context.send_date
    if requested is not None and send is not None and send < requested:
        raise InputError(
            f"{option_prefix}send-date {send} is before {option_prefix}requested-date {requested}",
            source,
            (where or {}).get("send-date"),
        )
    interview = context.interview_date
    if interview is None:
        return
    for key in ("send-date", "reply-by"):
        value = context.get(key)
        if value is not None and value < interview:
            raise InputError(
                f"{option_prefix}{key} {value} is before {option_prefix}interview-date {interview}",
                source,
                (where or {}).get(key),
            )


@dataclass(frozen=True)
class FrontMatter:
    context: Context
    ignore: tuple[str, ...]
    end: int  # offset just after the closing '---' line
    # False for a site generator's or a notes app's front matter (no key of ours): it is skipped, and
    # the file is a page rather than a draft.
    ours: bool = True


def read_front_matter(text: str, source: str) -> FrontMatter | None:
    """Parse the YAML front matter at the top of ``text``, or return None when there is none.

    Front matter is a block that starts with a ``---`` line and ends with a ``---`` or ``...`` line and
    holds a mapping. Keys tonecheck does not know are left alone (a Markdown template may carry a title
    for its site generator), but a near miss of one of ours ("reply_by") is an error.
    """
    first_line_end = text.find("\n")
    if first_line_end == -1 or text[:first_line_end].rstrip("\r") != "---":
        return None
    offset = first_line_end + 1
    while offset < len(text):
        line_end = text.find("\n", offset)
        line_end = len(text) if line_end == -1 else line_end
        line = text[offset:line_end].rstrip("\r")
        if line in ("---", "..."):
            return _front_matter(text[first_line_end + 1 : offset], source, min(line_end + 1, len(text)))
        offset = line_end + 1
    if _starts_like_front_matter(text[first_line_end + 1 :]):
        raise InputError("front matter has no closing '---' line", source, 1)
    return None


def _starts_like_front_matter(rest: str) -> bool:
    """The first line after an opening '---' is one of our keys: front matter whose end is missing
    (rather than a rule of dashes above the text)."""
    first = next((line.strip() for line in rest.splitlines() if line.strip()), "")
    key = first.split(":", 1)[0].strip().replace("_", "-").lower() if ":" in first else ""
    return key in FRONT_MATTER_KEYS


def _front_matter(block: str, source: str, end: int) -> FrontMatter | None:
    # Imported here: PyYAML is only needed by drafts that have front matter.
    from tonecheck.yamlfile import load_yaml

    # The block starts on line 2, after the opening '---'.
    try:
        loaded = load_yaml(block, source, InputError, first_line=2)
    except InputError:
        # Jekyll, Hugo or Obsidian metadata that is not valid YAML (`tags: [#interview-prep]`) is not
        # ours to judge; broken YAML that holds one of our keys still is.
        if any(_our_key(line.split(":", 1)[0]) for line in block.splitlines() if ":" in line):
            raise
        return FrontMatter(Context(), (), end, ours=False)
    if loaded.data is None:
        return FrontMatter(Context(), (), end)
    if not isinstance(loaded.data, dict):
        return None  # a '---' rule around ordinary text, not front matter
    data = loaded.data
    where = {key: loaded.line_of((key,)) for key in data}
    if not any(isinstance(key, str) and _our_key(key) for key in data):
        return FrontMatter(Context(), (), end, ours=False)
    for key in data:
        if key in FRONT_MATTER_KEYS or not isinstance(key, str):
            continue
        close = difflib.get_close_matches(key.replace("_", "-").lower(), FRONT_MATTER_KEYS, n=1, cutoff=0.75)
        if close:
            raise InputError(
                f"unknown front matter key {key!r}; did you mean {close[0]!r}?", source, where[key]
            )
    context = make_context({k: data[k] for k in CONTEXT_KEYS if k in data}, source, where)
    ignore = data.get(IGNORE_KEY, [])
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list) or not all(isinstance(item, str) for item in ignore):
        raise InputError(
            f"{IGNORE_KEY}: expected a list of rule ids or categories", source, where.get(IGNORE_KEY)
        )
    if ATTACHMENTS_KEY in data:
        context = replace(context, attachments=_attachments(data[ATTACHMENTS_KEY], source, where))
    return FrontMatter(context, tuple(ignore), end)


def _attachments(value: Any, source: str, where: dict[str, int | None]) -> tuple[str, ...]:
    """``attachments: [portfolio.pdf]``: a list of file names (``[]`` says nothing is attached)."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise InputError(
            f"{ATTACHMENTS_KEY}: expected a list of file names, such as [portfolio.pdf]",
            source,
            where.get(ATTACHMENTS_KEY),
        )
    return tuple(item.strip() for item in value)


def _our_key(key: str) -> bool:
    """One of tonecheck's front-matter keys, or a near miss of one ("reply_by")."""
    name = key.strip().replace("_", "-").lower()
    return name in FRONT_MATTER_KEYS or bool(
        difflib.get_close_matches(name, FRONT_MATTER_KEYS, n=1, cutoff=0.75)
    )
