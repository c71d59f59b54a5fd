"""One line per finding: `path:line:col: severity [rule] message`."""

from __future__ import annotations

from typing import TextIO

from tonecheck.report import ReportOptions
from tonecheck.ruleset import RuleSet
from tonecheck.runner import FileReport


def report_concise(reports: list[FileReport], ruleset: RuleSet, out: TextIO, options: ReportOptions) -> None:
    total = 0
    for report in reports:
        for finding in report.findings:
            total += 1
            out.write(
                f"{report.path}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}] {finding.message}\n"
            )
    if not options.quiet:
        out.write(
            f"{total} problem{'s' if total != 1 else ''} in {len(reports)} file{'s' if len(reports) != 1 else ''}.\n"
        )
