"""Findings as the editor shows them: diagnostics, the hover that explains one, and errors in a draft.

A diagnostic carries the rule id as its `code`, a link to the rule's section of the rule reference
(built-in rules only: a project's own rules are not in it), the severity mapped from the finding's,
and `source: "tonecheck"`. A finding whose position indexes a decoded email body (base64 or HTML) has
no place in the file; it is shown at the top of the document and says so.
"""

from __future__ import annotations

import functools
import re

from lsprotocol import types

from tonecheck.engine.suppress import UNUSED_RULE
from tonecheck.errors import TonecheckError
from tonecheck.findings import Finding, Severity
from tonecheck.lsp.positions import PositionMap
from tonecheck.rulefiles.locate import builtin_rules_dir

SOURCE = "tonecheck"
REFERENCE_URL = "https://github.com/tonecheck/tonecheck/blob/main/rules/REFERENCE.md"
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@functools.lru_cache(maxsize=512)
def reference_link(rule: str) -> str | None:
    """The rule's section of the rule reference, for built-in rules."""
    category, _, name = rule.partition("/")
    if not name or not (builtin_rules_dir() / category / f"{name}.yaml").is_file():
        return None
    # GitHub's heading anchors: lower case, punctuation other than '-' dropped (the heading is `id`).
    return f"{REFERENCE_URL}#{re.sub(r'[^a-z0-9_ -]', '', rule.lower()).replace(' ', '-')}"


def in_file(finding: Finding) -> bool:
    """Whether the finding's offsets index the document itself (not a decoded email body)."""
    return finding.offsets == "original"


def finding_range(finding: Finding, positions: PositionMap) -> types.Range:
    if not in_file(finding):
        return positions.range(0, 0)
    return positions.range(finding.start, finding.end)


def to_diagnostic(finding: Finding, positions: PositionMap) -> types.Diagnostic:
    message = finding.message
    if not in_file(finding):
        message = f"{message} (in the decoded message body: {finding.text!r})"
    link = reference_link(finding.rule)
    return types.Diagnostic(
        range=finding_range(finding, positions),
        message=message,
        severity=_SEVERITIES[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if finding.rule == UNUSED_RULE else None,
    )


def error_diagnostic(error: TonecheckError, positions: PositionMap, path: str) -> types.Diagnostic:
    """A draft, its front matter or its configuration that cannot be read: the command line's error,
    on the line it names when it is in this document, else on the first line."""
    line = error.line - 1 if error.line is not None and error.path == path else 0
    return types.Diagnostic(
        range=positions.range(positions.line_start(line), positions.line_start(line + 1)),
        message=f"tonecheck cannot lint this draft: {error}",
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def hover_text(findings: list[Finding], markdown: bool = True) -> str:
    """The findings under the cursor: what, why, the rewrites and the rule's reference (Markdown, or
    plain text for a client that does not render it)."""
    parts = []
    for finding in findings:
        code = f"`{finding.rule}`" if markdown else finding.rule
        headline = f"**{finding.message}**" if markdown else finding.message
        lines = [f"{headline} ({finding.severity}, {code})"]
        if finding.why:
            lines.append(f"Why: {finding.why}")
        if finding.suggestions and finding.rule != UNUSED_RULE:
            lines.append("Try:\n" + "\n".join(f"- {suggestion}" for suggestion in finding.suggestions))
        link = reference_link(finding.rule)
        if link:
            lines.append(f"[Rule reference]({link})" if markdown else f"Rule reference: {link}")
        parts.append("\n\n".join(lines))
    return ("\n\n---\n\n" if markdown else "\n\n").join(parts)
