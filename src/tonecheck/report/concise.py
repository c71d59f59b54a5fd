"""One line per finding: `path:line:col: severity [rule] message`."""

from __future__ import annotations

from typing import TextIO

from tonecheck.report import ReportOptions, RuleLookup
from tonecheck.run.checker import FileReport


def report_concise(
    reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions
) -> None:
    reports = [r for r in reports if r.error is None]  # unreadable files: one line on stderr
    total = 0
    for report in reports:
        for finding in report.findings:
            total += 1
            where = f"{report.path}:{finding.line}:{finding.column}"
            out.write(f"{where}: {finding.severity} [{finding.rule}] {finding.message}\n")
    if not options.quiet:
        problems = "problem" if total == 1 else "problems"
        files = "file" if len(reports) == 1 else "files"
        out.write(f"{total} {problems} in {len(reports)} {files}.\n")
