"""The reply-by date an employer stated in the letter a draft quotes.

A check-in is premature before the date the employer gave, and a reply usually quotes the letter that gave
it: "> We aim to get back to all candidates by Friday 13 March." When neither the front matter nor the
command line gives `reply-by`, that sentence gives it. Only a promise to answer ("get back to", "let you
know", "a decision") with a deadline ("by", "before", "no later than", "on") and a date that names its
day and month counts: a bare weekday ("by Friday") needs the letter's own date to mean anything, and a date
elsewhere ("interviews run until 13 March", "a start date of 1 April") is no promise to reply.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from tonecheck.inputs.context import Context

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+(?:the\s+)?)?"
_DAY = r"(?P<{name}>[12]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<{name}>20\d\d))?"
# "by Friday 13 March", "before the 13th of March 2026", "no later than March 13th", "on 13 Mar."
_DATE = re.compile(
    r"\b(?:by|before|on|no later than|not later than)\s+(?:the\s+)?"
    + _WEEKDAY
    + "(?:"
    + _DAY.format(name="day1")
    + r"(?:\s+of)?\s+"
    + _MONTH.format(name="month1")
    + _YEAR.format(name="year1")
    + "|"
    + _MONTH.format(name="month2")
    + r"\s+(?:the\s+)?"
    + _DAY.format(name="day2")
    + r"\b"
    + _YEAR.format(name="year2")
    + ")",
    re.IGNORECASE,
)
# What makes the date one to reply by: the employer promising an answer in the same sentence.
_PROMISE = re.compile(
    r"\b(?:get(?:ting)? back to|come back to|hear (?:back )?from|let (?:you|all candidates|everyone) know"
    r"|be in touch|in contact|contact (?:you|all|every)|reply to|respond to|update (?:you|all)"
    r"|inform (?:you|all)|notify|decision|decide|outcome|feedback)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


def with_stated_reply_by(context: Context, quoted: str) -> Context:
    """``context`` with the reply-by date the quoted letter promised, when it gives none of its own (and
    the date falls on or after the interview); ``context.send_date`` must be set."""
    if context.reply_by is not None or not quoted.strip() or context.send_date is None:
        return context
    stated = stated_reply_by(quoted, context.send_date)
    if stated is None or (context.interview_date is not None and stated < context.interview_date):
        return context
    return replace(context, reply_by=stated)


def stated_reply_by(quoted: str, reference: dt.date) -> dt.date | None:
    """The first date the quoted text promises a reply by, or None.

    A date without a year is taken in ``reference``'s year (the day the draft is sent), or in the year
    before when that would put it more than half a year after ``reference``: a letter quoted in January
    that promised an answer "by 20 December" meant the December just gone.
    """
    for sentence in _SENTENCE_END.split(_unwrapped(quoted)):
        if not _PROMISE.search(sentence):
            continue
        found = _DATE.search(sentence)
        if found is None:
            continue
        day = int(found["day1"] or found["day2"])
        month = _MONTHS[(found["month1"] or found["month2"])[:3].lower()]
        year_text = found["year1"] or found["year2"]
        year = int(year_text) if year_text else reference.year
        try:
            stated = dt.date(year, month, day)
        except ValueError:  # "31 April"
            continue
        if not year_text and (stated - reference).days > 183:
            try:
                stated = stated.replace(year=year - 1)
            except ValueError:  # 29 February
                continue
        return stated
    return None


# The lines that introduce a quoted letter carry its own date, which is no promise: "On Tue, 3 Mar 2026
# at 16:12, Priya Nair wrote:", "Sent: Tuesday, March 3, 2026 4:12 PM".
_ATTRIBUTION = re.compile(
    r"^\s*on\b[^\n]{0,200}?(?:\n[^\n]{0,200}?)?\bwrote:\s*$", re.IGNORECASE | re.MULTILINE
)
_HEADER = re.compile(r"^\s*(?:sent|date|from|to|cc|subject)\s*:.*$", re.IGNORECASE | re.MULTILINE)


def _unwrapped(quoted: str) -> str:
    """The quoted text without its attribution and header lines, and with its lines joined, so a sentence
    wrapped across lines reads as one; a blank line still ends a paragraph."""
    quoted = _HEADER.sub("", _ATTRIBUTION.sub("", quoted))
    paragraphs = re.split(r"\n\s*\n", quoted)
    return "\n\n".join(" ".join(line.strip() for line in part.splitlines()) for part in paragraphs)
