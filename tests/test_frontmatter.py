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
