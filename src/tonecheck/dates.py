"""Calendar arithmetic for timing rules: dates are days, business days run Monday to Friday."""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> dt.date:
    """Accept a ``date`` or a ``YYYY-MM-DD`` string; raise ValueError with a readable message otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.fullmatch(text):
            year, month, day = (int(part) for part in text.split("-"))
            try:
                return dt.date(year, month, day)
            except ValueError as exc:  # the right shape, but no such day: "2026-11-31", "2026-13-01"
                raise ValueError(f"{text!r} is not a date ({exc})") from None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


def add_business_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` business days after ``start`` (Monday to Friday count; weekends are skipped)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -business_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            count += 1
    return count


# The follow-up timing that both the timing rules (engine) and `tonecheck plan` (run) apply: one place, so
# the plan never advises a day the rules would flag. The rule files hold their own waits as data; a test
# checks that they equal these defaults.
THANK_YOU_DAYS = 1  # a thank-you note goes out by the next business day after the interview
CHECK_IN_WAIT = 5  # business days after the interview before a check-in, when no reply-by date was given
AFTER_REPLY_BY = 1  # business days after the reply-by date before a check-in
FOLLOW_UP_GAP = 5  # business days (about a week) between one check-in and the next, and the last note
MATERIALS_DAYS = 2  # business days after a request for materials by which they should be sent
DEFAULT_WINDOW_HOURS = 24  # the configuration's thank-you-window


def earliest_send(anchor: dt.date, wait: int) -> dt.date:
    """The first day a message that must wait ``wait`` business days after ``anchor`` may go out."""
    return add_business_days(anchor, wait)


def latest_send(anchor: dt.date, days: int, window_hours: int | None = None) -> dt.date:
    """The last day a message due within ``days`` business days of ``anchor`` is on time.

    A thank-you window longer than that (hours, from the configuration) extends it: a career centre
    that allows three days for a thank-you note is not contradicted by the next-business-day default.
    """
    latest = add_business_days(anchor, days)
    if window_hours is not None:
        latest = max(latest, anchor + dt.timedelta(days=window_hours // 24))
    return latest


def too_soon(send: dt.date, anchor: dt.date, wait: int) -> bool:
    return send < earliest_send(anchor, wait)


def too_late(send: dt.date, anchor: dt.date, days: int, window_hours: int | None = None) -> bool:
    return send > latest_send(anchor, days, window_hours)


def within_thank_you_window(send: dt.date, interview: dt.date, window_hours: int) -> bool:
    """A note sent on the interview day or within the window after it (calendar hours, whole days)."""
    hours_after = (send - interview).days * 24
    return 0 <= hours_after <= window_hours


def first_check_in(interview: dt.date, reply_by: dt.date | None, check_in_wait: int | None = None) -> dt.date:
    """The first day a check-in is not premature: the business day after the employer's date, or
    ``check_in_wait`` (default ``CHECK_IN_WAIT``) business days after the interview without one."""
    if reply_by is not None:
        return earliest_send(reply_by, AFTER_REPLY_BY)
    return earliest_send(interview, CHECK_IN_WAIT if check_in_wait is None else check_in_wait)
