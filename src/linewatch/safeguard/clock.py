"""Moments in time as the safeguarding and enforcement analyses use them.

The stage APIs take ``as_of`` as a date (the CLI and the cycle pass a day) or a datetime. A day
means "everything known by the end of that day". SQLite hands back naive UTC datetimes and
PostgreSQL aware ones; everything is compared as aware UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from linewatch.store import utcnow

AsOf = date | datetime | None


def aware(value: datetime) -> datetime:
    """The same instant as an aware UTC datetime."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def maybe_aware(value: datetime | None) -> datetime | None:
    return None if value is None else aware(value)


def valid_at(row: Any, at: datetime) -> bool:
    """Whether a row with ``valid_from`` / ``valid_to`` (either open) holds at ``at``."""
    start, end = maybe_aware(row.valid_from), maybe_aware(row.valid_to)
    return (start is None or start <= at) and (end is None or at < end)


def cutoff(as_of: AsOf) -> datetime:
    """The instant up to which facts count: the end of a given day, or the given moment."""
    if as_of is None:
        return utcnow()
    if isinstance(as_of, datetime):
        return aware(as_of)
    return datetime.combine(as_of + timedelta(days=1), time.min, UTC)


def day_start(as_of: AsOf) -> datetime:
    """Midnight UTC at the start of the ``as_of`` day."""
    if as_of is None:
        day = utcnow().date()
    elif isinstance(as_of, datetime):
        day = aware(as_of).date()
    else:
        day = as_of
    return datetime.combine(day, time.min, UTC)


def parse_moment(raw: Any, *, required: bool = False) -> datetime | None:
    """An ISO 8601 timestamp (or a bare date, read as midnight UTC); ValueError if malformed."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise ValueError("is required")
        return None
    if isinstance(raw, datetime):
        return aware(raw)
    if not isinstance(raw, str):
        raise ValueError(f"{raw!r} is not a timestamp")
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO 8601 timestamp") from None
    return aware(parsed)


def period(since: date | datetime, until: date | datetime) -> tuple[datetime, datetime]:
    """A half-open window [start, end): days are inclusive, as the PCC figures count them."""
    start = aware(since) if isinstance(since, datetime) else day_start(since)
    end = aware(until) if isinstance(until, datetime) else cutoff(until)
    if end < start:
        raise ValueError(f"the period ends ({until}) before it starts ({since})")
    return start, end
