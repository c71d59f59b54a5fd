"""Timing rules in the too-late direction (`late-contact`), `requested-date`, and their rule-file checks."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.errors import InputError, RuleError
from tonecheck.inputs.context import read_front_matter
from tonecheck.rulefiles.load import load_ruleset

from .conftest import MINIMAL_RULES, lint_text

TOO_LATE = """severity: warning
kinds: [thank-you]
message: "Sent {send_date}; it was due by {latest}."
why: Thank them within a business day.
fix: none
span: sentence
suggest: ["Send it anyway."]
timing:
  trigger: {elements: [gratitude]}
  after: interview-date
  wait: 1
  direction: too-late
  wait-setting: thank-you-window
  unless-check-in: [update-ask]
examples:
  flag:
    - text: Thank you for meeting me.
      context: {interview-date: 2026-03-06, send-date: 2026-03-10}
  pass:
    - text: Thank you for meeting me.
      context: {interview-date: 2026-03-06, send-date: 2026-03-09}
"""


@pytest.fixture
def late_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL_RULES, target)
    (target / "late").mkdir()
    (target / "late" / "thanks-late.yaml").write_text(TOO_LATE)
    return target


def _engine(rules: Path, blank_nlp, **settings):
    from tonecheck.engine.lint import Engine, Settings

    return Engine(load_ruleset([rules], include_builtin=False), blank_nlp, Settings(**settings))


def _late(engine, text: str, interview: str, send: str) -> list[str]:
    result = lint_text(engine, text, kind="thank-you", interview_date=interview, send_date=send)
    return [finding.message for finding in result.findings if finding.rule == "late/thanks-late"]


def test_a_thank_you_after_the_next_business_day_is_late(late_rules, blank_nlp):
    engine = _engine(late_rules, blank_nlp)
    text = "Thank you for meeting me on Friday."
    assert _late(engine, text, "2026-03-06", "2026-03-06") == []
    assert _late(engine, text, "2026-03-06", "2026-03-09") == []  # Friday, then Monday
    assert _late(engine, text, "2026-03-06", "2026-03-10") == [
        "Sent Tuesday 2026-03-10; it was due by Monday 2026-03-09."
    ]


def test_a_longer_thank_you_window_extends_the_deadline(late_rules, blank_nlp):
    engine = _engine(late_rules, blank_nlp, thank_you_window_hours=96)
    assert _late(engine, "Thank you for meeting me.", "2026-03-02", "2026-03-06") == []
    assert _late(engine, "Thank you for meeting me.", "2026-03-02", "2026-03-09") != []


def test_once_a_check_in_is_due_a_note_asking_for_news_is_not_late(late_rules, blank_nlp):
    engine = _engine(late_rules, blank_nlp)
    text = "Thank you for meeting me. Any news on the role?"
    assert _late(engine, text, "2026-03-02", "2026-03-04") != []  # too late to thank, too soon to ask
    assert _late(engine, text, "2026-03-02", "2026-03-09") == []  # the check-in day


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (("wait-setting: thank-you-window", "wait-setting: check-in-wait"), "applies to direction too-soon"),
        (("direction: too-late", "direction: later"), "direction"),
        (("unless-check-in: [update-ask]", "unless-check-in: [no-such-thing]"), "unknown element"),
    ],
)
def test_bad_too_late_rules_do_not_load(late_rules, change, error):
    path = late_rules / "late" / "thanks-late.yaml"
    path.write_text(TOO_LATE.replace(*change))
    with pytest.raises(RuleError) as caught:
        load_ruleset([late_rules], include_builtin=False)
    assert error in str(caught.value) and "thanks-late.yaml" in str(caught.value)


def test_requested_date_is_read_and_checked_like_the_other_dates():
    front = read_front_matter("---\nrequested-date: 2026-03-02\nsend-date: 2026-03-05\n---\nHi\n", "d.txt")
    assert front is not None and front.context.requested_date == dt.date(2026, 3, 2)
    with pytest.raises(InputError, match=r"d.txt:2: requested-date: '2026-02-31' is not a date"):
        read_front_matter("---\nrequested-date: 2026-02-31\n---\nHi\n", "d.txt")
    with pytest.raises(InputError, match="send-date 2026-03-01 is before requested-date 2026-03-02"):
        read_front_matter("---\nrequested-date: 2026-03-02\nsend-date: 2026-03-01\n---\nHi\n", "d.txt")


@pytest.mark.model
def test_an_emails_date_header_makes_a_thank_you_late(tmp_path):
    draft = tmp_path / "thanks.eml"
    draft.write_text(
        "From: alex@example.com\nTo: sam@example.com\nSubject: Thank you\n"
        "Date: Thu, 05 Mar 2026 09:00:00 +0000\n\n"
        "Hi Sam,\n\nThank you for meeting with me on Monday about the analyst role. I enjoyed hearing about "
        "the reporting work and I'm keen to join the team.\n\nBest,\nAlex\n",
        encoding="utf-8",
    )
    args = [str(draft), "--interview-date", "2026-03-02", "--no-cache", "--isolated", "--format", "concise"]
    result = CliRunner().invoke(app, args)
    assert "[late-contact/thank-you-late]" in result.stdout
    on_time = CliRunner().invoke(app, [*args[:2], "2026-03-04", *args[3:]])
    assert "late-contact" not in on_time.stdout


@pytest.mark.model
def test_materials_sent_three_business_days_after_the_request_are_late(engine):
    text = "Hi Tomasz,\n\nThanks for your time. I've attached the references you asked for.\n\nBest,\nAnika\n"
    late = lint_text(engine, text, kind="materials", requested_date="2026-03-02", send_date="2026-03-05")
    assert [f.rule for f in late.findings if f.category == "late-contact"] == ["late-contact/materials-late"]
    on_time = lint_text(engine, text, kind="materials", requested_date="2026-03-02", send_date="2026-03-04")
    assert not [f for f in on_time.findings if f.category == "late-contact"]
