"""Dates as people write them in the UK, ages, and who counts as a child.

Numeric dates are read day first ("01/03/2009" is 1 March 2009), the UK convention. A year
must have four digits: "01/03/09" could be 1909 or 2009 for a date of birth, and guessing
would put a wrong age on a person.
"""

from __future__ import annotations

import re
from datetime import date, datetime

ADULT_AGE = 18
# A visual estimate of age is commonly out by two years either way. Under the Modern Slavery
# Act 2015 s.51 presumption, a person whose estimated age is within that margin of 18 may be
# under 18, so is treated as a child until their age is assessed.
AGE_ESTIMATE_MARGIN = 2

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d+)$")
_MONTH_NAME = r"([A-Za-z]+)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH_NAME},?\s+(\d+)$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH_NAME}\s+{_DAY},?\s+(\d+)$", re.IGNORECASE)


def _build(raw: str, year: str, month: int, day: str) -> date:
    if len(year) != 4:
        raise ValueError(f"{raw!r}: write the year in full (e.g. 2009), not {year!r}")
    try:
        return date(int(year), month, int(day))
    except ValueError:
        raise ValueError(f"{raw!r} is not a real date (no such day in that month)") from None


def _month(raw: str, name: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise ValueError(f"{raw!r}: {name!r} is not a month")
    return number


def parse_date(raw: str) -> date:
    """A date from ISO ("2009-03-01", or a timestamp), "01/03/2009" or "1 March 2009".

    Also accepts "1st March 2009", "1 Mar 2009", "1.3.2009" and "March 1, 2009".
    """
    text = " ".join(raw.split())
    if not text:
        raise ValueError("a date cannot be empty")
    if found := _ISO.match(text):
        return _build(raw, found.group(1), int(found.group(2)), found.group(3))
    if found := _NUMERIC.match(text):
        day, month, year = found.groups()
        if int(month) > 12 and int(day) <= 12:
            raise ValueError(f"{raw!r}: dates are day first (DD/MM/YYYY); month {month} is not")
        if not 1 <= int(month) <= 12:
            raise ValueError(f"{raw!r}: {month} is not a month")
        return _build(raw, year, int(month), day)
    if found := _DAY_MONTH_YEAR.match(text):
        day, name, year = found.groups()
        return _build(raw, year, _month(raw, name), day)
    if found := _MONTH_DAY_YEAR.match(text):
        name, day, year = found.groups()
        return _build(raw, year, _month(raw, name), day)
    raise ValueError(f"{raw!r} is not a date (use e.g. 2009-03-01, 01/03/2009 or 1 March 2009)")


def clean(raw: str) -> str:
    """The ISO form of a date ("2009-03-01"); ValueError says why ``raw`` is not one."""
    return parse_date(raw).isoformat()


def validate(raw: str) -> list[str]:
    """The problems with ``raw`` as a date (empty if it is valid)."""
    try:
        parse_date(raw)
    except ValueError as error:
        return [str(error)]
    return []


def _as_date(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when


def age_on(dob: date, when: date | datetime) -> int:
    """Completed years of age on ``when``. Someone born on 29 February turns a year older on
    1 March in years without one, as in UK law."""
    day = _as_date(when)
    if day < dob:
        raise ValueError(f"{day.isoformat()} is before the date of birth {dob.isoformat()}")
    had_birthday = (day.month, day.day) >= (dob.month, dob.day)
    return day.year - dob.year - (0 if had_birthday else 1)


def is_child(
    dob: date | None,
    estimated_age: float | None,
    when: date | datetime,
    *,
    margin: int = AGE_ESTIMATE_MARGIN,
) -> bool | None:
    """Whether a person counts as a child (under 18) on ``when``.

    A recorded date of birth decides. Without one, an estimated age applies the Modern Slavery
    Act 2015 s.51 presumption: where the age is uncertain but the person may be under 18,
    they are treated as a child until their age is assessed. An estimate below 18 plus
    ``margin`` years therefore counts as a child. With neither, the answer is unknown (None),
    and callers must not read that as "adult".
    """
    if dob is not None:
        return age_on(dob, when) < ADULT_AGE
    if estimated_age is not None:
        return estimated_age < ADULT_AGE + margin
    return None


def is_presumed_child(
    dob: date | None, estimated_age: float | None, *, margin: int = AGE_ESTIMATE_MARGIN
) -> bool:
    """True when a person counts as a child only by the s.51 presumption: no date of birth,
    and an estimated age that may be under 18 (``presumed_child`` in domain.md 3.6)."""
    return dob is None and estimated_age is not None and estimated_age < ADULT_AGE + margin
