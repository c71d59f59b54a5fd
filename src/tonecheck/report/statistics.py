"""`--statistics`: how many findings each rule produced, how many `--fix` can fix, and the total, as a
table or as JSON."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from tonecheck.report import ReportOptions, RuleLookup
from tonecheck.rulefiles.templates import example
from tonecheck.run.checker import FileReport


def statistics(reports: list[FileReport], ruleset: RuleLookup) -> dict[str, Any]:
    """Per rule, most first: its count, how many have a safe fix, how many an unsafe one, and the rule's
    summary (its message with neutral example values, not one finding's dates)."""
    counts: Counter[str] = Counter()
    safe: Counter[str] = Counter()
    unsafe: Counter[str] = Counter()
    messages: dict[str, str] = {}
    for report in reports:
        for finding in report.findings:
            counts[finding.rule] += 1
            messages.setdefault(finding.rule, finding.message)
            if finding.fix is not None and finding.offsets == "original":
                (safe if finding.fix.safe else unsafe)[finding.rule] += 1
    rows = []
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = ruleset.rules.get(rule_id)
        rows.append(
            {
                "rule": rule_id,
                "count": count,
                "fixable": safe[rule_id],
                "unsafe_fixable": unsafe[rule_id],
                "message": example(rule.model.message, summary=True)
                if rule is not None
                else messages[rule_id],
            }
        )
    return {
        "rules": rows,
        "total": sum(counts.values()),
        "fixable": sum(safe.values()),
        "unsafe_fixable": sum(unsafe.values()),
        "files": len(reports),
    }


def report_statistics(
    reports: list[FileReport], ruleset: RuleLookup, out: TextIO, options: ReportOptions, as_json: bool = False
) -> None:
    figures = statistics(reports, ruleset)
    if as_json:
        json.dump(figures, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if not figures["total"]:
        out.write("No problems found.\n")
        return
    for row in figures["rules"]:
        mark = "[*]" if row["fixable"] else "[-]" if row["unsafe_fixable"] else "   "
        out.write(f"{row['count']:>5}  {row['rule']:<45} {mark} {row['message']}\n")
    if options.quiet:
        return
    total = figures["total"]
    line = f"Found {total} {'problem' if total == 1 else 'problems'}"
    if figures["fixable"]:
        line += f"; {figures['fixable']} fixable with --fix"
    if figures["unsafe_fixable"]:
        line += f" ({figures['unsafe_fixable']} more with --unsafe-fixes)"
    out.write(f"{line}.\n")
    if figures["fixable"] or figures["unsafe_fixable"]:
        out.write("[*] fixable with --fix, [-] with --unsafe-fixes\n")
