"""Dates: UK day-first parsing, ages, and the Modern Slavery Act s.51 child presumption."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.types import dates

MARCH_1 = date(2009, 3, 1)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@pytest.mark.parametrize(
    "raw",
    [
        "2009-03-01",
        "2009-3-1",
        "2009-03-01T21:15:00+00:00",
        "2009-03-01 21:15:00",
        "2009-03-01T21:15:00Z",
        "01/03/2009",
        "1/3/2009",
        "01-03-2009",
        "01.03.2009",
        "1 March 2009",
        "1st March 2009",
        "1 Mar 2009",
        "1 mar. 2009",
        "01 MARCH 2009",
        "1st of March 2009",
        "March 1, 2009",
        "Mar 1st 2009",
        "  1   March   2009 ",
    ],
)
def test_parse_date_accepts_uk_forms(raw: str) -> None:
    assert dates.parse_date(raw) == MARCH_1
    assert dates.clean(raw) == "2009-03-01"
    assert dates.validate(raw) == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("01/03/09", "write the year in full"),
        ("1 March 09", "write the year in full"),
        ("03/13/2009", "dates are day first"),
        ("32/01/2009", "not a real date"),
        ("29/02/2009", "not a real date"),
        ("2009-02-30", "not a real date"),
        ("00/01/2009", "not a real date"),
        ("01/00/2009", "0 is not a month"),
        ("1 Marchember 2009", "'Marchember' is not a month"),
        ("yesterday", "is not a date"),
        ("2009", "is not a date"),
        ("21:15", "is not a date"),
        ("", "cannot be empty"),
    ],
)
def test_parse_date_rejects_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        dates.parse_date(raw)


def test_leap_day_parses_in_a_leap_year() -> None:
    assert dates.parse_date("29 February 2008") == date(2008, 2, 29)


@pytest.mark.parametrize(
    ("dob", "when", "age"),
    [
        (date(2009, 3, 1), date(2026, 2, 28), 16),
        (date(2009, 3, 1), date(2026, 3, 1), 17),
        (date(2008, 11, 28), date(2026, 11, 27), 17),
        (date(2008, 11, 28), date(2026, 11, 28), 18),
        (date(2008, 2, 29), date(2026, 2, 28), 17),  # a leap-day birthday falls on 1 March
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2009, 3, 1), date(2009, 3, 1), 0),
    ],
)
def test_age_on(dob: date, when: date, age: int) -> None:
    assert dates.age_on(dob, when) == age


def test_age_on_accepts_a_timestamp_and_refuses_a_time_before_birth() -> None:
    assert dates.age_on(date(2008, 11, 28), datetime(2026, 11, 28, 9, 0, tzinfo=UTC)) == 18
    with pytest.raises(ValueError, match="before the date of birth"):
        dates.age_on(date(2009, 3, 1), date(2009, 2, 28))


EVENT = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("dob", "estimated", "child"),
    [
        (date(2009, 3, 1), None, True),  # 17 on the day
        (date(2008, 11, 28), None, False),  # 18 that day
        (date(2008, 11, 29), None, True),  # 18 tomorrow
        (date(1990, 1, 1), 15, False),  # a recorded date of birth decides
        (None, 15, True),
        (None, 17.5, True),
        (None, 18, True),  # s.51: an estimate of 18 may be under 18
        (None, 19, True),
        (None, 20, False),
        (None, 35, False),
        (None, None, None),  # unknown, not adult
    ],
)
def test_is_child_with_the_s51_presumption(
    dob: date | None, estimated: float | None, child: bool | None
) -> None:
    assert dates.is_child(dob, estimated, EVENT) is child


def test_is_child_margin_is_adjustable() -> None:
    assert dates.is_child(None, 18, EVENT, margin=0) is False
    assert dates.is_child(None, 17, EVENT, margin=0) is True
    assert dates.is_child(None, 22, EVENT, margin=5) is True


def test_presumed_child_only_without_a_date_of_birth() -> None:
    assert dates.is_presumed_child(None, 16)
    assert dates.is_presumed_child(None, 19)
    assert not dates.is_presumed_child(None, 25)
    assert not dates.is_presumed_child(None, None)
    assert not dates.is_presumed_child(date(2010, 1, 1), 16)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_written_form_round_trips(day: date) -> None:
    month = MONTHS[day.month - 1]
    for written in (
        day.isoformat(),
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day} {month} {day.year}",
        f"{day.day} {month[:3]} {day.year}",
        f"{month} {day.day}, {day.year}",
    ):
        assert dates.parse_date(written) == day
    assert dates.parse_date(dates.clean(day.isoformat())) == day


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(0, 30_000),
)
def test_age_matches_birthdays_passed(dob: date, days: int) -> None:
    when = dob + timedelta(days=days)
    age = dates.age_on(dob, when)
    assert age >= 0
    assert dates.is_child(dob, None, when) is (age < 18)
