"""`tonecheck plan`: the follow-up schedule, its output formats, and its agreement with the timing rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tonecheck.cli import app
from tonecheck.dates import (
    AFTER_REPLY_BY,
    CHECK_IN_WAIT,
    MATERIALS_DAYS,
    THANK_YOU_DAYS,
    add_business_days,
    too_late,
    too_soon,
)
from tonecheck.run.plan import STEPS, make_plan

from .conftest import lint_text, one_error_line


def _previous_business_day(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


interviews = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)).filter(
    lambda day: day.weekday() < 5
)


# --- the schedule -------------------------------------------------------------------------------------


def test_plan_without_reply_by_follows_the_advice():
    plan = make_plan(dt.date(2026, 3, 6))  # a Friday
    days = {step.name: step.due for step in plan.steps}
    assert days == {
        "thank-you": dt.date(2026, 3, 9),  # the next business day, over the weekend
        "check-in": dt.date(2026, 3, 13),  # five business days after the interview
        "second-check-in": dt.date(2026, 3, 20),  # about a week later
        "last-note": dt.date(2026, 3, 27),
    }


def test_plan_with_reply_by_checks_in_the_business_day_after():
    plan = make_plan(dt.date(2026, 3, 2), reply_by=dt.date(2026, 3, 13))
    assert plan.steps[1].due == dt.date(2026, 3, 16)


def test_configured_waits_move_the_plan():
    plan = make_plan(dt.date(2026, 3, 2), check_in_wait=8, window_hours=72)
    assert plan.steps[0].due == dt.date(2026, 3, 5)
    assert plan.steps[1].due == dt.date(2026, 3, 12)


def test_a_late_check_in_moves_the_steps_after_it():
    plan = make_plan(dt.date(2026, 3, 2), sent={"check-in": dt.date(2026, 3, 18)})
    assert plan.steps[1].sent == dt.date(2026, 3, 18)
    assert plan.steps[2].due == dt.date(2026, 3, 25)


@given(interviews, st.one_of(st.none(), st.integers(0, 15)))
def test_plan_days_are_in_order_and_never_against_the_timing(interview, reply_gap):
    reply_by = None if reply_gap is None else add_business_days(interview, reply_gap)
    plan = make_plan(interview, reply_by)
    thank_you, check_in, second, last = plan.steps
    assert not too_late(thank_you.due, interview, THANK_YOU_DAYS)
    assert too_late(add_business_days(thank_you.due, 1), interview, THANK_YOU_DAYS)
    anchor, wait = (interview, CHECK_IN_WAIT) if reply_by is None else (reply_by, AFTER_REPLY_BY)
    assert not too_soon(check_in.due, anchor, wait)
    assert too_soon(_previous_business_day(check_in.due), anchor, wait)
    # An employer who promised an answer on the interview day may be asked the next business day.
    assert thank_you.due <= check_in.due < second.due < last.due
    assert all(step.due.weekday() < 5 for step in plan.steps)


def test_the_rule_files_wait_as_long_as_the_plan(builtin_ruleset):
    """The rules keep their waits as data; the plan's defaults must be the same numbers."""
    timing = {rule_id: rule.model.timing for rule_id, rule in builtin_ruleset.rules.items()}
    assert timing["premature-contact/check-in-too-soon"].wait == CHECK_IN_WAIT
    assert timing["premature-contact/check-in-before-reply-by"].wait == AFTER_REPLY_BY
    assert timing["late-contact/thank-you-late"].wait == THANK_YOU_DAYS
    assert timing["late-contact/thank-you-late"].direction == "too-late"
    assert timing["late-contact/materials-late"].wait == MATERIALS_DAYS
    assert timing["late-contact/materials-promised-late"].wait == MATERIALS_DAYS


# --- the command ------------------------------------------------------------------------------------


