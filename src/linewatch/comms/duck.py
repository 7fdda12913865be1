"""Handing small Python lists to DuckDB as temporary tables.

Lists go in as list parameters and are unnested in SQL: registering an Arrow table would pull
in pandas, and ``executemany`` inserts row by row (minutes for twenty thousand rows).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from linewatch.comms.columns import quote


def temp_table(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, Sequence[str | None]]
) -> None:
    """(Re)create temporary table ``name`` of VARCHAR columns holding ``columns``' values."""
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of {name} differ in length: {sorted(lengths)}")
    names = [quote(c) for c in columns]
    con.execute(f"DROP TABLE IF EXISTS {quote(name)}")
    con.execute(f"CREATE TEMP TABLE {quote(name)} ({', '.join(f'{c} VARCHAR' for c in names)})")
    if lengths and lengths.pop():
        params = [f"unnest(CAST(${i} AS VARCHAR[]))" for i in range(1, len(names) + 1)]
        con.execute(
            f"INSERT INTO {quote(name)} SELECT {', '.join(params)}",
            [list(values) for values in columns.values()],
        )
