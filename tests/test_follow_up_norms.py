"""Issue 16's categories: missing-interest, missing-attachment and missing-keep-in-touch, with the facts
about a message they need (its attachments) and the conditions rules use (`if-context`, `unless-flagged`)."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.errors import InputError
from tonecheck.inputs.context import read_front_matter
from tonecheck.inputs.emails import read_email
from tonecheck.rulefiles.schema import RuleModel

from .conftest import ROOT

CLAIM = (
    "Hi Tomas,\n\nThank you for your time on Tuesday. I've attached my portfolio, as promised.\n\n"
    "Best,\nEve\n"
)
THANK_YOU = (
    "Hi Maya,\n\nThank you for meeting with me today about the {{role}} position at {{company}}.\n\n"
    "Best,\nJon\n"
)
REJECTION_REPLY = (
    "Hi Rosa,\n\nThank you for letting me know. I wish you and the team all the best.\n\nBest,\nDev\n"
)
BURNED = "Hi Rosa,\n\nThank you for letting me know. Frankly, it's your loss.\n\nDev\n"


def _email(body: str, attachment: str | None) -> bytes:
    message = EmailMessage()
    message["From"] = "eve@example.org"
    message["To"] = "tomas@example.org"
    message["Subject"] = "Portfolio"
    message.set_content(body)
    if attachment:
        message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename=attachment)
    return bytes(message)


def test_front_matter_attachments_are_file_names():
    def attachments(block: str) -> tuple[str, ...] | None:
        front = read_front_matter(f"---\n{block}\n---\nHi", "d.txt")
        assert front is not None
        return front.context.attachments

    assert attachments("attachments: [portfolio.pdf, refs.pdf]") == ("portfolio.pdf", "refs.pdf")
    assert attachments("attachments: []") == ()
    assert attachments("attachments: cv.pdf") == ("cv.pdf",)
    assert attachments("kind: materials") is None  # nothing said: unknown, not "none"
    with pytest.raises(InputError) as caught:
        read_front_matter("---\nkind: materials\nattachments: {cv: 1}\n---\nHi", "d.txt")
    assert str(caught.value) == "d.txt:3: attachments: expected a list of file names, such as [portfolio.pdf]"


def test_an_email_reports_its_attachment_parts():
    with_file = _email(CLAIM, "portfolio.pdf")
    assert read_email(with_file, with_file.decode(), "a.eml").attachments == ("portfolio.pdf",)
    without = _email(CLAIM, None)
    assert read_email(without, without.decode(), "b.eml").attachments == ()


def test_if_context_and_unless_flagged_are_checked_when_rules_load():
    rule = {
        "severity": "error",
        "kinds": ["materials"],
        "message": "m",
        "why": "w",
        "suggest": ["s"],
        "match": {"phrases": ["attached"], "if-context": {"attachments": "maybe"}},
        "examples": {"flag": ["a"], "pass": ["b"]},
    }
    with pytest.raises(ValidationError):
        RuleModel.model_validate(rule)
    rule["match"]["if-context"] = {"attachments": "none"}
    assert RuleModel.model_validate(rule).match.if_context.attachments == "none"


def _findings(runner: CliRunner, path: Path, *args: str) -> list[dict]:
    result = runner.invoke(app, [str(path), "-f", "json", "--isolated", "--no-cache", *args])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["files"][0]["findings"]


@pytest.mark.model
class TestWithTheModel:
    @pytest.fixture
    def runner(self) -> CliRunner:
        return CliRunner()

    def test_missing_attachment_needs_attachment_information(self, runner, tmp_path):
        def rules(name: str, content: bytes | str) -> list[str]:
            path = tmp_path / name
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
            return [f"{f['rule']}:{f['severity']}" for f in _findings(runner, path, "--kind", "materials")]

        claim = "missing-attachment/promised-attachment:error"
        assert claim in rules("bare.eml", _email(CLAIM, None))
        assert claim not in rules("with-file.eml", _email(CLAIM, "portfolio.pdf"))
        assert claim not in rules("no-information.txt", CLAIM)
        assert claim in rules("none.txt", "---\nattachments: []\n---\n" + CLAIM)
        assert claim not in rules("listed.txt", "---\nattachments: [portfolio.pdf]\n---\n" + CLAIM)

    def test_a_bad_attachments_key_is_a_one_line_error(self, runner, tmp_path):
        path = tmp_path / "d.txt"
        path.write_text("---\nattachments: 3\n---\n" + CLAIM)
        result = runner.invoke(app, [str(path), "--isolated", "--no-cache"])
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [
            f"tonecheck: error: {path}:2: attachments: expected a list of file names, such as [portfolio.pdf]"
        ]

    def test_interest_suggestion_keeps_role_and_company_placeholders(self, runner, tmp_path):
        path = tmp_path / "note.txt"
        path.write_text(THANK_YOU)
        findings = _findings(runner, path, "--kind", "thank-you")
        found = [f for f in findings if f["category"] == "missing-interest"]
        assert len(found) == 1 and found[0]["severity"] == "info"
        assert "the {{role}} position at {{company}}" in found[0]["suggestions"][0]

    def test_select_ignore_and_configuration_reach_the_new_categories(self, runner, tmp_path):
        path = tmp_path / "reply.txt"
        path.write_text(REJECTION_REPLY)

        def categories(*args: str) -> set[str]:
            return {f["category"] for f in _findings(runner, path, "--kind", "rejection-reply", *args)}

        assert "missing-keep-in-touch" in categories()
        assert "missing-keep-in-touch" not in categories("--ignore", "missing-keep-in-touch")
        assert categories("--select", "missing-interest") == set()  # not a thank-you or a check-in
        assert categories("--select", "missing-keep-in-touch") == {"missing-keep-in-touch"}
        (tmp_path / ".tonecheck.yaml").write_text(
            "ignore: [missing-interest]\nseverity: {missing-keep-in-touch: warning}\n"
        )
        result = runner.invoke(app, [str(path), "-f", "json", "--no-cache", "--kind", "rejection-reply"])
        findings = json.loads(result.stdout)["files"][0]["findings"]
        assert [(f["category"], f["severity"]) for f in findings] == [("missing-keep-in-touch", "warning")]

    def test_a_reply_that_burns_the_bridge_is_not_asked_to_keep_in_touch(self, runner, tmp_path):
        path = tmp_path / "burned.txt"
        path.write_text(BURNED)
        everything = {f["category"] for f in _findings(runner, path, "--kind", "rejection-reply")}
        assert "bridge-burning" in everything and "missing-keep-in-touch" not in everything
        # The condition holds even when the run leaves bridge-burning out.
        selected = _findings(runner, path, "--kind", "rejection-reply", "--select", "missing-keep-in-touch")
        assert selected == []


def test_unless_flagged_names_a_known_category(tmp_path):
    from tonecheck.errors import RuleError
    from tonecheck.rulefiles.load import load_ruleset

    folder = tmp_path / "house" / "keep-door-open"
    folder.mkdir(parents=True)
    text = (ROOT / "rules" / "missing-keep-in-touch" / "rejection-reply.yaml").read_text()
    (folder / "typo.yaml").write_text(text.replace("[bridge-burning]", "[bridge-burnin]"))
    with pytest.raises(RuleError) as caught:
        load_ruleset([tmp_path / "house"])
    assert "unless-flagged: unknown category 'bridge-burnin'" in str(caught.value)
