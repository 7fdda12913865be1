"""Phone numbers cleaned once per distinct value, then joined back to millions of rows.

A production holds millions of records but only thousands of distinct numbers, so each number
is cleaned once in Python by ``linewatch.types`` (the one place phone rules live) and the
result is handed to DuckDB as a lookup table.
"""

from __future__ import annotations

from functools import lru_cache

import duckdb

from linewatch import types
from linewatch.comms.duck import temp_table


# The same numbers recur in every production of an area; cleaning is pure, so remember it.
@lru_cache(maxsize=500_000)
def clean_or_error(kind: str, raw: str) -> tuple[str | None, str | None]:
    """(clean value, None) or (None, the reason it does not clean)."""
    try:
        return types.clean(kind, raw), None
    except ValueError as exc:
        return None, str(exc)


def register_number_lookup(
    con: duckdb.DuckDBPyConnection, name: str, distinct_sql: str
) -> tuple[int, int]:
    """Register ``name(raw, e164, error)`` for every value ``distinct_sql`` yields.

    Returns (distinct numbers, numbers that did not clean).
    """
    raws = [str(row[0]) for row in con.execute(distinct_sql).fetchall() if row[0] is not None]
    cleaned = [clean_or_error("phone", raw) for raw in raws]
    temp_table(
        con,
        name,
        {"raw": raws, "e164": [c for c, _ in cleaned], "error": [e for _, e in cleaned]},
    )
    return len(raws), sum(1 for c, _ in cleaned if c is None)
