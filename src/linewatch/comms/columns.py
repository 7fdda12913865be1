"""The canonical call-record columns, and the seam that maps an operator's columns onto them.

Network operators return call data in their own layouts. A ``ColumnMapping`` says which source
column holds each canonical column and how the source spells the event types, so one validation
path serves every layout; the Parquet shape in docs/formats.md is the identity mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# Column -> the DuckDB type it is stored as in calls/<production_id>.parquet.
CANONICAL_COLUMNS: dict[str, str] = {
    "timestamp": "TIMESTAMPTZ",
    "calling_number": "VARCHAR",
    "called_number": "VARCHAR",
    "event_type": "VARCHAR",
    "duration_s": "INTEGER",
    "imei": "VARCHAR",
    "imsi": "VARCHAR",
    "cell_id": "VARCHAR",
    "cell_latitude": "DOUBLE",
    "cell_longitude": "DOUBLE",
    "is_synthetic": "BOOLEAN",
}
REQUIRED_COLUMNS = ("timestamp", "calling_number", "called_number", "event_type")
EVENT_TYPES = ("CALL", "SMS")
# Source fields some exports use in place of canonical ones: separate date and time columns,
# one "lat,lon" cell location, and subscriber-centred records (the target's number, the other
# party's, and a direction) in place of calling and called numbers.
ALTERNATIVE_FIELDS = (
    "date",
    "time",
    "cell_location",
    "subscriber_number",
    "other_number",
    "direction",
)
DIRECTIONS = ("OUT", "IN")
_ALTERNATIVES = {
    "timestamp": ("date", "time"),
    "calling_number": ("subscriber_number", "other_number", "direction"),
    "called_number": ("subscriber_number", "other_number", "direction"),
}


def quote(identifier: str) -> str:
    """A DuckDB identifier, quoted so any operator's column name is safe in SQL."""
    return '"' + identifier.replace('"', '""') + '"'


@dataclass(frozen=True)
class ColumnMapping:
    """Where each canonical column comes from in one operator's layout.

    ``columns`` maps a canonical name (or one of ``ALTERNATIVE_FIELDS``) to the source
    column; a canonical name left out is read from a source column of the same name if there
    is one, else left empty. ``event_types`` maps the source's spelling (compared upper-cased)
    to ``CALL`` or ``SMS``, ``directions`` a direction's spelling to ``OUT`` or ``IN``.
    A time written without an offset is read as ``timezone`` local time, by the first of
    ``timestamp_formats`` (strptime patterns) that fits, else as ISO 8601.
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    event_types: Mapping[str, str] = field(
        default_factory=lambda: {"CALL": "CALL", "VOICE": "CALL", "SMS": "SMS", "TEXT": "SMS"}
    )
    directions: Mapping[str, str] = field(
        default_factory=lambda: {"OUT": "OUT", "OUTGOING": "OUT", "IN": "IN", "INCOMING": "IN"}
    )
    timezone: str = "UTC"
    timestamp_formats: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.columns) - set(CANONICAL_COLUMNS) - set(ALTERNATIVE_FIELDS)
        if unknown:
            raise ValueError(f"not call-record columns: {', '.join(sorted(unknown))}")
        bad = {v for v in self.event_types.values() if v not in EVENT_TYPES}
        if bad:
            raise ValueError(f"event types must map to CALL or SMS, not {sorted(bad)}")
        bad = {v for v in self.directions.values() if v not in DIRECTIONS}
        if bad:
            raise ValueError(f"directions must map to OUT or IN, not {sorted(bad)}")

    def source_columns(self, available: list[str]) -> dict[str, str | None]:
        """Canonical column -> the source column that holds it (None when the file lacks it)."""
        present = set(available)
        resolved: dict[str, str | None] = {}
        for name in (*CANONICAL_COLUMNS, *ALTERNATIVE_FIELDS):
            source = self.columns.get(name, name)
            resolved[name] = source if source in present else None
        return resolved

    def missing_required(self, available: list[str]) -> list[str]:
        resolved = self.source_columns(available)
        missing = []
        for name in REQUIRED_COLUMNS:
            alternatives = _ALTERNATIVES.get(name, ())
            if resolved[name] is None and not (
                alternatives and all(resolved[alt] for alt in alternatives)
            ):
                missing.append(name)
        return missing


SUFFIXES = (".parquet", ".csv", ".xlsx")


def is_call_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def source_sql(path: Path) -> str:
    """SQL reading a Parquet production (CSV is read by ``linewatch.comms.sources``)."""
    if path.suffix.lower() != ".parquet":
        raise ValueError(f"{path.name} is not a call data file Linewatch reads {SUFFIXES}")
    literal = str(path).replace("'", "''")
    return f"SELECT * FROM read_parquet('{literal}')"


def source_column_types(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, str]:
    described = con.execute(f"DESCRIBE {sql}").fetchall()
    return {str(row[0]): str(row[1]) for row in described if row[0] != "_row"}


def source_column_names(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    described = con.execute(f"DESCRIBE {sql}").fetchall()
    return [str(row[0]) for row in described if row[0] != "_row"]
