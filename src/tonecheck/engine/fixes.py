"""Apply the fixes findings carry: choose them, apply them to the text, write the file safely.

A fix is applied only when its rule marks it safe (or with --unsafe-fixes), when its position refers to
the file itself, when it does not overlap another fix, and when it keeps every placeholder it touches.
Files are written through a temporary file and a rename, in their own encoding, line endings and
permissions, and never when they changed on disk after they were read.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tonecheck.errors import InputError
from tonecheck.findings import Finding, Fix
from tonecheck.inputs.placeholders import find_placeholders
from tonecheck.spans import paragraph_around

# Date words a rewrite might carry: weekdays, months, relative days and numeric dates. Each one in a
# rewrite must already be in the words it replaces.
DATE_WORD = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b"
    r"|\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
    r"|\b(?:today|tomorrow|yesterday|tonight|weekend|next week|last week|this week|next month)\b"
    r"|\b\d{1,4}(?:[/.-]\d{1,2}){1,2}\b|\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}(?::\d{2})?\s?[ap]\.?m\b",
    re.IGNORECASE,
)

# A rewrite that asks for news: "would welcome any update", "when you expect to make a decision".
ASKS_FOR_NEWS = re.compile(
    r"\b(?:updates?|news|timeline|decision|next steps|hear(?:ing)? (?:back|from you))\b", re.IGNORECASE
)


@dataclass(frozen=True)
class FixPlan:
    path: str
    original: str
    fixed: str
    applied: tuple[Fix, ...]

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def choose_fixes(text: str, findings: tuple[Finding, ...] | list[Finding], unsafe: bool) -> list[Fix]:
    """The fixes to apply, in text order: safe ones (and unsafe ones with ``unsafe``), never two that
    overlap, never one that changes a placeholder, and never two rewrites of one paragraph that both ask
    for news."""
    candidates = [
        finding.fix
        for finding in findings
        if finding.fix is not None and finding.offsets == "original" and (finding.fix.safe or unsafe)
    ]
    chosen: list[Fix] = []
    # Widest first: a rewrite of the whole sentence also settles a phrase fix inside it, while the
    # phrase fix would leave the rest of the sentence's problem in place.
    for fix in sorted(candidates, key=lambda f: (-(f.end - f.start), f.start, f.end)):
        if any(_overlaps(fix, other) for other in chosen):
            continue
        if not keeps_placeholders(text, fix):
            continue
        chosen.append(fix)
    chosen.sort(key=lambda f: (f.start, f.end))
    return _no_space_before_break(
        text,
        _joined_insertions(_without_repeated_insertions(text, _one_ask_per_paragraph(text, chosen))),
    )


def _joined_insertions(fixes: list[Fix]) -> list[Fix]:
    """Two paragraphs inserted at one point inside a line (interest and thanks before an inline
    "Thanks") each bring a blank line on both sides; side by side, the blank line between them is kept
    once (the second gives up its leading one)."""
    result: list[Fix] = []
    for fix in fixes:
        last = result[-1] if result else None
        if last is not None and last.start == last.end == fix.start == fix.end:
            for gap in ("\r\n\r\n", "\n\n"):
                if last.replacement.endswith(gap) and fix.replacement.startswith(gap):
                    fix = Fix(fix.start, fix.end, fix.replacement[len(gap) :], fix.safe)
                    break
        result.append(fix)
    return result


def _no_space_before_break(text: str, fixes: list[Fix]) -> list[Fix]:
    """An inserted paragraph that starts inside a line ("Any news? |Thanks!") would leave the space
    before it at the end of the line above; the first insertion there takes that space in, unless
    another fix already covers it."""
    result: list[Fix] = []
    for fix in fixes:
        spaces = fix.start
        while spaces > 0 and text[spaces - 1] in " \t":
            spaces -= 1
        widen = (
            fix.start == fix.end
            and fix.replacement.startswith(("\n", "\r\n"))
            and spaces < fix.start
            and spaces > 0
            and text[spaces - 1] not in "\r\n"
            and not any(other.end > spaces and other.start < fix.start for other in result)
        )
        result.append(Fix(spaces, fix.start, fix.replacement, fix.safe) if widen else fix)
    return result


def _new_words(lowered: str, sentence: str) -> set[str]:
    """The words of six letters or more in ``sentence`` that the lower-cased text lacks."""
    return {word for word in re.findall(r"[a-z]{6,}", sentence.lower()) if word not in lowered}


def _without_repeated_insertions(text: str, fixes: list[Fix]) -> list[Fix]:
    """A missing sentence is not inserted when a rewrite already says it: a silence complaint rewritten
    as "I'm still very interested and would welcome any update" needs no inserted "I remain very
    interested ... and would welcome the chance". Judged by the words each brings that the text lacks."""
    lowered = text.lower()
    brought = [_new_words(lowered, fix.replacement) for fix in fixes if fix.start != fix.end]
    kept = []
    for fix in fixes:
        if fix.start == fix.end and any(
            len(_new_words(lowered, fix.replacement) & words) >= 2 for words in brought
        ):
            # Settled by the rewrite: an empty insertion, so the finding counts as fixed but adds nothing.
            fix = Fix(fix.start, fix.end, "", fix.safe)
        kept.append(fix)
    return kept


