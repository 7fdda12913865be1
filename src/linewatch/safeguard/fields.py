"""Reading one field of an imported record, raising a ``RowError`` that names the field.

Used for every record of an enforcement file, safeguarding records included, so that a bad
value always reaches quarantine with the field at fault and a reason a person can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from linewatch.model import Vocabulary
from linewatch.safeguard.clock import parse_moment
from linewatch.store import Provenance, RowError

V = TypeVar("V", bound=Vocabulary)
ID_MAX = 64
SOURCE_KIND = "enforcement"


def text(row: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    raw = row.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise RowError(name, "is required")
        return None
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise RowError(name, f"{raw!r} is not text")
    return str(raw).strip()


def required_text(row: Mapping[str, Any], name: str) -> str:
    value = text(row, name, required=True)
    assert value is not None
    return value


def record_id(row: Mapping[str, Any], name: str) -> str:
    value = required_text(row, name)
    if len(value) > ID_MAX:
        raise RowError(name, f"is longer than {ID_MAX} characters")
    return value


def moment(row: Mapping[str, Any], name: str, *, required: bool = False) -> datetime | None:
    try:
        return parse_moment(row.get(name), required=required)
    except ValueError as exc:
        raise RowError(name, str(exc)) from None


def required_moment(row: Mapping[str, Any], name: str) -> datetime:
    value = moment(row, name, required=True)
    assert value is not None
    return value


def code(row: Mapping[str, Any], name: str, vocabulary: type[V], *, default: V | None = None) -> V:
    """A value of a vocabulary; RowError lists the codes allowed."""
    raw = text(row, name, required=default is None)
    if raw is None:
        assert default is not None
        return default
    try:
        return vocabulary(raw.upper())
    except ValueError:
        allowed = ", ".join(m.value for m in vocabulary)
        raise RowError(name, f"{raw!r} is not one of {allowed}") from None


def flag(row: Mapping[str, Any], name: str) -> bool | None:
    raw = row.get(name)
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in {"true", "yes", "1", "false", "no", "0"}:
        return raw.strip().lower() in {"true", "yes", "1"}
    raise RowError(name, f"{raw!r} is not true or false")


def text_list(row: Mapping[str, Any], name: str) -> list[str]:
    raw = row.get(name)
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise RowError(name, "is not a list of text values")
    return [v.strip() for v in raw if v.strip()]


def provenance(
    section: str, record: str, *, is_synthetic: bool, observed_at: datetime | None = None
) -> Provenance:
    """Where a fact taken from an enforcement or safeguarding record came from."""
    return Provenance(
        SOURCE_KIND,
        f"{section}:{record}",
        dataset="enforcement",
        observed_at=observed_at,
        is_synthetic=is_synthetic,
    )
