"""Engine behaviour on a blank pipeline and a small rule set: no trained model needed."""

import datetime as dt

from tonecheck.evaluation.examples import cases, judge
from tonecheck.findings import Severity

from .conftest import lint_text


def test_minimal_rule_examples_behave_as_declared(blank_engine, minimal_ruleset):
    verdicts = judge(blank_engine, cases(minimal_ruleset))
    failures = [f"{v.case.name}: {v.detail}" for v in verdicts if not v.ok]
    assert failures == []
    assert len(verdicts) == 25


def test_span_finding_offsets_lines_and_fix(blank_engine):
    text = "Hi Sam,\n\nThanks for the call. Per my last email, it is attached.\n"
    result = lint_text(blank_engine, text, kind="check-in")
    (finding,) = [f for f in result.findings if f.rule == "tone/per-my-last"]
    assert finding.text == "Per my last email" == text[finding.start : finding.end]
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 22, 3, 39)
    assert finding.severity is Severity.WARNING
    assert finding.message == '"Per my last email" is passive-aggressive.'
    assert finding.suggestions == ("To recap",)
    assert finding.fix is not None and finding.fix.safe and finding.fix.replacement == "To recap"


def test_replacement_is_lower_cased_mid_sentence(blank_engine):
    result = lint_text(blank_engine, "Thanks. I attached it per my last email.", kind="check-in")
    (finding,) = [f for f in result.findings if f.rule == "tone/per-my-last"]
    assert finding.suggestions == ("to recap",)


def test_unless_and_outside(blank_engine):
    assert not lint_text(blank_engine, "Thanks. Not per my last email.", kind="check-in").findings
    assert not lint_text(blank_engine, "Thanks. If you can, reply by Friday.", kind="check-in").findings


def test_sentence_span_and_date_slot_keep_the_placeholder(blank_engine):
    text = "Thanks. Please reply by {{ reply_day }}. Best"
    result = lint_text(blank_engine, text, kind="check-in")
    (finding,) = [f for f in result.findings if f.rule == "tone/by-day"]
    assert finding.text == "Please reply by {{ reply_day }}."
    assert finding.suggestions[0] == "Any news before {{ reply_day }} would be welcome."


def test_absence_points_before_the_signoff_with_an_insertion(blank_engine):
    text = "Hi Sam,\r\n\r\nAny update?\r\n\r\nBest,\r\nAna\r\n"
    result = lint_text(blank_engine, text, kind="check-in")
    (finding,) = [f for f in result.findings if f.rule == "gratitude/no-thanks"]
    assert finding.start == finding.end == text.index("Best,")
    assert (finding.line, finding.column) == (5, 1)
    assert finding.fix is not None and finding.fix.replacement == "Thank you for your time.\r\n\r\n"


def test_absence_rule_ignores_signoff_thanks_and_sarcasm(blank_engine):
    assert [
        f.rule
        for f in lint_text(blank_engine, "Hi,\n\nAny update?\n\nThanks,\nAna", kind="check-in").findings
    ] == ["gratitude/no-thanks"]
    sarcastic = lint_text(blank_engine, "Hi,\n\nThanks for nothing.\n\nAna", kind="check-in").findings
    assert [f.rule for f in sarcastic] == ["gratitude/no-thanks"]


def test_kind_is_guessed_from_cues_and_quoted_text(blank_engine):
    assert lint_text(blank_engine, "Just following up on the role.").kind == "check-in"
    assert lint_text(blank_engine, "Noted.\n\n> We chose another candidate.\n").kind == "rejection-reply"
    assert lint_text(blank_engine, "Hello there.").kind == "other"
    assert lint_text(blank_engine, "Following up.", kind="thank-you").kind == "thank-you"


def test_timing_uses_business_days_and_the_default_send_date(blank_engine):
    # Reply-by Friday 6 March: Saturday is too soon, Monday 9 March is fine.
    too_soon = lint_text(
        blank_engine, "Any news?", kind="check-in", reply_by="2026-03-06", send_date="2026-03-07"
    )
    (finding,) = [f for f in too_soon.findings if f.category == "timing"]
    assert finding.message == "Sent Saturday 2026-03-07, before Monday 2026-03-09."
    assert finding.fix is None
    fine = lint_text(
        blank_engine, "Any news?", kind="check-in", reply_by="2026-03-06", send_date="2026-03-09"
    )
    assert not [f for f in fine.findings if f.category == "timing"]
    # No send date: the engine's "today" (4 March in these tests) is used.
    default = lint_text(blank_engine, "Any news?", kind="check-in", reply_by="2026-03-06")
    assert [f.category for f in default.findings if f.category == "timing"] == ["timing"]


def test_thank_you_grace(blank_engine):
    text = "Thank you for meeting me. Any news?"
    within = lint_text(
        blank_engine, text, interview_date="2026-03-02", reply_by="2026-03-13", send_date="2026-03-03"
    )
    assert within.kind == "thank-you" and not within.findings
    later = lint_text(
        blank_engine, text, interview_date="2026-03-02", reply_by="2026-03-13", send_date="2026-03-05"
    )
    assert [f.rule for f in later.findings] == ["timing/too-soon"]


def test_front_matter_ignore_is_carried_for_suppression(blank_engine):
    from tonecheck.engine.suppress import apply, front_matter_suppressions

    text = "---\ntonecheck-ignore: [tone/per-my-last]\n---\nThanks. Per my last email, done."
    result = lint_text(blank_engine, text, kind="check-in")
    assert result.message.ignore == ("tone/per-my-last",)
    assert apply(list(result.findings), front_matter_suppressions(result.message.ignore, text), text) == []


def test_placeholders_are_never_reported(blank_engine):
    text = "Thanks. [Per my last email]"
    assert not lint_text(blank_engine, text, kind="check-in").findings


def test_findings_point_into_the_original_text_with_front_matter_and_quotes(blank_engine):
    text = "---\nkind: check-in\n---\n> per my last email\nThanks. Per my last email, see below.\n"
    result = lint_text(blank_engine, text)
    (finding,) = result.findings
    assert text[finding.start : finding.end] == "Per my last email" and finding.line == 5


def test_empty_draft_has_no_findings(blank_engine):
    assert lint_text(blank_engine, "", kind="check-in").findings == ()
    assert lint_text(blank_engine, "   \n\n", kind="check-in").findings == ()


def test_settings_today_default_is_a_date(blank_engine):
    assert isinstance(blank_engine.settings.today, dt.date)
