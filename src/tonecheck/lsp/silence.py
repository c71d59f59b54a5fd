"""Edits that silence a rule with the mechanisms drafts already have (see tonecheck.engine.suppress).

On one line of a Markdown file: a `<!-- tonecheck-ignore-next-line RULE -->` comment on the line before.
In a whole file: the rule added to `tonecheck-ignore` in the front matter, which is created when the
draft has none. Each edit is checked by reading the edited text back the way a lint would; an edit
that would not silence the rule (front matter in a form not recognised here) is not offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tonecheck.engine.suppress import comment_suppressions
from tonecheck.errors import TonecheckError
from tonecheck.findings import Finding
from tonecheck.inputs.context import IGNORE_KEY, read_front_matter


@dataclass(frozen=True)
class TextEdit:
    """Replace ``text[start:end]`` with ``new_text`` (character offsets)."""

    start: int
    end: int
    new_text: str

    def applied_to(self, text: str) -> str:
        return text[: self.start] + self.new_text + text[self.end :]


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def silence_line(text: str, finding: Finding) -> TextEdit | None:
    """A comment before the finding's line that silences its rule there (Markdown only)."""
    line_start = _line_start(text, finding.line)
    if line_start is None:
        return None
    indent = re.match(r"[ \t]*", text[line_start:]).group(0)  # type: ignore[union-attr]
    comment = f"{indent}<!-- tonecheck-ignore-next-line {finding.rule} -->{newline_of(text)}"
    edit = TextEdit(line_start, line_start, comment)
    covered = [s for s in comment_suppressions(edit.applied_to(text)) if finding.rule in s.ids]
    return edit if any(s.first_line == finding.line + 1 for s in covered) else None


def silence_file(text: str, rule: str) -> TextEdit | None:
    """The rule added to the front matter's `tonecheck-ignore` list (front matter made if missing)."""
    newline = newline_of(text)
    try:
        front = read_front_matter(text, "draft")
    except TonecheckError:
        return None  # the front matter is broken; its own diagnostic says so
    if front is None:
        edit = TextEdit(0, 0, f"---{newline}{IGNORE_KEY}: [{rule}]{newline}---{newline}")
    else:
        edit = _add_to_front_matter(text, front.end, rule, newline)
    if edit is None:
        return None
    try:
        edited = read_front_matter(edit.applied_to(text), "draft")
    except TonecheckError:
        return None
    return edit if edited is not None and rule in edited.ignore else None


def _add_to_front_matter(text: str, end: int, rule: str, newline: str) -> TextEdit | None:
    block_end = text.rfind("\n", 0, end - 1) + 1  # the start of the closing '---' line
    key = re.compile(
        rf"^{re.escape(IGNORE_KEY)}[ \t]*:[ \t]*([^\r\n#]*?)[ \t]*(#[^\r\n]*)?\r?$", re.MULTILINE
    )
    match = key.search(text, 0, block_end)
    if match is None:
        return TextEdit(block_end, block_end, f"{IGNORE_KEY}: [{rule}]{newline}")
    value = match.group(1)
    if value.startswith("[") and value.endswith("]"):
        inside = value[1:-1].strip()
        closing = match.start(1) + len(value) - 1
        return TextEdit(closing, closing, f", {rule}" if inside else rule)
    if value:  # a single id written as a plain string
        return TextEdit(match.start(1), match.end(1), f"[{value}, {rule}]")
    # A block list: add an item after the last one.
    item = re.compile(r"([ \t]*)-[ \t]+[^\r\n]*(\r?\n)")
    position = match.end() + (2 if text.startswith("\r\n", match.end()) else 1)
    indent = "  "
    while (found := item.match(text, position)) is not None and found.end() <= block_end:
        indent = found.group(1)
        position = found.end()
    return TextEdit(position, position, f"{indent}- {rule}{newline}")


def _line_start(text: str, line: int) -> int | None:
    """The offset of 1-based ``line`` as findings count lines (``\\n``-separated)."""
    offset = 0
    for _ in range(line - 1):
        found = text.find("\n", offset)
        if found == -1:
            return None
        offset = found + 1
    return offset
