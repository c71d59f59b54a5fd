"""Human-readable output: each finding with its line, the span marked, why it hurts and a rewrite."""

from __future__ import annotations

import functools
import textwrap
from collections import Counter
from typing import TextIO

from tonecheck.findings import Finding, Severity
from tonecheck.inputs.textmap import LineIndex
from tonecheck.report import ReportOptions, RuleLookup
from tonecheck.run.checker import FileReport

_COLORS = {"red": "31", "yellow": "33", "blue": "34", "green": "32", "dim": "2", "bold": "1", "cyan": "36"}
_SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
_WIDTH = 100
_FRAME = 88  # characters of a draft's line shown in a code frame; a longer line is cut around the span
# What each kind is called in "read as ...".
_KIND_PHRASES = {
    "thank-you": "a thank-you note",
    "check-in": "a check-in",
    "materials": "an email sending materials",
    "rejection-reply": "a reply to a rejection",
    "other": "another kind of email",
}


def _style(text: str, color: str, enabled: bool) -> str:
    return f"\x1b[{_COLORS[color]}m{text}\x1b[0m" if enabled else text


def report_text(reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions) -> None:
    """Each finding with its line; a rule's `why` once per run (under every finding with --show-why)."""
    reports = [r for r in reports if r.error is None]  # unreadable files: one line on stderr
    counts: Counter[Severity] = Counter()
    flagged_files = 0
    explained: set[str] = set()
    for report in reports:
        findings = report.findings
        if findings:
            flagged_files += 1
        if not findings:
            continue
        lines = LineIndex(report.text)
        previous: Finding | None = None
        for finding in findings:
            counts[finding.severity] += 1
            explain = options.show_why or (not options.quiet and finding.rule not in explained)
            explained.add(finding.rule)
            # Two categories can report the same words (a hostile reply is accusatory and burns the
            # bridge): the second finding is printed without the line already shown above it, and
            # without a rewrite already offered for those words.
            same = previous if previous is not None and _span(previous) == _span(finding) else None
            _finding(report, finding, lines, out, options, explain, same)
            previous = finding
        if not options.quiet:
            for note in _kind_notes(report):
                out.write(_style(note, "dim", options.color) + "\n")
            out.write("\n")
    if options.quiet:
        return
    out.write(_summary(counts, flagged_files, len(reports), options.color) + "\n")


def _kind_notes(report: FileReport) -> list[str]:
    """What each message was read as, for kinds that were guessed (one line per template)."""
    change = "set --kind or `kind:` in the front matter to change"
    notes: list[str] = []
    for index, result in enumerate(report.results):
        guessed = report.guessed[index] if index < len(report.guessed) else True
        if not guessed:
            continue
        name = result.message.name
        where = f"{report.path}: " + (f'"{name}" ' if name else "")
        phrase = _KIND_PHRASES.get(result.kind, result.kind)
        # Kinds that came close were checked too: say so, so a finding from their rules is no mystery.
        for close in result.close:
            phrase += f" or {_KIND_PHRASES.get(close, close)}"
        note = f"{where}read as {phrase} ({change})"
        if note not in notes:
            notes.append(note)
    return notes


def _finding(
    report: FileReport,
    finding: Finding,
    lines: LineIndex,
    out: TextIO,
    options: ReportOptions,
    explain: bool,
    same_span_as: Finding | None = None,
) -> None:
    color = options.color
    severity = _style(str(finding.severity), _SEVERITY_COLOR[finding.severity], color)
    location = _style(f"{report.path}:{finding.line}:{finding.column}:", "bold", color)
    rule = _style(f"[{finding.rule}]", "dim", color)
    out.write(f"{location} {severity} {rule} {finding.message}\n")
    shown: tuple[str, ...] = ()
    if same_span_as is not None:
        out.write(_style(f"{'':>5} | (the same words as [{same_span_as.rule}] above)", "dim", color) + "\n")
        shown = same_span_as.suggestions[:2]
    elif finding.offsets == "original":
        _excerpt(report.text, finding, lines, out, color)
    elif finding.text:
        # Decoded email text: the file does not hold it verbatim, so the frame shows the decoded line.
        line = finding.text.split("\n", 1)[0]
        _frame(finding.line, line, 0, len(line), out, color)
    if explain and finding.why:
        out.write(_wrapped("why: ", finding.why))
    offered = [suggestion for suggestion in finding.suggestions if suggestion not in shown][:2]
    for index, suggestion in enumerate(offered):
        label = "try: " if index == 0 else " or: "
        out.write(_style(_wrapped(label, suggestion), "green", color))
    out.write("\n")


def _span(finding: Finding) -> tuple[int, int, int, int]:
    return (finding.line, finding.column, finding.end_line, finding.end_column)


def _excerpt(text: str, finding: Finding, lines: LineIndex, out: TextIO, color: bool) -> None:
    line_start = lines.line_start(finding.line)
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end].rstrip("\r")
    start_col = finding.column - 1
    end_col = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    _frame(finding.line, line, start_col, end_col, out, color)


def _frame(number: int, line: str, start_col: int, end_col: int, out: TextIO, color: bool) -> None:
    """The line and a marker under the span; a long line is cut to a window around the span."""
    left, right = 0, len(line)
    if len(line) > _FRAME:
        left = max(0, min(start_col - 20, len(line) - _FRAME))
        right = min(len(line), left + _FRAME)
    shown = ("…" if left else "") + line[left:right] + ("…" if right < len(line) else "")
    out.write(f"{number:>5} | {shown}\n")
    offset = start_col - left + (1 if left else 0)
    if start_col == end_col:
        marker = "^ " + ("the missing sentence belongs here" if line.strip() or start_col else "here")
    else:
        marker = "^" * max(1, min(end_col, right) - start_col)
    out.write(f"{'':>5} | {' ' * offset}{_style(marker, 'red', color)}\n")


@functools.lru_cache(maxsize=4096)  # the same "why" and rewrites recur across a folder of drafts
def _wrapped(label: str, text: str) -> str:
    indent = "      "
    return (
        textwrap.fill(
            text,
            width=_WIDTH,
            initial_indent=f"  {label}".ljust(len(indent)),
            subsequent_indent=indent,
            break_on_hyphens=False,  # "follow-up" stays one word
            break_long_words=False,
        )
        + "\n"
    )


def _summary(counts: Counter[Severity], flagged: int, files: int, color: bool) -> str:
    total = sum(counts.values())
    file_word = "file" if files == 1 else "files"
    if not total:
        return _style(f"No problems found in {files} {file_word}.", "green", color)
    # "info" has no plural: "2 errors, 1 warning, 3 info".
    parts = [
        f"{counts[s]} {s}{'s' if counts[s] != 1 and s != Severity.INFO else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    noun = "problem" if total == 1 else "problems"
    return f"Found {total} {noun} ({', '.join(parts)}) in {flagged} of {files} {file_word}."
