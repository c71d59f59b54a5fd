"""JSON output: a stable, versioned shape (keys may be added, never removed or renamed)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from tonecheck.findings import finding_json
from tonecheck.report import ReportOptions, RuleLookup
from tonecheck.run.checker import FileReport

JSON_VERSION = 1


def report_json(reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions) -> None:
    files = []
    total = 0
    errors = [
        {"path": r.path, "line": r.error_line, "message": r.error} for r in reports if r.error is not None
    ]
    for report in reports:
        if report.error is not None:  # in "errors", not in "files"
            continue
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
        if report.results and report.results[0].close:
            # other kinds that came close to the guess; their rules were applied too
            entry["close_kinds"] = list(report.results[0].close)
        if report.notices:
            entry["notices"] = list(report.notices)
        files.append(entry)
    document = {
        "version": JSON_VERSION,
        "files": files,
        "errors": errors,  # files that could not be read: {"path", "line" (or null), "message"}
        "summary": {"files": len(files), "findings": total},
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