def _one_ask_per_paragraph(text: str, fixes: list[Fix]) -> list[Fix]:
    """Several complaints in one paragraph ("I still haven't heard. Why haven't you replied? Please get
    back to me.") each have a rewrite that asks for news; applied together they would ask four times.
    The first rewrite that carries a date of its own ("an update by Friday") stays, and the paragraph's
    other asking rewrites, before or after it, delete their sentences instead (a second dated one too:
    two dated asks are still two asks). Without one, the first ask stays (in the paragraph's own words
    or a rewrite) and later ones are deleted."""
    # The paragraph (start, end) of each rewrite that asks for news; None for the other fixes.
    paragraphs = [paragraph_around(text, fix.start) if _asks(fix) else None for fix in fixes]
    # paragraphs, by where they start -> the index of their first rewrite asking by a date
    dated: dict[int, int] = {}
    for index, (fix, bounds) in enumerate(zip(fixes, paragraphs, strict=True)):
        if bounds is not None and DATE_WORD.search(fix.replacement):
            dated.setdefault(bounds[0], index)
    result: list[Fix] = []
    # paragraphs that already ask for news; an inserted sentence that asks ("... and would welcome any
    # update") always stays, so a rewrite asking in its paragraph would be a second ask
    asking = {paragraph_around(text, fix.start)[0] for fix in fixes if _asks(fix, inserted=True)}
    for index, (fix, bounds) in enumerate(zip(fixes, paragraphs, strict=True)):
        if bounds is None:
            result.append(fix)
            continue
        start, end = bounds
        if start not in asking and _asks_untouched(text, start, end, fixes):
            asking.add(start)
        if dated.get(start) == index or (start not in asking and start not in dated):
            asking.add(start)
            result.append(fix)
            continue
        deletion = _deletion(text, fix)
        result.append(deletion if deletion is not None else fix)
    return _joined_deletions(text, result)


def _joined_deletions(text: str, fixes: list[Fix]) -> list[Fix]:
    """Two sentences deleted side by side may each take the space between them; as one deletion, that
    space goes once, and the line break after them stays (with no space left before it)."""
    joined: list[Fix] = []
    for fix in fixes:
        last = joined[-1] if joined else None
        # (deletions that only touch join too: three complaints deleted in a row are one deletion)
        if last is not None and not last.replacement and not fix.replacement and fix.start <= last.end:
            start, end = last.start, max(last.end, fix.end)
            # never back into the fix before: two fixes that overlap cannot both be applied
            floor = joined[-2].end if len(joined) > 1 else 0
            if end == len(text) or text[end] in "\r\n":
                while start > floor and text[start - 1] in " \t":
                    start -= 1
            joined[-1] = Fix(start, end, "", last.safe and fix.safe)
            continue
        joined.append(fix)
    return joined


