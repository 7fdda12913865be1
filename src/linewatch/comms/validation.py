"""Validating a production set-wise in DuckDB: every check is SQL over the whole file.

``stage`` reads the source once (Parquet, or CSV straight from DuckDB's reader) into the
temporary table ``staged``: every field cleaned into its canonical column beside the text as
written. Phone numbers are then cleaned once per distinct value and joined back in the
``checked`` view, which gives each row the first problem it has (if any). Counting, writing
the valid rows and writing the rejected rows read that in-memory table, not the file again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from linewatch.comms import presets, sources
from linewatch.comms.columns import ColumnMapping, quote, source_column_types, source_sql
from linewatch.comms.duck import temp_table
from linewatch.comms.numbers import register_number_lookup

# (field, problem) -> rows; (None, None) counts the valid rows.
Counts = dict[tuple[str | None, str | None], int]


# A production is held in memory while it is checked; a very large one spills to disk.
MEMORY_LIMIT = "2GB"


class UnreadableFile(ValueError):
    """The file as a whole cannot be read as call data (wrong format, a required column absent)."""


def connect(scratch: Path | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB session for one production; past ``MEMORY_LIMIT`` it spills to ``scratch``.

    ``threads`` caps the session's threads (DuckDB's default is one per core).
    """
    con = duckdb.connect()
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    # Call times are UTC instants; pin the session zone so nothing depends on the host's.
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
        con.execute("SET temp_directory = ?", [str(scratch)])
    return con


def stage(
    con: duckdb.DuckDBPyConnection, path: Path, mapping: ColumnMapping | None, name: str
) -> str:
    """Clean Parquet or CSV ``path`` (production file ``name``) and define ``checked``.

    With no mapping the layout is recognised by its header (``presets.detect``). Returns the
    preset used ("given" for a mapping passed in); UnreadableFile if it cannot be call data.
    """
    try:
        sql = sources.csv_sql(path) if path.suffix.lower() == ".csv" else source_sql(path)
    except ValueError as exc:
        raise UnreadableFile(str(exc)) from None
    try:
        types = source_column_types(con, sql)
    except duckdb.Error as exc:
        raise UnreadableFile(f"cannot read {name}: {exc}") from None
    names = list(types)
    preset = "given"
    if mapping is None:
        try:
            preset, mapping = presets.detect(names)
        except ValueError as exc:
            raise UnreadableFile(f"{name}: {exc}") from None
    missing = mapping.missing_required(names)
    if missing:
        raise UnreadableFile(f"{name} has no column for {', '.join(missing)}")
    resolved = mapping.source_columns(names)
    src = {k: (quote(v) if v else "NULL") for k, v in resolved.items()}
    directions = {k.strip().upper(): v for k, v in mapping.directions.items()}
    temp_table(
        con, "direction_map", {"raw": list(directions), "canonical": list(directions.values())}
    )
    events = {k.strip().upper(): v for k, v in mapping.event_types.items()}
    temp_table(con, "event_map", {"raw": list(events), "canonical": list(events.values())})
    # Only a subscriber-centred layout has a direction to check; for any other the staged
    # table need not hold a column that is the same on every row.
    by_direction = resolved["calling_number"] is None
    try:
        # The one pass over the source: everything but the phone numbers is cleaned here.
        con.execute(
            _STAGED_SQL.format(
                source=sql,
                raw_timestamp=_raw_timestamp(src),
                timestamp=_timestamp(resolved, types, mapping),
                raw_calling=_party(src, resolved, calling=True),
                raw_called=_party(src, resolved, calling=False),
                latitude=_coordinate(src, 1),
                longitude=_coordinate(src, 2),
                direction_known="dm.canonical IS NOT NULL" if by_direction else "true",
                direction_columns=(
                    ",\n    raw_direction,\n    _direction_known AS direction_known"
                    if by_direction
                    else ""
                ),
                source_timestamp=src["timestamp"],
                **{k: v for k, v in src.items() if k != "timestamp"},
            )
        )
    except duckdb.Error as exc:
        raise UnreadableFile(f"cannot read {name}: {exc}") from None
    register_number_lookup(
        con,
        "number_lookup",
        "SELECT raw_calling FROM staged WHERE raw_calling IS NOT NULL "
        "UNION SELECT raw_called FROM staged WHERE raw_called IS NOT NULL",
    )
    con.execute(
        _CHECKED_SQL.format(
            direction_known="s.direction_known" if by_direction else "true",
            raw_direction="s.raw_direction" if by_direction else "CAST(NULL AS VARCHAR)",
        )
    )
    return preset


