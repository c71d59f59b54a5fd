"""Apply the fixes findings carry: choose them, apply them to the text, write the file safely.

A fix is applied only when its rule marks it safe (or with --unsafe-fixes), when its position refers to
the file itself, when it does not overlap another fix, and when it keeps every placeholder it touches.
Files are written through a temporary file and a rename, in their own encoding, line endings and
permissions, and never when they changed on disk after they were read.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tonecheck.errors import InputError
from tonecheck.findings import Finding, Fix
from tonecheck.inputs.placeholders import find_placeholders


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
    chosen: list[Fix] = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        fix = finding.fix
        if fix is None or finding.offsets != "original" or (not fix.safe and not unsafe):
            continue
        if any(_overlaps(fix, other) for other in chosen):
            continue
        if not keeps_placeholders(text, fix):
            continue
        chosen.append(fix)
    return chosen


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
