"""Importing a folder: productions are checked two at a time but committed one by one, in order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
from sqlalchemy import func, select

from comms.callworld import START, event, mobile, write_production
from linewatch.access import system_access
from linewatch.comms import CallStore, calls_dir, import_calls, rejected_dir
from linewatch.comms.columns import CANONICAL_COLUMNS
from linewatch.store import Store, tables

HEADER = "timestamp,calling_number,called_number,event_type,duration_s\n"


def _csv(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(line + "\n" for line in lines))
    return path


def _count(store: Store, table: Any) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_folder_of_mixed_productions_keeps_every_guarantee(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "calls"
    good = f"2026-03-01 10:00:00+00,{mobile(1)},{mobile(2)},CALL,30"
    first = _csv(
        folder / "P-0001.csv",
        [good, f"teatime,{mobile(1)},{mobile(2)},CALL,30", good, f"{good[:22]},,{mobile(2)},SMS,"],
    )
    # Two files under one production id: the first in file order wins, the other is refused.
    _csv(folder / "P-0002.csv", [good, good])
    write_production([event(START, mobile(3), mobile(4))], folder / "P-0002.parquet")
    (folder / "P-0003.csv").write_text("when,who\n1,2\n")
    # The same file again under another name is recognised as already imported.
    (folder / "P-0004.csv").write_bytes(first.read_bytes())
    access = system_access(store, "Testing a folder import")

    results = import_calls(access, folder)

    assert [r.file_name for r in results] == [
        "P-0001.csv",
        "P-0002.csv",
        "P-0002.parquet",
        "P-0003.csv",
        "P-0004.csv",
    ]
    one, two, two_again, unreadable, copy = results
    assert (one.rows_total, one.rows_loaded, one.rows_quarantined) == (4, 2, 2)
    assert (two.rows_total, two.rows_loaded) == (2, 2)
    assert two_again.batch_id is None
    assert "already imported from a different file" in two_again.problems[0]
    assert unreadable.batch_id is None and "P-0003.csv" in unreadable.problems[0]
    assert copy.already_imported and copy.duplicate_of_batch == one.batch_id
    with store.connect() as conn:
        held = conn.execute(
            select(tables.quarantine.c.row_number, tables.quarantine.c.field).order_by(
                tables.quarantine.c.row_number
            )
        ).all()
    assert [tuple(row) for row in held] == [(2, "timestamp"), (4, "calling_number")]
    rejected = pq.read_table(rejected_dir() / "P-0001.parquet").to_pylist()
    assert [(r["_row"], r["raw_timestamp"]) for r in rejected] == [
        (2, "teatime"),
        (4, good[:22]),
    ]
    with CallStore() as calls:
        assert calls.productions() == ["P-0001", "P-0002"]
        assert calls.count() == 4
    # Nothing is left behind in the Parquet folders but the productions themselves.
    assert sorted(p.name for p in calls_dir().iterdir()) == ["P-0001.parquet", "P-0002.parquet"]
    assert sorted(p.name for p in rejected_dir().iterdir()) == ["P-0001.parquet"]
    assert not any((data_dir / "calls_staging").iterdir())
    # The stored schema is the canonical one, the production id a plain string column.
    stored = pq.read_schema(calls_dir() / "P-0001.parquet")
    assert stored.names == [*CANONICAL_COLUMNS, "production_id"]
    assert str(stored.field("production_id").type) == "string"
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM '{calls_dir() / 'P-0001.parquet'}'").fetchall()
    canonical = ", ".join(
        f"CAST(NULL AS {kind}) AS {name}" for name, kind in CANONICAL_COLUMNS.items()
    )
    expected = con.execute(f"DESCRIBE SELECT {canonical}, 'P' AS production_id").fetchall()
    assert [row[:2] for row in described] == [row[:2] for row in expected]
    assert _count(store, tables.import_batches) == 2


def test_importing_a_folder_again_adds_nothing(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "calls"
    for n in range(1, 6):
        _csv(
            folder / f"P-000{n}.csv",
            [f"2026-03-0{n} 10:00:00+00,{mobile(n)},{mobile(n + 10)},SMS,"] * n,
        )
    access = system_access(store, "Testing a folder import")

    first = import_calls(access, folder)
    again = import_calls(access, folder)

    assert [r.rows_loaded for r in first] == [1, 2, 3, 4, 5]
    assert [r.duplicate_of_batch for r in again] == [r.batch_id for r in first]
    assert _count(store, tables.import_batches) == 5
    with CallStore() as calls:
        assert calls.count() == 15