def _raw_timestamp(src: dict[str, str]) -> str:
    if src["timestamp"] != "NULL":
        return f"CAST({src['timestamp']} AS VARCHAR)"
    return (
        f"NULLIF(concat_ws(' ', NULLIF(trim(CAST({src['date']} AS VARCHAR)), ''), "
        f"NULLIF(trim(CAST({src['time']} AS VARCHAR)), '')), '')"
    )


def _timestamp(
    resolved: dict[str, str | None], types: dict[str, str], mapping: ColumnMapping
) -> str:
    """SQL turning ``raw_timestamp`` into an instant: an offset if written, else local time."""
    column = resolved["timestamp"]
    if column and types.get(column, "").startswith("TIMESTAMP WITH TIME ZONE"):
        return "_source_timestamp"
    if mapping.timezone.upper() == "UTC" and not mapping.timestamp_formats:
        # The session zone is UTC, so one cast reads a written offset and a UTC local time
        # alike, without testing each of millions of values for an offset.
        return "TRY_CAST(raw_timestamp AS TIMESTAMPTZ)"
    zone = "'" + mapping.timezone.replace("'", "''") + "'"
    local = "TRY_CAST(raw_timestamp AS TIMESTAMP)"
    if mapping.timestamp_formats:
        formats = ", ".join("'" + f.replace("'", "''") + "'" for f in mapping.timestamp_formats)
        local = f"coalesce(try_strptime(raw_timestamp, [{formats}]), {local})"
    return (
        f"CASE WHEN regexp_matches(raw_timestamp, '{_OFFSET}') "
        f"THEN TRY_CAST(raw_timestamp AS TIMESTAMPTZ) ELSE timezone({zone}, {local}) END"
    )


# A time of day followed by a zone: Z, UTC or a numeric offset (+01, +0100, +01:00).
_OFFSET = r"\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|UTC|[+-]\d\d(:?\d\d)?)$"


def _party(src: dict[str, str], resolved: dict[str, str | None], *, calling: bool) -> str:
    """The raw calling (or called) number, from its own column or subscriber and direction."""
    own = src["calling_number" if calling else "called_number"]
    if resolved["calling_number" if calling else "called_number"]:
        return f"CAST({own} AS VARCHAR)"
    first, second = (
        ("subscriber_number", "other_number") if calling else ("other_number", "subscriber_number")
    )
    return (
        f"CASE dm.canonical WHEN 'OUT' THEN CAST({src[first]} AS VARCHAR) "
        f"WHEN 'IN' THEN CAST({src[second]} AS VARCHAR) END"
    )


def _coordinate(src: dict[str, str], part: int) -> str:
    own = src["cell_latitude" if part == 1 else "cell_longitude"]
    if own != "NULL" or src["cell_location"] == "NULL":
        return f"TRY_CAST({own} AS DOUBLE)"
    location = f"CAST({src['cell_location']} AS VARCHAR)"
    return f"TRY_CAST(trim(split_part({location}, ',', {part})) AS DOUBLE)"


def count(con: duckdb.DuckDBPyConnection) -> Counts:
    rows = con.execute("SELECT bad_field, problem, count(*) FROM checked GROUP BY ALL").fetchall()
    return {(field, problem): int(n) for field, problem, n in rows}


