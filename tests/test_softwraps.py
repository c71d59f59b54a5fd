"""Hard-wrapped drafts: a line break inside a sentence is read as a space, offsets unchanged."""

import pytest

from tonecheck.pipeline.softwraps import unwrap

WRAPPED = (
    "Hi Sam,\n\n"
    "Thank you again for the interview last week. As to the role, per my\n"
    "last email, I was expecting a reply, and I still haven't heard anything\n"
    "about the analyst role.\n\n"
    "Best regards,\n"
    "Ana Ruiz\n"
)


def test_a_break_inside_a_sentence_becomes_a_space_and_nothing_moves():
    joined = unwrap(WRAPPED)
    assert len(joined) == len(WRAPPED)
    assert "per my last email, I was expecting" in joined
    assert "haven't heard anything about the analyst role." in joined
    # the greeting, the blank lines, the sign-off and the signature keep their lines
    assert joined.startswith("Hi Sam,\n\n") and joined.endswith("role.\n\nBest regards,\nAna Ruiz\n")


def test_lines_ended_on_purpose_stay_lines():
    kept = [
        "Thank you again for your time and for the tour,\nElspeth Moore\n",  # sign-off, then a name
        "I enjoyed meeting everyone on the team yesterday!\nwhat a great office\n",  # sentence ended
        "Here is what I can bring to the role from day one\n- budgeting\n- reporting\n",  # a list
        "-----Original Message----- sent on Friday, 19 December\nTo: Pruett, Joanne\n",  # a header
        "> You said you would get back to me by the end of the\n> week, and I still have no news\n",  # quoted
        "Short line\nand another\n",  # short lines end where the writer chose
    ]
    for text in kept:
        assert unwrap(text) == text, text


def test_a_windows_line_break_inside_a_sentence_becomes_two_spaces():
    text = "I wanted to follow up on my application for the analyst\r\nrole, which I applied for.\r\n"
    joined = unwrap(text)
    assert joined == text.replace("analyst\r\nrole", "analyst  role")
    assert len(joined) == len(text)


@pytest.mark.model
def test_a_hard_wrapped_draft_gets_the_findings_of_the_same_draft_unwrapped(engine):
    from .conftest import lint_text

    one_line = WRAPPED.replace("per my\nlast", "per my last").replace("anything\nabout", "anything about")
    wrapped = lint_text(engine, WRAPPED, kind="check-in").findings
    unwrapped = lint_text(engine, one_line, kind="check-in").findings
    rules = sorted(f.rule for f in wrapped)
    assert rules == sorted(f.rule for f in unwrapped)
    assert {"accusatory/per-my-last-email", "accusatory/complaining-about-silence"} <= set(rules)
    per_my = next(f for f in wrapped if f.rule == "accusatory/per-my-last-email")
    # reported where it stands in the file as written: line 3, its text spanning the break
    said = WRAPPED[per_my.start : per_my.end].replace("\n", " ")
    assert per_my.line == 3 and said.startswith("per my last")
