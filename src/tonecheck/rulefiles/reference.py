"""Rule documentation from the rule files: the table of rules, `explain`, and the Markdown reference."""

from __future__ import annotations

import json
import textwrap
from typing import TextIO

from tonecheck.errors import RuleError
from tonecheck.rulefiles.load import Rule, RuleSet


def _summary(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "category": rule.category,
        "severity": rule.model.severity,
        "kinds": list(rule.model.kinds),
        "type": rule.model.shape,
        "fix": rule.model.fix,
        "message": rule.model.message,
    }


def print_rule_table(ruleset: RuleSet, output_format: str, out: TextIO) -> None:
    rows = [_summary(rule) for _id, rule in sorted(ruleset.rules.items())]
    if output_format == "markdown":
        out.write(reference_markdown(ruleset))
        return
    if output_format == "json":
        json.dump(rows, out, indent=2)
        out.write("\n")
        return
    headers = ("RULE", "CATEGORY", "SEVERITY", "KINDS")
    table = [headers] + [
        (str(r["id"]), str(r["category"]), str(r["severity"]), ", ".join(r["kinds"]))  # type: ignore[arg-type]
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers) - 1)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        out.write("  ".join([*cells, row[-1]]).rstrip() + "\n")
    out.write(f"\n{len(rows)} rules in {len(ruleset.categories)} categories.\n")


def explain_rule(ruleset: RuleSet, rule_id: str, out: TextIO) -> None:
    rule = ruleset.rules.get(rule_id)
    if rule is None:
        raise RuleError(f"no rule {rule_id!r} (see `tonecheck rules list`)")
    model = rule.model
    out.write(f"{rule.id}  ({model.severity}, {rule.category})\n\n")
    out.write(_para(model.message) + "\n")
    out.write("Why:\n" + _para(" ".join(model.why.split()), "  ") + "\n")
    out.write(f"Applies to: {', '.join(model.kinds)}\n")
    out.write(f"Fix: {model.fix}\n\n")
    out.write("Suggested rewrites:\n")
    for suggestion in model.suggest:
        out.write(_para(suggestion, "  - ", "    "))
    out.write("\nFlagged:\n")
    for example in model.examples.flag:
        out.write(_para(example.text, "  ✗ ", "    "))
        if example.rewrite:
            out.write(_para(example.rewrite, "    → ", "      "))
    out.write("\nFine:\n")
    for example in model.examples.pass_:
        out.write(_para(example.text, "  ✓ ", "    "))


def _para(text: str, first: str = "", rest: str | None = None) -> str:
    lines = []
    for paragraph in text.split("\n"):
        lines.append(
            textwrap.fill(
                paragraph,
                width=96,
                initial_indent=first,
                subsequent_indent=rest if rest is not None else first,
            )
            or first.rstrip()
        )
        first = rest if rest is not None else first
    return "\n".join(lines) + "\n"


def reference_markdown(ruleset: RuleSet) -> str:
    """The rule reference page, generated from the rule files (rules/REFERENCE.md)."""
    lines = [
        "# Rule reference",
        "",
        "Generated from the rule files by `tonecheck rules list --format markdown`; do not edit by hand.",
        "",
    ]
    for category in ruleset.categories:
        lines += [f"## {category}", ""]
        for rule_id, rule in sorted(ruleset.rules.items()):
            if rule.category != category:
                continue
            model = rule.model
            lines += [
                f"### `{rule_id}`",
                "",
                f"{model.message}",
                "",
                f"- Severity: {model.severity}",
                f"- Applies to: {', '.join(model.kinds)}",
                f"- Fix: {model.fix}",
                "",
                " ".join(model.why.split()),
                "",
                "Suggested rewrites:",
                "",
            ]
            lines += [f"- {_escape(text)}" for text in model.suggest]
            lines += ["", "Flagged:", ""]
            lines += [f"- {_escape(example.text)}" for example in model.examples.flag]
            lines += ["", "Not flagged:", ""]
            lines += [f"- {_escape(example.text)}" for example in model.examples.pass_]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _escape(text: str) -> str:
    one_line = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    return one_line.replace("<", "&lt;").replace(">", "&gt;")
