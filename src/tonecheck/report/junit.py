"""JUnit XML: a test suite per file, a failed test case per finding (a passing one for a clean file)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import TextIO

from tonecheck.report import ReportOptions, RuleLookup
from tonecheck.run.checker import FileReport
from tonecheck.version import __version__


def report_junit(reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions) -> None:
    total = sum(len(report.findings) for report in reports)
    # A clean file is one passing test case, so the count covers every file, not only failing ones.
    cases = sum(max(len(report.findings), 1) for report in reports)
    root = ElementTree.Element(
        "testsuites", name=f"tonecheck {__version__}", tests=str(cases), failures=str(total)
    )
    errors = sum(1 for report in reports if report.error is not None)
    if errors:
        root.set("errors", str(errors))
    for report in reports:
        findings = report.findings
        suite = ElementTree.SubElement(
            root, "testsuite", name=report.path, tests=str(max(len(findings), 1)), failures=str(len(findings))
        )
        if report.error is not None:  # a file that could not be read: an error, not a failure
            suite.set("errors", "1")
            case = ElementTree.SubElement(suite, "testcase", name="read", classname=report.path)
            where = report.path if report.error_line is None else f"{report.path}:{report.error_line}"
            error = ElementTree.SubElement(case, "error", message=report.error, type="InputError")
            error.text = f"{where}: {report.error}"
        elif not findings:
            ElementTree.SubElement(suite, "testcase", name="tone", classname=report.path)
        for finding in findings:
            case = ElementTree.SubElement(
                suite, "testcase", name=f"{finding.rule} at line {finding.line}", classname=report.path
            )
            failure = ElementTree.SubElement(
                case, "failure", message=finding.message, type=str(finding.severity)
            )
            where = f"{report.path}:{finding.line}:{finding.column}"
            details = [f'{where}: "{finding.text}"' if finding.text else where]
            details += [f"try: {suggestion}" for suggestion in finding.suggestions[:1]]
            failure.text = "\n".join(details)
    ElementTree.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ElementTree.tostring(root, encoding="unicode"))
    out.write("\n")