def _asks(fix: Fix, inserted: bool = False) -> bool:
    """A fix whose words ask for news: a rewrite of words, or (``inserted``) a sentence inserted."""
    return (fix.start == fix.end) == inserted and ASKS_FOR_NEWS.search(fix.replacement) is not None


def _asks_untouched(text: str, start: int, end: int, fixes: list[Fix]) -> bool:
    """The paragraph's own words, outside every rewrite, already ask for news ("Any update?")."""
    pieces: list[str] = []
    position = start
    for fix in fixes:
        if fix.end <= start or fix.start >= end:
            continue
        pieces.append(text[position : max(position, fix.start)])
        position = max(position, fix.end)
    pieces.append(text[position:end])
    return any(ASKS_FOR_NEWS.search(piece) for piece in pieces)


def _deletion(text: str, fix: Fix) -> Fix | None:
    """A fix that removes the words ``fix`` replaces, with the space that separated them from the next
    sentence (or the previous one, at the end of a line); None for a sentence alone on its line."""
    start, end = fix.start, fix.end
    following = end
    while following < len(text) and text[following] in " \t":
        following += 1
    if following < len(text) and text[following] not in "\r\n":
        return Fix(start, following, "", fix.safe)
    preceding = start
    while preceding > 0 and text[preceding - 1] in " \t":
        preceding -= 1
    if preceding > 0 and text[preceding - 1] not in "\r\n":
        return Fix(preceding, end, "", fix.safe)
    return None


def _overlaps(first: Fix, second: Fix) -> bool:
    first_inserts, second_inserts = first.start == first.end, second.start == second.end
    if first_inserts and second_inserts:
        # Two missing sentences for one place (thanks and interest before the sign-off) are paragraphs
        # of their own: both go in, the first chosen nearest the text after them.
        return False
    if first_inserts:
        # An insertion at either edge of a replacement goes beside it; only one inside it clashes.
        return second.start < first.start < second.end
    if second_inserts:
        return first.start < second.start < first.end
    return first.start < second.end and second.start < first.end


def keeps_placeholders(text: str, fix: Fix) -> bool:
    """A fix never removes or alters a placeholder: each one it replaces must reappear verbatim."""
    for placeholder in find_placeholders(text, max(0, fix.start - 100), min(len(text), fix.end + 100)):
        if placeholder.start < fix.end and fix.start < placeholder.end:
            inside = fix.start <= placeholder.start and placeholder.end <= fix.end
            if not inside or text[placeholder.start : placeholder.end] not in fix.replacement:
                return False
    return True


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    """``text`` with ``fixes`` applied (they must not overlap)."""
    result = text
    for fix in sorted(fixes, key=lambda f: (f.start, f.end), reverse=True):
        result = result[: fix.start] + fix.replacement + result[fix.end :]
    return result


def plan(path: str, text: str, findings: tuple[Finding, ...] | list[Finding], unsafe: bool) -> FixPlan:
    fixes = choose_fixes(text, findings, unsafe)
    return FixPlan(path, text, apply_fixes(text, fixes), tuple(fixes))


def unified_diff(fix_plan: FixPlan) -> str:
    lines = difflib.unified_diff(
        fix_plan.original.splitlines(keepends=True),
        fix_plan.fixed.splitlines(keepends=True),
        fromfile=f"a/{fix_plan.path}",
        tofile=f"b/{fix_plan.path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def write_atomically(path: Path, text: str, encoding: str, expected: bytes) -> None:
    """Replace ``path`` with ``text`` unless the file no longer holds ``expected``.

    The new content goes to a temporary file in the same folder, which then replaces the original in
    one rename: a reader (or a crash) sees the old file or the new one, never half of either.
    """
    try:
        current = path.read_bytes()
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputError(f"cannot fix: {exc.strerror or exc}", str(path)) from None
    if current != expected:
        raise InputError("changed on disk after it was read; not fixed (run tonecheck again)", str(path))
    data = text.encode(encoding)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tonecheck", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
