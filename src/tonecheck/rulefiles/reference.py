"""Rule documentation from the rule files: the table of rules, `explain`, and the Markdown reference."""

from __future__ import annotations

import difflib
import json
import textwrap
from typing import TextIO

from tonecheck.errors import RuleError
from tonecheck.names import UNUSED_SUPPRESSION
from tonecheck.rulefiles.load import Rule, RuleSet
from tonecheck.rulefiles.schema import Learned
from tonecheck.rulefiles.templates import example as with_examples

# Reported by the silencing code, not by a rule file; `explain` and SARIF describe it from here.
UNUSED_SUPPRESSION_WHY = (
    "A suppression comment or a tonecheck-ignore entry in the front matter that silences no finding: "
    "the text it was written for has changed or the rule no longer fires there. Delete it, so it "
    "cannot hide a new finding later."
)


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
    out.write(f"\n{_count(len(rows), 'rule')} in {_count(len(ruleset.categories), 'category')}.\n")


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"


def explain_rule(ruleset: RuleSet, rule_id: str, out: TextIO) -> None:
    """What a rule flags and why; for a category, the rules in it."""
    if rule_id == UNUSED_SUPPRESSION:
        out.write(f"{UNUSED_SUPPRESSION}  (info, tonecheck)\n\n")
        out.write("A suppression that silences nothing.\n\n")
        out.write("Why:\n" + _para(UNUSED_SUPPRESSION_WHY, "  "))
        return
    if rule_id in ruleset.categories:
        members = [rule for _id, rule in sorted(ruleset.rules.items()) if rule.category == rule_id]
        out.write(f"{rule_id}: a category of {_count(len(members), 'rule')}\n\n")
        width = max(len(rule.id) for rule in members)
        for rule in members:
            out.write(f"  {rule.id.ljust(width)}  {with_examples(rule.model.message)}\n")
        out.write(f"\n`tonecheck explain {members[0].id}` explains one of them.\n")
        return
    rule = ruleset.rules.get(rule_id)
    if rule is None:
        raise RuleError(f"no rule {rule_id!r}{_did_you_mean(ruleset, rule_id)} (see `tonecheck rules list`)")
    model = rule.model
    out.write(f"{rule.id}  ({model.severity}, {rule.category})\n\n")
    out.write(_para(with_examples(model.message)) + "\n")
    out.write("Why:\n" + _para(" ".join(model.why.split()), "  ") + "\n")
    out.write(f"Applies to: {', '.join(model.kinds)}\n")
    out.write(f"Fix: {model.fix}\n")
    if model.learned is not None:
        out.write(f"Learned: {_learned(model.learned)}\n")
    out.write("\nSuggested rewrites:\n")
    for suggestion in model.suggest:
        out.write(_para(with_examples(suggestion), "  - ", "    "))
    out.write("\nFlagged:\n")
    for example in model.examples.flag:
        out.write(_para(example.text, "  ✗ ", "    "))
        if example.rewrite:
            out.write(_para(example.rewrite, "    → ", "      "))
    out.write("\nFine:\n")
    for example in model.examples.pass_:
        out.write(_para(example.text, "  ✓ ", "    "))


def _did_you_mean(ruleset: RuleSet, name: str) -> str:
    """ "; did you mean ...?" for a near miss, or a rule's name given without its category."""
    known = [*ruleset.rules, *ruleset.categories, UNUSED_SUPPRESSION]
    by_name = [rule_id for rule_id in known if "/" in rule_id and rule_id.split("/", 1)[1] == name]
    close = by_name or difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not close:
        # A near miss of the name alone ("accusatory/sarcasam").
        names = {rule_id.split("/", 1)[-1]: rule_id for rule_id in known}
        near = difflib.get_close_matches(name.split("/", 1)[-1], list(names), n=1, cutoff=0.75)
        close = [names[near[0]]] if near else []
    return f"; did you mean {close[0]!r}?" if close else ""


def _para(text: str, first: str = "", rest: str | None = None) -> str:
    lines = []
    for paragraph in text.split("\n"):
        lines.append(
            textwrap.fill(
                paragraph,
                width=96,
                initial_indent=first,
                subsequent_indent=rest if rest is not None else first,
                break_on_hyphens=False,  # "follow-up" and "bridge-burning" stay whole
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
                with_examples(model.message),
                "",
                f"- Severity: {model.severity}",
                f"- Applies to: {', '.join(model.kinds)}",
                f"- Fix: {model.fix}",
                *([f"- Learned: {_learned(model.learned)}"] if model.learned is not None else []),
                "",
                " ".join(model.why.split()),
                "",
                "Suggested rewrites:",
                "",
            ]
            lines += [f"- {_escape(with_examples(text))}" for text in model.suggest]
            lines += ["", "Flagged:", ""]
            lines += [f"- {_escape(example.text)}" for example in model.examples.flag]
            lines += ["", "Not flagged:", ""]
            lines += [f"- {_escape(example.text)}" for example in model.examples.pass_]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _escape(text: str) -> str:
    one_line = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    return one_line.replace("<", "&lt;").replace(">", "&gt;")


def _learned(learned: Learned) -> str:
    silent = (
        f"; silent where {', '.join(learned.unless_flagged)} has a finding" if learned.unless_flagged else ""
    )
    return f"a text model ({learned.file}) scoring the message above {learned.above}{silent}"
