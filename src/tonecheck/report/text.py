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


def _style(text: str, color: str, enabled: bool) -> str:
    return f"\x1b[{_COLORS[color]}m{text}\x1b[0m" if enabled else text


def report_statistics(
    reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions
) -> None:
    """How many findings each rule produced, most first."""
    counts = Counter(finding.rule for report in reports for finding in report.findings)
    messages = {f.rule: f.message for report in reports for f in report.findings}
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = ruleset.rules.get(rule_id)
        summary = (
            rule.model.message if rule is not None and "{" not in rule.model.message else messages[rule_id]
        )
        out.write(f"{count:>5}  {rule_id:<45} {summary}\n")
    if not counts:
        out.write("No problems found.\n")


def report_text(reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions) -> None:
    counts: Counter[Severity] = Counter()
    flagged_files = 0
    for report in reports:
        findings = report.findings
        if findings:
            flagged_files += 1
        if not findings:
            continue
        lines = LineIndex(report.text)
        for finding in findings:
            counts[finding.severity] += 1
            _finding(report, finding, lines, out, options)
        if not options.quiet:
            kinds = ", ".join(dict.fromkeys(result.kind for result in report.results))
            change = "set --kind or `kind:` in the front matter to change"
            note = f"{report.path}: read as {_article(kinds)} {kinds} ({change})"
            out.write(_style(note, "dim", options.color) + "\n\n")
    if options.quiet:
        return
    out.write(_summary(counts, flagged_files, len(reports), options.color) + "\n")


def _finding(
    report: FileReport,
    finding: Finding,
    lines: LineIndex,
    out: TextIO,
    options: ReportOptions,
) -> None:
    color = options.color
    severity = _style(str(finding.severity), _SEVERITY_COLOR[finding.severity], color)
    location = _style(f"{report.path}:{finding.line}:{finding.column}:", "bold", color)
    rule = _style(f"[{finding.rule}]", "dim", color)
    out.write(f"{location} {severity} {rule} {finding.message}\n")
    if finding.offsets == "original":
        _excerpt(report.text, finding, lines, out, color)
    elif finding.text:
        out.write(f"      | {finding.text}\n")
    if options.show_why and finding.why:
        out.write(_wrapped("why: ", finding.why))
    for index, suggestion in enumerate(finding.suggestions[:2]):
        label = "try: " if index == 0 else " or: "
        out.write(_style(_wrapped(label, suggestion), "green", color))
    out.write("\n")


def _excerpt(text: str, finding: Finding, lines: LineIndex, out: TextIO, color: bool) -> None:
    line_start = lines.line_start(finding.line)
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end].rstrip("\r")
    number = f"{finding.line:>5}"
    out.write(f"{number} | {line}\n")
    start_col = finding.column - 1
    if finding.start == finding.end:
        marker = "^ " + ("the missing sentence belongs here" if line.strip() or start_col else "here")
    else:
        end_col = finding.end_column - 1 if finding.end_line == finding.line else len(line)
        marker = "^" * max(1, end_col - start_col)
    out.write(f"{'':>5} | {' ' * start_col}{_style(marker, 'red', color)}\n")


@functools.lru_cache(maxsize=4096)  # the same "why" and rewrites recur across a folder of drafts
def _wrapped(label: str, text: str) -> str:
    indent = "      "
    return (
        textwrap.fill(
            text, width=_WIDTH, initial_indent=f"  {label}".ljust(len(indent)), subsequent_indent=indent
        )
        + "\n"
    )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _summary(counts: Counter[Severity], flagged: int, files: int, color: bool) -> str:
    total = sum(counts.values())
    file_word = "file" if files == 1 else "files"
    if not total:
        return _style(f"No problems found in {files} {file_word}.", "green", color)
    parts = [
        f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    noun = "problem" if total == 1 else "problems"
    return f"Found {total} {noun} ({', '.join(parts)}) in {flagged} of {files} {file_word}."
