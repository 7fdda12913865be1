"""Reading one field of an incoming record, with a RowError naming the field when it is wrong.

Every importer reads its rows through these, so the same mistake (a timestamp without an
offset, a SECRET marking, a latitude out of range) is refused in the same words everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from linewatch.model import ACCEPTED_CLASSIFICATIONS, Classification
from linewatch.store import RowError

_REFUSED_MARKINGS = frozenset({Classification.SECRET.value, Classification.TOP_SECRET.value})
_TRUE = frozenset({"true", "1", "yes", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "f", ""})


class Refused(RowError):
    """A record Linewatch must not hold at all (SECRET or TOP SECRET material).

    Unlike an ordinary invalid row, its content is not kept in quarantine either.
    """


def text(
    raw: Mapping[str, Any], name: str, *, required: bool = False, max_length: int | None = None
) -> str | None:
    """A trimmed string, None when empty; RowError if required and missing, or too long."""
    value = raw.get(name)
    if type(value) is str:  # nearly every cell: checked first, as the cheapest test
        result = value.strip()
    elif value is None:
        result = ""
    elif isinstance(value, str | int | float) and not isinstance(value, bool):
        result = str(value).strip()
    else:
        raise RowError(name, f"expected text, got {type(value).__name__}")
    if not result:
        if required:
            raise RowError(name, "is required")
        return None
    if "\x00" in result:
        raise RowError(name, "holds a NUL character (0x00), which text cannot hold: remove it")
    if max_length is not None and len(result) > max_length:
        raise RowError(name, f"is {len(result)} characters long; at most {max_length} allowed")
    return result


def required_text(raw: Mapping[str, Any], name: str, *, max_length: int | None = None) -> str:
    value = text(raw, name, required=True, max_length=max_length)
    assert value is not None
    return value


def timestamp(raw: Mapping[str, Any], name: str, *, required: bool = False) -> datetime | None:
    """An ISO 8601 timestamp with an offset, returned in UTC. A time without an offset is
    refused: it could be local time or UTC, and an hour matters (bail, curfews, ANPR)."""
    value = text(raw, name, required=required)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise RowError(name, f"{value!r} is not an ISO 8601 timestamp") from None
    if parsed.tzinfo is None:
        raise RowError(name, f"{value!r} has no UTC offset (write e.g. 2026-03-01T21:15:00+00:00)")
    return parsed.astimezone(UTC)


def required_timestamp(raw: Mapping[str, Any], name: str) -> datetime:
    value = timestamp(raw, name, required=True)
    assert value is not None
    return value


def number(
    raw: Mapping[str, Any],
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    required: bool = False,
) -> float | None:
    value = raw.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RowError(name, "is required")
        return None
    if isinstance(value, bool):
        raise RowError(name, f"expected a number, got {value!r}")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise RowError(name, f"{value!r} is not a number") from None
    if result != result:  # NaN
        raise RowError(name, "is not a number (NaN)")
    if (low is not None and result < low) or (high is not None and result > high):
        raise RowError(name, f"{result} is outside {low} to {high}")
    return result


def coordinates(raw: Mapping[str, Any], *, required: bool = False) -> tuple[float, float] | None:
    """(latitude, longitude) in WGS84; both or neither must be given."""
    lat = number(raw, "latitude", low=-90, high=90, required=required)
    lon = number(raw, "longitude", low=-180, high=180, required=required)
    if (lat is None) != (lon is None):
        missing = "longitude" if lon is None else "latitude"
        raise RowError(missing, "latitude and longitude must be given together")
    if lat is None or lon is None:
        return None
    return lat, lon


def flag(raw: Mapping[str, Any], name: str) -> bool:
    value = raw.get(name)
    if isinstance(value, bool):
        return value
    textual = "" if value is None else str(value).strip().lower()
    if textual in _TRUE:
        return True
    if textual in _FALSE:
        return False
    raise RowError(name, f"{value!r} is not true or false")


def classification(raw: Mapping[str, Any], name: str = "classification") -> str:
    """The GSC marking, refusing SECRET and TOP SECRET: Linewatch is accredited for
    OFFICIAL and OFFICIAL-SENSITIVE only. A dual legacy marking ("RESTRICTED /
    OFFICIAL-SENSITIVE") is read by its GSC part."""
    value = required_text(raw, name).upper()
    parts = [p.strip() for p in value.split("/")]
    refused = [p for p in parts if p in _REFUSED_MARKINGS]
    if refused:
        raise Refused(
            name,
            f"{refused[0]} material is refused: Linewatch holds OFFICIAL and "
            "OFFICIAL-SENSITIVE only; its content has not been kept",
        )
    accepted = [p for p in parts if p in ACCEPTED_CLASSIFICATIONS]
    if not accepted:
        raise RowError(
            name, f"{value!r} is not a GSC marking (OFFICIAL or OFFICIAL-SENSITIVE expected)"
        )
    return accepted[-1]


def codes(raw: Mapping[str, Any], name: str) -> list[str]:
    """A semicolon-separated list of codes, upper-cased, empties dropped."""
    value = text(raw, name)
    return [part.strip().upper() for part in (value or "").split(";") if part.strip()]


def names(raw: Mapping[str, Any], name: str) -> list[str]:
    """A semicolon-separated list of names or aliases, as written."""
    value = text(raw, name)
    return [part.strip() for part in (value or "").split(";") if part.strip()]
