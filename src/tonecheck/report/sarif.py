"""SARIF 2.1.0, the format GitHub code scanning reads: the rules that ran and every finding, with fixes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from tonecheck.findings import Finding, Severity
from tonecheck.names import UNUSED_SUPPRESSION
from tonecheck.report import ReportOptions, RuleLookup
from tonecheck.rulefiles.load import Rule
from tonecheck.rulefiles.reference import UNUSED_SUPPRESSION_WHY
from tonecheck.rulefiles.templates import example
from tonecheck.run.checker import FileReport
from tonecheck.version import __version__

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    model = rule.model
    why = " ".join(model.why.split())
    # Rule text is shown without template syntax: slots filled with neutral example values.
    rewrite = example(model.suggest[0])
    help_markdown = f"{why}\n\nApplies to: {', '.join(model.kinds)}.\n\nSuggested rewrite: {rewrite}"
    return {
        "id": rule.id,
        "name": rule.id.replace("/", "-"),
        "shortDescription": {"text": example(model.message)},
        "fullDescription": {"text": why},
        "help": {"text": why, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": [rule.category, *model.kinds], "category": rule.category},
    }


def _unused_descriptor() -> dict[str, Any]:
    text = UNUSED_SUPPRESSION_WHY
    return {
        "id": UNUSED_SUPPRESSION,
        "name": "unused-suppression",
        "shortDescription": {"text": "This suppression silences nothing."},
        "fullDescription": {"text": text},
        "help": {"text": text},
        "defaultConfiguration": {"level": "note"},
    }


def _result(report: FileReport, finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    uri = Path(report.path).as_posix()
    region: dict[str, Any] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    if finding.offsets == "original":
        region.update({"charOffset": finding.start, "charLength": finding.end - finding.start})
        if finding.text:
            region["snippet"] = {"text": finding.text}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.fix is not None and finding.offsets == "original":
        result["fixes"] = [
            {
                "description": {"text": f"Replace with: {finding.fix.replacement.strip()}"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "charOffset": finding.fix.start,
                                    "charLength": finding.fix.end - finding.fix.start,
                                },
                                "insertedContent": {"text": finding.fix.replacement},
                            }
                        ],
                    }
                ],
            }
        ]
    return result


def sarif_document(reports: list[FileReport], ruleset: RuleLookup) -> dict[str, Any]:
    rules = [_rule_descriptor(rule) for _id, rule in sorted(ruleset.rules.items())]
    rules.append(_unused_descriptor())
    index = {descriptor["id"]: position for position, descriptor in enumerate(rules)}
    results = [_result(report, finding, index) for report in reports for finding in report.findings]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tonecheck",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/tonecheck/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "invocations": [_invocation(reports)],
            }
        ],
    }


def _invocation(reports: list[FileReport]) -> dict[str, Any]:
    """The run itself: a file that could not be read is a tool execution notification (an error)."""
    notifications = []
    for report in reports:
        if report.error is None:
            continue
        location: dict[str, Any] = {"artifactLocation": {"uri": Path(report.path).as_posix()}}
        if report.error_line is not None:
            location["region"] = {"startLine": report.error_line}
        notifications.append(
            {
                "level": "error",
                "message": {"text": f"{report.path}: {report.error}"},
                "locations": [{"physicalLocation": location}],
            }
        )
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def report_sarif(reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions) -> None:
    json.dump(sarif_document(reports, ruleset), out, indent=2, ensure_ascii=False)
    out.write("\n")
