import datetime as dt

import pytest

import tonecheck

pytestmark = pytest.mark.model


def test_check_returns_findings():
    findings = tonecheck.check(
        "You said you'd get back to me by Friday. Why haven't you replied?", kind="check-in"
    )
    rules = [f.rule for f in findings]
    assert "accusatory/you-said-you-would" in rules and "accusatory/why-havent-you" in rules
    assert all(f.category == f.rule.split("/")[0] for f in findings)


def test_check_takes_dates_as_dates_or_strings():
    text = "Hi Jo,\n\nThank you for the interview. Is there any update on the role?\n\nBest,\nSam"
    early = tonecheck.check(text, kind="check-in", interview_date=dt.date(2026, 3, 2), send_date="2026-03-03")
    assert [f.category for f in early] == ["premature-contact"]
    later = tonecheck.check(text, kind="check-in", interview_date="2026-03-02", send_date="2026-03-10")
    assert later == []


def test_select_and_ignore():
    text = "You said you'd get back to me by Friday."
    assert tonecheck.check(text, kind="other", ignore=["accusatory"]) == []
    assert [
        f.rule for f in tonecheck.check(text, kind="other", select=["accusatory/you-said-you-would"])
    ] == ["accusatory/you-said-you-would"]


def test_a_finding_is_immutable_and_round_trips_through_a_dict():
    from tonecheck.findings import Finding

    (finding, *_rest) = tonecheck.check("Per my last email, the file is attached.", kind="other")
    with pytest.raises(AttributeError):
        finding.start = 0  # type: ignore[misc]
    assert Finding.from_dict(finding.to_dict()) == finding


def test_the_engine_does_not_import_the_cli():
    import subprocess
    import sys

    import tonecheck.engine  # noqa: F401

    code = "import sys, tonecheck; tonecheck.check('Hello.'); "
    code += "print('typer' in sys.modules, 'tonecheck.cli' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False False"
