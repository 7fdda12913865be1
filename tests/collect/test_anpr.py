"""Importing anpr_reads.csv: cleaned registrations, checked positions and times."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from collect.builders import ANPR_COLUMNS, anpr_row, write_csv
from collect.conftest import MakeAccess
from linewatch.collect import import_anpr
from linewatch.store import Store, tables


def test_reads_are_stored_with_the_registration_cleaned(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    rows = [anpr_row("R-1"), anpr_row("R-2", vrm="AB12  CDE", read_at="2026-03-01T22:02:11+01:00")]
    result = import_anpr(as_role(store), write_csv(tmp_path / "anpr.csv", ANPR_COLUMNS, rows))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    with store.connect() as conn:
        reads = conn.execute(select(tables.anpr_reads).order_by("id")).mappings().all()
    assert [r["id"] for r in reads] == ["R-1", "R-2"]
    assert {r["vrm"] for r in reads} == {"AB12CDE"}
    # Both were read at 21:02:11 UTC, whatever offset the camera wrote.
    times = {r["read_at"].replace(tzinfo=None) for r in reads}
    assert len(times) == 1
    assert reads[0]["confidence"] == pytest.approx(0.97)
    assert reads[0]["batch_id"] == result.batch_id


READ_FAULTS: list[tuple[dict[str, str], str]] = [
    ({"latitude": "152.1"}, "latitude"),
    ({"longitude": ""}, "longitude"),
    ({"latitude": "north"}, "latitude"),
    ({"read_at": "2026-03-01 21:02"}, "read_at"),
    ({"vrm": "A"}, "vrm"),
    ({"confidence": "1.7"}, "confidence"),
    ({"camera_id": ""}, "camera_id"),
]


def test_invalid_reads_are_quarantined_naming_row_and_column(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    bad = [anpr_row(f"R-{n}", **overrides) for n, (overrides, _) in enumerate(READ_FAULTS)]
    path = write_csv(tmp_path / "a.csv", ANPR_COLUMNS, [anpr_row("R-OK"), *bad])
    result = import_anpr(as_role(sqlite_store), path)
    assert (result.rows_loaded, result.rows_quarantined) == (1, len(READ_FAULTS))
    with sqlite_store.connect() as conn:
        held = conn.execute(select(tables.quarantine).order_by("row_number")).mappings().all()
    assert [(q["row_number"], q["record_ref"], q["field"]) for q in held] == [
        (n + 3, f"R-{n}", field) for n, (_, field) in enumerate(READ_FAULTS)
    ]


def test_overlapping_files_add_each_read_once(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    access = as_role(store)
    first = write_csv(tmp_path / "a.csv", ANPR_COLUMNS, [anpr_row("R-1"), anpr_row("R-2")])
    second = write_csv(
        tmp_path / "b.csv", ANPR_COLUMNS, [anpr_row("R-2"), anpr_row("R-3"), anpr_row("R-3")]
    )
    assert import_anpr(access, first).rows_loaded == 2
    assert import_anpr(access, first).already_imported
    result = import_anpr(access, second)
    assert result.rows_loaded == 1
    assert "2 row(s) already held" in result.problems[-1]
    with store.connect() as conn:
        ids = sorted(conn.execute(select(tables.anpr_reads.c.id)).scalars())
        audit = conn.execute(select(tables.audit_log.c.record_ids)).scalars().all()
    assert ids == ["R-1", "R-2", "R-3"]
    # Bulk reads are logged by their batch, which finds them again.
    assert all(len(ids) == 1 and ids[0].startswith("batch:") for ids in audit)
