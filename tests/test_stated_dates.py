"""The reply-by date a quoted letter states: a check-in is premature before the date the employer gave,
and a reply usually quotes the letter that gave it."""

import datetime as dt

import pytest

from tonecheck.inputs.stated import stated_reply_by

SENT = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("quoted", "expected"),
    [
        ("We aim to get back to all candidates by Friday 13 March.", dt.date(2026, 3, 13)),
        ("You'll have our decision no later than March 20th.", dt.date(2026, 3, 20)),
        ("You will hear from us by the 13th of March 2026.", dt.date(2026, 3, 13)),
        # wrapped across lines, as mail clients quote
        ("We hope to get back to you\nby Friday 13\nMarch at the latest.", dt.date(2026, 3, 13)),
        # a date far ahead of the send date without a year is last year's
        ("We expect to make a decision by 20 December.", dt.date(2025, 12, 20)),
    ],
)
def test_a_promise_to_answer_by_a_named_day_gives_the_date(quoted, expected):
    assert stated_reply_by(quoted, SENT) == expected


@pytest.mark.parametrize(
    "quoted",
    [
        "Interviews run until 13 March.",  # no promise to answer
        "Your start date would be 1 April, and we will be in touch soon.",  # a date, but not one to reply by
        "We will get back to you by Friday.",  # a weekday alone
        "We will reach a decision on 31 April.",  # no such day
        # the letter's own date, in the line that introduces it, is no promise
        "On Tue, 3 Mar 2026 at 16:12, Priya Nair wrote:\nHi Lucas, we will get back to you soon.",
        "Sent: Tuesday, March 3, 2026 4:12 PM\nSubject: decision\nWe will decide soon.",
    ],
)
def test_other_dates_are_not_a_reply_by_date(quoted):
    assert stated_reply_by(quoted, SENT) is None


def test_a_stated_date_fills_only_a_missing_reply_by_on_or_after_the_interview():
    from tonecheck.inputs.context import Context
    from tonecheck.inputs.stated import with_stated_reply_by

    letter = "We aim to get back to all candidates by Friday 13 March."
    bare = Context(send_date=SENT)
    assert with_stated_reply_by(bare, letter).reply_by == dt.date(2026, 3, 13)
    given = Context(send_date=SENT, reply_by=dt.date(2026, 3, 20))
    assert with_stated_reply_by(given, letter) is given  # the draft's own date wins
    after = Context(send_date=SENT, interview_date=dt.date(2026, 3, 14))
    assert with_stated_reply_by(after, letter).reply_by is None  # before the interview: not this one
