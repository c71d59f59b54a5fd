"""Suppressions in front matter and Markdown comments, and the notice for one that silences nothing."""

import json

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.engine.suppress import UNUSED_RULE, comment_suppressions

pytestmark = pytest.mark.model

TEMPLATES = """# Templates

## Check-in

Hi [Name],

Thank you for the interview.
<!-- tonecheck-ignore-next-line accusatory/per-my-last-email -->
Per my last email, I am keen.
Per my last email, I am still keen.

Best,
[Your Name]

## Loud check-in

<!-- tonecheck-disable accusatory -->
Hi [Name],

Thank you for the interview. I am STILL keen and per my last email I can start now.
<!-- tonecheck-enable -->

Best,
[Your Name]

## Quiet one

<!-- tonecheck-ignore-next-line bridge-burning -->
Hi [Name], thank you for the interview. Best, [Your Name]
"""


def test_comment_parsing():
    found = comment_suppressions(TEMPLATES)
    assert [(s.ids, s.first_line, s.last_line) for s in found] == [
        (("accusatory/per-my-last-email",), 9, 9),
        (("accusatory",), 17, 21),
        (("bridge-burning",), 29, 29),
    ]


def _findings(tmp_path, name: str, text: str) -> list[dict]:
    path = tmp_path / name
    path.write_text(text)
    result = CliRunner().invoke(app, [str(path), "-f", "json", "--isolated"])
    return json.loads(result.stdout)["files"][0]["findings"]


def test_markdown_comments_silence_one_line_or_a_block(tmp_path):
    findings = _findings(tmp_path, "t.md", TEMPLATES)
    per_my_last = [f["line"] for f in findings if f["rule"] == "accusatory/per-my-last-email"]
    assert per_my_last == [10]  # line 9 is silenced, line 10 is not
    assert not [f for f in findings if f["category"] == "accusatory" and 17 <= f["line"] <= 21]
    unused = [f for f in findings if f["rule"] == UNUSED_RULE]
    assert [(f["line"], f["severity"]) for f in unused] == [(28, "info")]


def test_front_matter_ignore_and_unused_entries(tmp_path):
    text = (
        # The kind is given, so that missing-interest surely applies and only bridge-burning is unused.
        "---\nkind: thank-you\ntonecheck-ignore: [accusatory/per-my-last-email, missing-interest, "
        "bridge-burning]\n---\nThanks for the call. Per my last email, see "
        "below.\n"
    )
    findings = _findings(tmp_path, "d.txt", text)
    assert [f["rule"] for f in findings] == [UNUSED_RULE]
    assert "bridge-burning" in findings[0]["message"] and findings[0]["severity"] == "info"
