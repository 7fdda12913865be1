"""Writing many rows of one table at once, by the fastest means each database offers.

On PostgreSQL rows go in with COPY, in the caller's transaction (so a failure later in an
import still loads nothing); elsewhere with one executemany. Every row must carry the same
columns: those the table fills by itself (an autoincrement id) are simply left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
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
    json_at = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON)]
    # One C-level call picks a row's values in column order (a tuple, whatever their number).
    values = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    names = ", ".join(f'"{table.c[name].name}"' for name in columns)
    raw: Any = conn.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            cells = values(row)
            if json_at:
                cells = list(cells)
                for i in json_at:
                    if cells[i] is not None:
                        cells[i] = Jsonb(cells[i])
            copy.write_row(cells)
