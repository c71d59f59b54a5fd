import datetime as dt

import pytest

from tonecheck.dates import add_business_days, business_days_between, parse_date

FRIDAY = dt.date(2026, 3, 6)


def test_business_days_skip_weekends():
    assert add_business_days(FRIDAY, 1) == dt.date(2026, 3, 9)  # Monday
    assert add_business_days(FRIDAY, 5) == dt.date(2026, 3, 13)
    assert add_business_days(dt.date(2026, 3, 7), 1) == dt.date(2026, 3, 9)  # from a Saturday
    assert add_business_days(FRIDAY, 0) == FRIDAY


def test_business_days_between():
    assert business_days_between(FRIDAY, dt.date(2026, 3, 9)) == 1
    assert business_days_between(dt.date(2026, 3, 9), FRIDAY) == -1
    assert business_days_between(FRIDAY, FRIDAY) == 0


def test_parse_date():
    assert parse_date("2026-03-06") == FRIDAY
    assert parse_date(FRIDAY) == FRIDAY
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date("06/03/2026")
