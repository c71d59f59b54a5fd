"""JSON output: a stable, versioned shape (keys may be added, never removed or renamed)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from tonecheck.findings import Finding
from tonecheck.report import ReportOptions, RuleLookup
from tonecheck.run.checker import FileReport

JSON_VERSION = 1


def finding_json(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "category": finding.category,
        "severity": str(finding.severity),
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "start": finding.start,
        "end": finding.end,
        "text": finding.text,
        "suggestions": list(finding.suggestions),
        "offsets": finding.offsets,
    }
    if finding.fix is not None:
        data["fix"] = {
            "start": finding.fix.start,
            "end": finding.fix.end,
            "replacement": finding.fix.replacement,
            "applicability": "safe" if finding.fix.safe else "unsafe",
        }
    return data


def report_json(reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions) -> None:
    files = []
    total = 0
    for report in reports:
        findings = report.findings
        total += len(findings)
        entry: dict[str, Any] = {
            "path": report.path,
            "kind": report.kind,
            "findings": [finding_json(f) for f in findings],
        }
        if len(report.results) > 1 or (report.results and report.results[0].message.name):
            entry["messages"] = [
                {"name": r.message.name, "kind": r.kind, "findings": len(r.findings)} for r in report.results
            ]
        if report.notices:
            entry["notices"] = list(report.notices)
        files.append(entry)
    document = {
        "version": JSON_VERSION,
        "files": files,
        "summary": {"files": len(reports), "findings": total},
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
