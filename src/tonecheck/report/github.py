"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from typing import TextIO

from tonecheck.findings import Severity
from tonecheck.report import ReportOptions, RuleLookup
from tonecheck.run.checker import FileReport

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(
    reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions
) -> None:
    for report in reports:
        if report.error is not None:
            line = f",line={report.error_line}" if report.error_line is not None else ""
            title = _property("tonecheck: cannot read this file")
            out.write(f"::error file={_property(report.path)}{line},title={title}::{_data(report.error)}\n")
        for finding in report.findings:
            level = _LEVELS[finding.severity]
            properties = (
                f"file={_property(report.path)},line={finding.line},col={finding.column},"
                f"endLine={finding.end_line},endColumn={finding.end_column},title={_property(finding.rule)}"
            )
            message = finding.message
            if finding.suggestions:
                message += f"\nTry: {finding.suggestions[0]}"
            out.write(f"::{level} {properties}::{_data(message)}\n")
