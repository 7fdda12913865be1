"""Writing many rows of one table at once, by the fastest means each database offers.

On PostgreSQL rows go in with COPY, in the caller's transaction (so a failure later in an
import still loads nothing); elsewhere with one executemany. Every row must carry the same
columns: those the table fills by itself (an autoincrement id) are simply left out.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
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


@dataclass(frozen=True)
class ColumnRows:
    """Rows of one table given as Arrow columns of one length, made ready for the database
    they go to: on PostgreSQL the CSV that COPY reads is written when they are made, so that
    a thread preparing rows can do it while another writes earlier ones."""

    table: Table
    data: pa.Table
    copy_csv: bytes | None

    @classmethod
    def of(cls, dialect: str, table: Table, columns: Mapping[str, pa.Array]) -> ColumnRows:
        data = pa.table(dict(columns))
        if dialect != "postgresql" or data.num_rows == 0:
            return cls(table, data, None)
        # Every string is quoted and a null written as nothing, so the two stay apart.
        out = io.BytesIO()
        pa_csv.write_csv(_utc_as_text(data), out, pa_csv.WriteOptions(include_header=False))
        return cls(table, data, out.getvalue())

    def insert(self, conn: Connection) -> None:
        if self.data.num_rows == 0:
            return
        if self.copy_csv is None:
            insert_rows(conn, self.table, self.data.to_pylist())
            return
        names = ", ".join(f'"{self.table.c[name].name}"' for name in self.data.column_names)
        raw: Any = conn.connection.dbapi_connection
        statement = f'COPY "{self.table.name}" ({names}) FROM STDIN (FORMAT csv)'
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            copy.write(self.copy_csv)


def _utc_as_text(data: pa.Table) -> pa.Table:
    """Times with a zone written as UTC with its offset: Arrow's CSV writer takes twenty
    times longer over a zoned time than over the same time without one."""
    for i, field in enumerate(data.schema):
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            utc = data.column(i).cast(pa.timestamp(field.type.unit)).cast(pa.string())
            data = data.set_column(i, field.name, pc.binary_join_element_wise(utc, "+00", ""))
    return data
