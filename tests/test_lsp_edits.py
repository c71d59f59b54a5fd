"""The language server's edits without a server: positions in the client's units, silencing edits."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tonecheck.findings import Finding, Severity
from tonecheck.lsp.positions import PositionMap
from tonecheck.lsp.silence import silence_file, silence_line


def test_positions_count_utf16_units_and_lsp_line_breaks():
    text = "a\r\nb😀c\rd\u2028e"
    positions = PositionMap(text)
    assert positions.position(text.index("c")) == types.Position(line=1, character=3)  # 😀 is two units
    assert positions.position(text.index("d")) == types.Position(line=2, character=0)  # \r ends a line
    assert positions.position(text.index("e")) == types.Position(line=2, character=2)  # \u2028 does not
    assert positions.offset(types.Position(line=1, character=3)) == text.index("c")
    assert PositionMap(text, "utf-32").position(text.index("c")).character == 2
    assert positions.position(len(text) + 5) == positions.position(len(text))


def _finding(rule: str, line: int) -> Finding:
    return Finding(rule, rule.split("/")[0], Severity.WARNING, "m", 0, 0, line, 1, line, 1, "")


def test_silencing_a_line_puts_the_comment_on_the_line_before():
    text = "# Note\n\n  Per my last email, hi.\n"
    edit = silence_line(text, _finding("accusatory/per-my-last-email", 3))
    assert edit is not None
    comment = "  <!-- tonecheck-ignore-next-line accusatory/per-my-last-email -->\n"
    assert edit.applied_to(text) == f"# Note\n\n{comment}  Per my last email, hi.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi.\n", "---\ntonecheck-ignore: [a/b]\n---\nHi.\n"),
        ("---\nkind: check-in\n---\nHi.\n", "---\nkind: check-in\ntonecheck-ignore: [a/b]\n---\nHi.\n"),
        ("---\ntonecheck-ignore: [c/d]\n---\nHi.\n", "---\ntonecheck-ignore: [c/d, a/b]\n---\nHi.\n"),
        ("---\ntonecheck-ignore: []\n---\nHi.\n", "---\ntonecheck-ignore: [a/b]\n---\nHi.\n"),
        ("---\ntonecheck-ignore: c/d\n---\nHi.\n", "---\ntonecheck-ignore: [c/d, a/b]\n---\nHi.\n"),
        (
            "---\ntonecheck-ignore:\n  - c/d\nkind: other\n---\nHi.\n",
            "---\ntonecheck-ignore:\n  - c/d\n  - a/b\nkind: other\n---\nHi.\n",
        ),
        (
            "---\r\nkind: other\r\n---\r\nHi.\r\n",
            "---\r\nkind: other\r\ntonecheck-ignore: [a/b]\r\n---\r\nHi.\r\n",
        ),
    ],
)
def test_silencing_a_file_adds_the_rule_to_the_front_matter(text, expected):
    edit = silence_file(text, "a/b")
    assert edit is not None and edit.applied_to(text) == expected


def test_no_file_silencing_when_the_front_matter_is_broken():
    assert silence_file("---\nreply_by: 2026-03-02\n---\nHi.\n", "a/b") is None


def test_the_benchmark_draft_has_300_words_and_each_edit_types_one_more():
    from tonecheck.benchmark.lsp import draft_of, typed

    draft = draft_of(300, 2026)
    assert 300 <= len(draft.split()) < 340
    edits = {typed(draft, edit) for edit in range(20)}
    assert len(edits) == 20 and all(len(text.split()) == len(draft.split()) + 1 for text in edits)
