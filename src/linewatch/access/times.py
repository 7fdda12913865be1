"""One rule for times read back from either backend."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(value: datetime) -> datetime:
    """An aware UTC time: SQLite returns naive UTC, PostgreSQL aware times in its session zone."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
