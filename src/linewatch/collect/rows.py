"""Writing many rows of one table at once, by the fastest means each database offers.

On PostgreSQL rows go in with COPY, in the caller's transaction (so a failure later in an
import still loads nothing); elsewhere with one executemany. Every row must carry the same
columns: those the table fills by itself (an autoincrement id) are simply left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import JSON, Connection, Table


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    columns = list(rows[0])
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    names = ", ".join(f'"{table.c[name].name}"' for name in columns)
    raw: Any = conn.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(
                [
                    Jsonb(row[name])
                    if name in json_columns and row[name] is not None
                    else row[name]
                    for name in columns
                ]
            )