def write_and_count(con: duckdb.DuckDBPyConnection, production_id: str, target: Path) -> Counts:
    """Write the valid rows to ``target`` and count every row by its problem (as ``count``).

    The rows written are counted by the write itself, so when every row is valid (the usual
    case) the checks run once; only a file with rejected rows is read again to count them.
    """
    written = write_valid(con, production_id, target)
    total = _scalar(con, "SELECT count(*) FROM staged")
    counts: Counts = {(None, None): written} if written else {}
    if total > written:
        rows = con.execute(
            "SELECT bad_field, problem, count(*) FROM checked WHERE bad_field IS NOT NULL "
            "GROUP BY ALL"
        ).fetchall()
        counts.update({(field, problem): int(n) for field, problem, n in rows})
    return counts


def write_valid(con: duckdb.DuckDBPyConnection, production_id: str, target: Path) -> int:
    """Write the valid rows to ``target``; returns how many there were."""
    literal = "'" + production_id.replace("'", "''") + "'"
    return _copy(con, _VALID_SQL.format(production=literal), target)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def write_rejected(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    _copy(con, f"{_REJECTED_SELECT} ORDER BY _row", target)


def sample_rejected(con: duckdb.DuckDBPyConnection, per_problem: int) -> list[dict[str, Any]]:
    """The first ``per_problem`` rejected rows of each (field, problem), in file order."""
    cursor = con.execute(
        f"{_REJECTED_SELECT} QUALIFY row_number() OVER "
        "(PARTITION BY bad_field, problem ORDER BY _row) <= ? ORDER BY _row",
        [per_problem],
    )
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _copy(con: duckdb.DuckDBPyConnection, sql: str, target: Path) -> int:
    """Write ``sql``'s rows to Parquet ``target``; returns how many were written."""
    literal = str(target).replace("'", "''")
    return _scalar(con, f"COPY ({sql}) TO '{literal}' (FORMAT parquet)")


# Rows keep the source's order (DuckDB preserves insertion order), so ``rowid + 1`` in
# ``checked`` numbers them as the file does.
_STAGED_SQL = """
CREATE OR REPLACE TEMP TABLE staged AS
SELECT
    raw_timestamp,
    {timestamp} AS timestamp,
    raw_calling,
    raw_called,
    raw_event,
    em.canonical AS event_type,
    raw_duration_s,
    coalesce(
        TRY_CAST(raw_duration_s AS INTEGER),
        TRY_CAST(TRY_CAST(raw_duration_s AS DOUBLE) AS INTEGER),
        TRY_CAST(epoch(TRY_CAST(raw_duration_s AS INTERVAL)) AS INTEGER)
    ) AS duration_s,
    imei,
    imsi,
    cell_id,
    _lat AS cell_latitude,
    _lon AS cell_longitude,
    _synthetic AS is_synthetic{direction_columns}
FROM (
    SELECT
        {raw_timestamp} AS raw_timestamp,
        NULLIF(trim({raw_calling}), '') AS raw_calling,
        NULLIF(trim({raw_called}), '') AS raw_called,
        NULLIF(upper(trim(CAST({event_type} AS VARCHAR))), '') AS raw_event,
        NULLIF(upper(trim(CAST({direction} AS VARCHAR))), '') AS raw_direction,
        NULLIF(trim(CAST({duration_s} AS VARCHAR)), '') AS raw_duration_s,
        {latitude} AS _lat,
        {longitude} AS _lon,
        coalesce(TRY_CAST({is_synthetic} AS BOOLEAN), false) AS _synthetic,
        {direction_known} AS _direction_known,
        NULLIF(trim(CAST({imei} AS VARCHAR)), '') AS imei,
        NULLIF(trim(CAST({imsi} AS VARCHAR)), '') AS imsi,
        NULLIF(trim(CAST({cell_id} AS VARCHAR)), '') AS cell_id,
        {source_timestamp} AS _source_timestamp
    FROM (SELECT *, upper(trim(CAST({direction} AS VARCHAR))) AS _direction FROM ({source})) AS src
    LEFT JOIN direction_map AS dm ON dm.raw = src._direction
) AS s
LEFT JOIN event_map AS em ON em.raw = s.raw_event
"""

# The first problem of each row names its field; ``problem`` groups rows for counting and
# ``detail`` is the reason a person reads for a quarantined row.
_CHECKED_SQL = """
CREATE OR REPLACE TEMP VIEW checked AS
SELECT
    s.rowid + 1 AS _row,
    s.*,
    cn.e164 AS calling_number,
    dn.e164 AS called_number,
    CASE
        WHEN s.timestamp IS NULL THEN 'timestamp'
        WHEN NOT {direction_known} THEN 'direction'
        WHEN cn.e164 IS NULL THEN 'calling_number'
        WHEN dn.e164 IS NULL THEN 'called_number'
        WHEN s.event_type IS NULL THEN 'event_type'
    END AS bad_field,
    CASE
        WHEN s.raw_timestamp IS NULL THEN 'missing'
        WHEN s.timestamp IS NULL THEN 'not a timestamp'
        WHEN NOT {direction_known} AND {raw_direction} IS NULL THEN 'missing'
        WHEN NOT {direction_known} THEN 'not IN or OUT'
        WHEN s.raw_calling IS NULL THEN 'missing'
        WHEN cn.e164 IS NULL THEN 'not a phone number'
        WHEN s.raw_called IS NULL THEN 'missing'
        WHEN dn.e164 IS NULL THEN 'not a phone number'
        WHEN s.raw_event IS NULL THEN 'missing'
        WHEN s.event_type IS NULL THEN 'not CALL or SMS'
    END AS problem,
    CASE
        WHEN s.raw_timestamp IS NULL THEN 'no timestamp'
        WHEN s.timestamp IS NULL THEN 'cannot read ' || s.raw_timestamp || ' as a timestamp'
        WHEN NOT {direction_known} AND {raw_direction} IS NULL THEN 'no direction'
        WHEN NOT {direction_known}
            THEN 'unknown direction ' || {raw_direction} || ' (incoming or outgoing)'
        WHEN s.raw_calling IS NULL THEN 'no calling number'
        WHEN cn.e164 IS NULL THEN cn.error
        WHEN s.raw_called IS NULL THEN 'no called number'
        WHEN dn.e164 IS NULL THEN dn.error
        WHEN s.raw_event IS NULL THEN 'no event type'
        WHEN s.event_type IS NULL THEN 'unknown event type ' || s.raw_event || ' (CALL or SMS)'
    END AS detail
FROM staged AS s
LEFT JOIN number_lookup AS cn ON cn.raw = s.raw_calling
LEFT JOIN number_lookup AS dn ON dn.raw = s.raw_called
"""

# A call without a duration stays unknown; an SMS has none, which the format writes as 0.
# The production id, the same on every row, is cast to a one-value ENUM: Parquet gets the same
# string column, written from its one-entry dictionary without hashing the id row by row.
_VALID_SQL = """
SELECT timestamp, calling_number, called_number, event_type,
       CASE WHEN event_type = 'SMS' THEN coalesce(duration_s, 0) ELSE duration_s END
           AS duration_s,
       imei, imsi, cell_id, cell_latitude, cell_longitude, is_synthetic,
       CAST({production} AS ENUM({production})) AS production_id
FROM checked WHERE bad_field IS NULL
"""

_REJECTED_SELECT = """
SELECT _row, bad_field, problem, detail,
       raw_timestamp, raw_calling AS raw_calling_number, raw_called AS raw_called_number,
       raw_event AS raw_event_type, raw_duration_s, imei AS raw_imei
FROM checked WHERE bad_field IS NOT NULL
"""