def test_text_output_lists_every_step_with_its_day(runner):
    result = runner.invoke(app, ["plan", "--interview-date", "2026-03-02", "--reply-by", "2026-03-06"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Mon 2026-03-02" in lines[0] and "Fri 2026-03-06" in lines[0]
    steps = [line.split() for line in lines if line.strip().split(" ")[0] in STEPS]
    assert [(words[0], words[-1]) for words in steps] == [
        ("thank-you", "2026-03-03"),
        ("check-in", "2026-03-09"),
        ("second-check-in", "2026-03-16"),
        ("last-note", "2026-03-23"),
    ]


def test_json_output_marks_what_was_sent(runner):
    args = ["plan", "--interview-date", "2026-03-06", "--sent", "thank-you=2026-03-10", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["interview_date"] == "2026-03-06" and data["reply_by"] is None
    first = data["steps"][0]
    assert (first["step"], first["date"], first["sent"], first["late"]) == (
        "thank-you",
        "2026-03-09",
        "2026-03-10",
        True,
    )
    assert [step["step"] for step in data["steps"]] == list(STEPS)
    assert data["steps"][1]["sent"] is None


def test_ics_holds_the_steps_still_to_send(runner, tmp_path):
    from icalendar import Calendar

    target = tmp_path / "follow-up.ics"
    args = ["plan", "--interview-date", "2026-03-02", "--sent", "thank-you=2026-03-02", "--ics", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    calendar = Calendar.from_ical(target.read_bytes())
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))
    assert [event.decoded("dtstart") for event in events] == [
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 16),
        dt.date(2026, 3, 23),
    ]
    assert [str(event["summary"]) for event in events] == [
        "Follow-up: check in",
        "Follow-up: second check in",
        "Follow-up: last note",
    ]
    assert len({str(event["uid"]) for event in events}) == 3


def test_plan_reads_a_drafts_front_matter(runner, tmp_path):
    draft = tmp_path / "thanks.txt"
    draft.write_text(
        "---\nkind: thank-you\ninterview-date: 2026-03-02\nreply-by: 2026-03-13\nsend-date: 2026-03-03\n---\n"
        "Hi Sam,\n\nThank you for yesterday's interview.\n\nBest,\nAlex\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["plan", str(draft), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["reply_by"] == "2026-03-13"
    assert data["steps"][0]["sent"] == "2026-03-03" and not data["steps"][0]["late"]
    assert data["steps"][1]["date"] == "2026-03-16"


def test_plan_reads_an_emails_date_header(runner, tmp_path):
    draft = tmp_path / "check-in.eml"
    draft.write_text(
        "From: alex@example.com\nTo: sam@example.com\nSubject: The analyst role\n"
        "Date: Mon, 09 Mar 2026 09:00:00 +0000\n\nHi Sam, any news on the analyst role?\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["plan", str(draft), "--interview-date", "2026-03-02", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    steps = json.loads(result.stdout)["steps"]
    # No `kind:`, so the draft is the step whose day had come when it was sent: the first check-in.
    assert [step["sent"] for step in steps] == [None, "2026-03-09", None, None]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--interview-date", "2026-02-30"], "command line: --interview-date: '2026-02-30' is not a date"),
        (["--interview-date", "next monday"], "expected a date as YYYY-MM-DD, got 'next monday'"),
        (["--interview-date", "2026-03-02", "--reply-by", "2026-03-01"], "--reply-by 2026-03-01 is before"),
        (["--interview-date", "2026-03-02", "--sent", "check-in=2026-02-27"], "is before the interview-date"),
        (["--interview-date", "2026-03-02", "--sent", "lunch=2026-03-03"], "unknown step 'lunch'"),
        (["--reply-by", "2026-03-06"], "no interview date"),
    ],
)
def test_bad_dates_are_one_line_and_exit_2(runner, args, error):
    result = runner.invoke(app, ["plan", *args])
    assert result.exit_code == 2
    line = one_error_line(result)
    assert line.startswith("tonecheck: error: ") and error in line


def test_bad_front_matter_date_names_the_file_and_line(runner, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("---\ninterview-date: 2026-13-01\n---\nHi Sam,\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(draft)])
    assert result.exit_code == 2
    assert f"{draft}:2: interview-date:" in one_error_line(result)


# --- the plan and the rules agree (the trained pipeline) -----------------------------------------------

CHECK_IN = "Hi Sam,\n\nI wanted to check whether there is any update on the analyst role.\n\nBest,\nAlex\n"
THANK_YOU = (
    "Hi Sam,\n\nThank you for taking the time to talk with me about the analyst role. I enjoyed hearing "
    "about the new reporting tools and I'm keen to help build them.\n\nBest,\nAlex\n"
)
TIMING = {"premature-contact", "late-contact"}


def _timing_findings(engine, text, **context) -> set[str]:
    return {finding.category for finding in lint_text(engine, text, **context).findings} & TIMING


@pytest.mark.model
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(interviews, st.one_of(st.none(), st.integers(0, 10)))
def test_a_draft_sent_on_the_plans_day_passes_and_a_day_off_does_not(engine, interview, reply_gap):
    reply_by = None if reply_gap is None else add_business_days(interview, reply_gap)
    plan = make_plan(interview, reply_by)
    thank_you, check_in = plan.steps[0], plan.steps[1]
    dates = {"interview_date": interview, "reply_by": reply_by}
    assert _timing_findings(engine, THANK_YOU, kind="thank-you", send_date=thank_you.due, **dates) == set()
    late = add_business_days(thank_you.due, 1)
    assert _timing_findings(engine, THANK_YOU, kind="thank-you", send_date=late, **dates) == {"late-contact"}
    assert _timing_findings(engine, CHECK_IN, kind="check-in", send_date=check_in.due, **dates) == set()
    early = _previous_business_day(check_in.due)
    early_findings = _timing_findings(engine, CHECK_IN, kind="check-in", send_date=early, **dates)
    assert early_findings == {"premature-contact"}


def test_the_readme_example_is_what_the_command_prints(runner):
    from .conftest import ROOT

    section = (ROOT / "README.md").read_text().split("## When to send what", 1)[1]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    command, expected = block.split("\n", 1)
    args = command.removeprefix("$ tonecheck ").split()
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
