"""Code actions: each rewrite a finding suggests, silencing a rule, and applying every safe fix.

Rewrites and the fix-all edit go through ``engine.fixes`` (as `--fix` does), so an action never drops
or alters a placeholder and fix-all applies exactly what `tonecheck --fix` would. A finding's first
rewrite is marked preferred when its rule calls the fix safe. Findings in a decoded email body have no
place in the file and get no edit.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from lsprotocol import types

from tonecheck.engine.fixes import choose_fixes, plan
from tonecheck.engine.suppress import UNUSED_RULE
from tonecheck.findings import Finding, Fix
from tonecheck.inputs.messages import EMAIL_SUFFIXES, MARKDOWN_SUFFIXES
from tonecheck.lsp.diagnostics import in_file, to_diagnostic
from tonecheck.lsp.linting import Linted
from tonecheck.lsp.positions import PositionMap
from tonecheck.lsp.silence import TextEdit, silence_file, silence_line

FIX_ALL_COMMAND = "tonecheck.fixAll"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.tonecheck"
_TITLE_WIDTH = 70


def code_actions(
    uri: str, linted: Linted, positions: PositionMap, start: int, end: int, only: list[str] | None = None
) -> list[types.CodeAction]:
    """The actions for the findings that touch ``text[start:end]``, then fix-all when it does anything."""
    actions: list[types.CodeAction] = []
    for finding in linted.findings:
        if not in_file(finding) or finding.end < start or end < finding.start:
            continue
        diagnostic = to_diagnostic(finding, positions)
        for title, edit, preferred in _finding_edits(linted, finding):
            action = types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=preferred or None,
                edit=workspace_edit(uri, positions, [edit]),
            )
            actions.append(action)
    fix_all = fix_all_action(uri, linted, positions)
    if fix_all is not None:
        actions.append(fix_all)
    if only:
        actions = [a for a in actions if any(_kind_within(a.kind, wanted) for wanted in only)]
    return actions


def fix_all_action(uri: str, linted: Linted, positions: PositionMap) -> types.CodeAction | None:
    edits = fix_all_edits(linted)
    if not edits:
        return None
    return types.CodeAction(
        title="tonecheck: apply all safe fixes",
        kind=FIX_ALL_KIND,
        edit=workspace_edit(uri, positions, edits),
    )


def fix_all_edits(linted: Linted) -> list[TextEdit]:
    """The safe fixes `tonecheck --fix` would apply to this text, as separate edits."""
    fixes = plan(linted.path, linted.text, linted.findings, unsafe=False).applied
    return [TextEdit(fix.start, fix.end, fix.replacement) for fix in fixes]


def workspace_edit(uri: str, positions: PositionMap, edits: list[TextEdit]) -> types.WorkspaceEdit:
    text_edits = [
        types.TextEdit(range=positions.range(edit.start, edit.end), new_text=edit.new_text) for edit in edits
    ]
    return types.WorkspaceEdit(changes={uri: text_edits})


def _finding_edits(linted: Linted, finding: Finding) -> list[tuple[str, TextEdit, bool]]:
    edits: list[tuple[str, TextEdit, bool]] = []
    text = linted.text
    if finding.rule == UNUSED_RULE:
        removal = _remove_suppression(text, finding)
        if removal is not None:
            edits.append(("Remove the unused suppression", removal, True))
        return edits
    for index, suggestion in enumerate(finding.suggestions):
        fix = _fix_for(finding, index, suggestion)
        # choose_fixes refuses a rewrite that loses a placeholder, as `--fix` does, and shapes the edit as
        # `--fix` would (an insertion inside a line takes in the space before it).
        chosen = choose_fixes(text, [replace(finding, fix=fix)], unsafe=True) if fix is not None else []
        if not chosen:
            continue
        edit = chosen[0]
        verb = "Insert" if finding.start == finding.end else "Replace with"
        edits.append(
            (f"{verb} “{_shorten(suggestion)}”", TextEdit(edit.start, edit.end, edit.replacement), fix.safe)
        )
    suffix = PurePath(linted.path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        line_edit = silence_line(text, finding)
        if line_edit is not None:
            edits.append((f"Silence {finding.rule} on this line", line_edit, False))
    if suffix not in EMAIL_SUFFIXES:  # an email file has no front matter to hold the key
        file_edit = silence_file(text, finding.rule)
        if file_edit is not None:
            edits.append((f"Silence {finding.rule} in this file", file_edit, False))
    return edits


def _fix_for(finding: Finding, index: int, suggestion: str) -> Fix | None:
    """The fix that puts suggestion ``index`` in place of the finding's words."""
    fix = finding.fix
    if fix is not None and index == 0:
        return fix
    if finding.start == finding.end:
        if fix is None or not finding.suggestions or finding.suggestions[0] not in fix.replacement:
            return None  # an insertion needs the engine's paragraph breaks around it
        return Fix(fix.start, fix.end, fix.replacement.replace(finding.suggestions[0], suggestion, 1), False)
    return Fix(finding.start, finding.end, suggestion, False)


def _remove_suppression(text: str, finding: Finding) -> TextEdit | None:
    """Delete an unused suppression comment, with its line when it stands alone on one."""
    if not finding.text.startswith("<!--"):
        return None  # a front-matter key: left to the author
    start, end = finding.start, finding.end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end + 1
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        return TextEdit(line_start, line_end, "")
    return TextEdit(start, end, "")


def _shorten(text: str) -> str:
    return text if len(text) <= _TITLE_WIDTH else text[: _TITLE_WIDTH - 1].rstrip() + "…"


def _kind_within(kind: str | None, wanted: str) -> bool:
    """LSP kinds are hierarchical: `source.fixAll.tonecheck` is within `source.fixAll` and `source`."""
    return kind is not None and (kind == wanted or kind.startswith(f"{wanted}."))
