import datetime as dt

import pytest

from tonecheck.errors import InputError
from tonecheck.inputs.context import Context, make_context, read_front_matter


def test_front_matter_is_read():
    text = "---\nkind: check-in\ninterview-date: 2026-03-02\nreply-by: 2026-03-06\n"
    text += "send-date: 2026-03-05\n---\nHi"
    front = read_front_matter(text, "d.txt")
    assert front is not None
    assert front.context == Context("check-in", dt.date(2026, 3, 2), dt.date(2026, 3, 6), dt.date(2026, 3, 5))
    assert text[front.end :] == "Hi"


def test_no_front_matter():
    assert read_front_matter("Hi Sam,\n---\nBest", "d.txt") is None
    assert read_front_matter("---\nno closing line\n", "d.txt") is None
    # A rule of dashes around plain text is not front matter.
    assert read_front_matter("---\nJust a line of text\n---\nBody", "d.txt") is None


def test_bad_date_names_file_line_and_key():
    with pytest.raises(InputError) as caught:
        read_front_matter("---\nkind: check-in\nreply-by: next Friday\n---\nHi", "d.txt")
    assert str(caught.value) == "d.txt:3: reply-by: expected a date as YYYY-MM-DD, got 'next Friday'"


def test_bad_kind_lists_allowed_values():
    with pytest.raises(InputError, match="kind: expected one of thank-you, check-in"):
        read_front_matter("---\nkind: follow-up\n---\nHi", "d.txt")


def test_near_miss_key_is_an_error_but_other_keys_are_left_alone():
    with pytest.raises(InputError, match="did you mean 'reply-by'"):
        read_front_matter("---\nreply_by: 2026-03-06\n---\nHi", "d.txt")
    front = read_front_matter("---\ntitle: Thank-you template\n---\nHi", "d.txt")
    assert front is not None and front.context == Context()


def test_command_line_values_override_front_matter():
    base = Context(kind="thank-you", reply_by=dt.date(2026, 3, 6))
    override = make_context({"kind": "check-in", "send-date": "2026-03-09"}, "command line")
    merged = base.overridden_by(override)
    assert merged == Context("check-in", None, dt.date(2026, 3, 6), dt.date(2026, 3, 9))


def test_ignore_list():
    front = read_front_matter("---\ntonecheck-ignore: [accusatory]\n---\nHi", "d.txt")
    assert front is not None and front.ignore == ("accusatory",)


# --- issue 17, item 2: dates that cannot be, dates in the wrong order, an unclosed block ---------


@pytest.mark.parametrize(
    ("value", "reason"),
    [("2026-11-31", "day is out of range for month"), ("2026-13-01", "month must be in 1..12")],
)
def test_an_impossible_date_names_the_line_and_says_it_is_not_a_date(value, reason):
    with pytest.raises(InputError) as caught:
        read_front_matter(f"---\nkind: check-in\ninterview-date: {value}\n---\nHi", "d.txt")
    assert str(caught.value) == f"d.txt:3: interview-date: '{value}' is not a date ({reason})"


def test_an_impossible_date_is_a_one_line_error_not_a_crash(tmp_path):
    from typer.testing import CliRunner

    from tonecheck.cli import app

    draft = tmp_path / "d.txt"
    draft.write_text("---\ninterview-date: 2026-11-31\n---\nHi Jo,\n\nThank you!\n")
    result = CliRunner().invoke(app, [str(draft), "--isolated"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"tonecheck: error: {draft}:2: interview-date: '2026-11-31' is not a date "
        "(day is out of range for month)\n"
    )


@pytest.mark.parametrize("key", ["send-date", "reply-by"])
def test_a_date_before_the_interview_is_an_error(key):
    with pytest.raises(InputError) as caught:
        read_front_matter(f"---\ninterview-date: 2026-03-05\n{key}: 2026-03-02\n---\nHi", "d.txt")
    assert str(caught.value) == f"d.txt:3: {key} 2026-03-02 is before interview-date 2026-03-05"


def test_dates_in_the_wrong_order_across_front_matter_and_options():
    from tonecheck.inputs.messages import messages_for

    override = make_context({"send-date": "2026-03-01"}, "command line", option_prefix="--")
    with pytest.raises(
        InputError, match=r"^d\.txt: send-date 2026-03-01 is before interview-date 2026-03-05$"
    ):
        messages_for("d.txt", "---\ninterview-date: 2026-03-05\n---\nHi", override)
    with pytest.raises(InputError, match="--send-date 2026-03-01 is before --interview-date 2026-03-02"):
        make_context(
            {"send-date": "2026-03-01", "interview-date": "2026-03-02"}, "command line", option_prefix="--"
        )


def test_front_matter_without_its_closing_line_is_an_error():
    with pytest.raises(InputError) as caught:
        read_front_matter("---\nkind: check-in\ninterview-date: 2026-03-02\nHi Jo,\n", "d.txt")
    assert str(caught.value) == "d.txt:1: front matter has no closing '---' line"


def test_front_matter_without_our_keys_is_skipped_even_when_it_is_not_valid_yaml():
    obsidian = "---\ntitle: After the interview\ntags: [#interview-prep]\n---\n# Notes\n"
    front = read_front_matter(obsidian, "n.md")
    assert front is not None and not front.ours and front.context == Context()
    assert obsidian[front.end :] == "# Notes\n"
    jekyll = read_front_matter("---\nlayout: post\ntitle: Thanks\n---\nHi", "p.md")
    assert jekyll is not None and not jekyll.ours
    ours = read_front_matter("---\nkind: check-in\ntitle: Thanks\n---\nHi", "p.md")
    assert ours is not None and ours.ours


def test_broken_yaml_that_holds_our_key_is_still_an_error_naming_the_line():
    with pytest.raises(InputError) as caught:
        read_front_matter("---\ntags: [#prep]\nreply-by: [2026-03-06\n---\nHi", "d.md")
    assert str(caught.value).startswith("d.md:3: invalid YAML")
    with pytest.raises(InputError, match=r"d\.md:2: invalid YAML"):  # a near miss counts as ours
        read_front_matter("---\nreply_by: [oops\n---\nHi", "d.md")
