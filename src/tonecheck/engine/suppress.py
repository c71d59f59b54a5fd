"""Silencing rules where a template is deliberately unusual, and reporting silencers that do nothing.

A draft's front matter may hold `tonecheck-ignore: [rule ids or categories]` for the whole file. A
Markdown file may hold HTML comments:

    <!-- tonecheck-disable accusatory/shouting-capitals -->  ...  <!-- tonecheck-enable -->
    <!-- tonecheck-ignore-next-line missing-thanks -->

With no ids, a comment applies to every rule. A suppression that silences nothing is reported as `info`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from tonecheck.findings import Finding, Severity
from tonecheck.inputs.textmap import LineIndex
from tonecheck.names import UNUSED_SUPPRESSION

UNUSED_RULE = UNUSED_SUPPRESSION
_COMMENT = re.compile(r"<!--\s*tonecheck-(disable|enable|ignore-next-line)\b([^>]*?)\s*-->")


@dataclass
class Suppression:
    ids: tuple[str, ...]  # empty: every rule
    first_line: int
    last_line: int | None  # None: to the end of the file
    start: int  # where the suppressing comment or key is, for the unused notice
    end: int
    used: bool = field(default=False)

    def covers(self, finding: Finding) -> bool:
        if finding.line < self.first_line or (self.last_line is not None and finding.line > self.last_line):
            return False
        return not self.ids or finding.rule in self.ids or finding.category in self.ids


def comment_suppressions(text: str) -> list[Suppression]:
    """The suppressions that HTML comments in a Markdown file declare."""
    lines = LineIndex(text)
    found: list[Suppression] = []
    open_blocks: list[Suppression] = []
    for match in _COMMENT.finditer(text):
        verb = match.group(1)
        ids = tuple(part for part in re.split(r"[\s,]+", match.group(2).strip()) if part)
        line, _column = lines.position(match.start())
        if verb == "ignore-next-line":
            found.append(Suppression(ids, line + 1, line + 1, match.start(), match.end()))
        elif verb == "disable":
            block = Suppression(ids, line, None, match.start(), match.end())
            found.append(block)
            open_blocks.append(block)
        else:
            for block in list(open_blocks):
                if not ids or set(ids) & set(block.ids) or not block.ids:
                    block.last_line = line
                    open_blocks.remove(block)
    return found


def front_matter_suppressions(ids: tuple[str, ...], text: str) -> list[Suppression]:
    if not ids:
        return []
    match = re.search(r"^tonecheck-ignore\s*:", text, re.MULTILINE)
    start, end = (match.start(), match.end()) if match else (0, 0)
    return [Suppression((rule_id,), 1, None, start, end) for rule_id in ids]


def apply(findings: list[Finding], suppressions: list[Suppression], text: str) -> list[Finding]:
    """The findings no suppression covers, plus an `info` finding for each suppression never used."""
    kept = []
    for finding in findings:
        covering = [s for s in suppressions if s.covers(finding)]
        for suppression in covering:
            suppression.used = True
        if not covering:
            kept.append(finding)
    lines = LineIndex(text)
    for suppression in suppressions:
        if not suppression.used:
            kept.append(_unused(suppression, text, lines))
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule))


def _unused(suppression: Suppression, text: str, lines: LineIndex) -> Finding:
    line, column = lines.position(suppression.start)
    end_line, end_column = lines.position(suppression.end)
    what = ", ".join(suppression.ids) if suppression.ids else "all rules"
    return Finding(
        rule=UNUSED_RULE,
        category="tonecheck",
        severity=Severity.INFO,
        message=f"This suppression ({what}) silences nothing; remove it.",
        start=suppression.start,
        end=suppression.end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        text=text[suppression.start : suppression.end],
        suggestions=("Remove the unused suppression.",),
    )


def with_severity(finding: Finding, severity: Severity) -> Finding:
    return replace(finding, severity=severity)
