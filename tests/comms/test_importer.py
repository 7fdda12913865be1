from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

from comms.callworld import START, event, mobile, write_production
from linewatch.access import AccessDenied, Actor, system_access
from linewatch.access.context import Access
from linewatch.comms import CallStore, ColumnMapping, calls_dir, import_calls, rejected_dir
from linewatch.comms.importer import SAMPLE_PER_PROBLEM
from linewatch.model import Role
from linewatch.store import Store, tables

TEXT_SCHEMA = pa.schema(
    [
        ("timestamp", pa.string()),
        ("calling_number", pa.string()),
        ("called_number", pa.string()),
        ("event_type", pa.string()),
        ("duration_s", pa.int32()),
        ("imei", pa.string()),
        ("is_synthetic", pa.bool_()),
    ]
)


def _access(store: Store) -> Access:
    return system_access(store, "Testing call data import")


def _text_row(
    timestamp: str | None, calling: str | None, called: str | None, kind: str | None
) -> dict[str, Any]:
    return {
        "timestamp": timestamp,
        "calling_number": calling,
        "called_number": called,
        "event_type": kind,
        "duration_s": 30,
        "imei": None,
        "is_synthetic": True,
    }


def _count(store: Store, table: Any) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_valid_production_lands_as_parquet_in_canonical_columns(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    rows = [
        event(START, "07700 900001", "+44 7700 900002", "CALL", 42, "352099000000017"),
        event(START + timedelta(minutes=1), "+447700900002", "07700900001", "sms", None),
    ]
    source = write_production(rows, tmp_path / "in" / "P-0001-deal-lines.parquet")

    [result] = import_calls(_access(store), source)

    assert (result.rows_total, result.rows_loaded, result.rows_quarantined) == (2, 2, 0)
    stored = pq.read_table(calls_dir() / "P-0001-deal-lines.parquet").to_pylist()
    assert [r["calling_number"] for r in stored] == [mobile(1), mobile(2)]
    assert [r["called_number"] for r in stored] == [mobile(2), mobile(1)]
    assert [r["event_type"] for r in stored] == ["CALL", "SMS"]
    assert [r["duration_s"] for r in stored] == [42, 0]
    assert stored[0]["timestamp"] == START
    assert {r["production_id"] for r in stored} == {"P-0001-deal-lines"}
    assert set(stored[0]) >= {"imei", "imsi", "cell_id", "cell_latitude", "is_synthetic"}
    with store.connect() as conn:
        batch = conn.execute(select(tables.import_batches)).one()
        audit = conn.execute(select(tables.audit_log)).one()
    assert (batch.kind, batch.dataset, batch.rows_loaded) == ("calls", "P-0001-deal-lines", 2)
    assert audit.operation == "COLLECTION"
    assert audit.record_ids == [f"batch:{batch.id}", "production:P-0001-deal-lines"]


def test_invalid_rows_are_quarantined_with_the_field_and_reason(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    rows = [
        _text_row("2026-03-01T21:15:00+00:00", "07700 900001", "07700 900002", "CALL"),
        _text_row("yesterday teatime", "07700 900001", "07700 900002", "CALL"),
        _text_row("2026-03-01T21:16:00+00:00", None, "07700 900002", "CALL"),
        _text_row("2026-03-01T21:17:00+00:00", "07700 900001", "12345", "SMS"),
        _text_row("2026-03-01T21:18:00+00:00", "07700 900001", "07700 900002", "FAX"),
        _text_row("2026-03-01T22:18:00+01:00", "07700 900002", "07700 900001", "SMS"),
    ]
    source = write_production(rows, tmp_path / "P-0002.parquet", TEXT_SCHEMA)

    [result] = import_calls(_access(store), source)

    assert (result.rows_total, result.rows_loaded, result.rows_quarantined) == (6, 2, 4)
    with store.connect() as conn:
        held = conn.execute(select(tables.quarantine).order_by(tables.quarantine.c.row_number))
        quarantined = [(r.row_number, r.field, r.reason, r.raw) for r in held]
    assert [(n, f) for n, f, _, _ in quarantined] == [
        (2, "timestamp"),
        (3, "calling_number"),
        (4, "called_number"),
        (5, "event_type"),
    ]
    assert "yesterday teatime" in quarantined[0][2]
    assert "12345" in quarantined[2][2]
    assert quarantined[3][3]["event_type"] == "FAX"
    stored = pq.read_table(calls_dir() / "P-0002.parquet").to_pylist()
    # An offset in the source is kept as the same instant in UTC.
    assert [r["timestamp"] for r in stored] == [
        datetime(2026, 3, 1, 21, 15, tzinfo=UTC),
        datetime(2026, 3, 1, 21, 18, tzinfo=UTC),
    ]
    rejected = pq.read_table(rejected_dir() / "P-0002.parquet").to_pylist()
    assert [r["bad_field"] for r in rejected] == [f for _, f, _, _ in quarantined]


def test_quarantine_keeps_a_bounded_sample_and_counts_the_rest(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    bad = [
        _text_row(f"2026-03-01T10:{i % 60:02d}:00Z", mobile(1), mobile(2), "FAX")
        for i in range(150)
    ]
    good = [_text_row("2026-03-01T10:00:00Z", mobile(1), mobile(2), "CALL")]
    source = write_production(good + bad, tmp_path / "P-0003.parquet", TEXT_SCHEMA)

    [result] = import_calls(_access(sqlite_store), source)

    assert (result.rows_loaded, result.rows_quarantined) == (1, 150)
    assert _count(sqlite_store, tables.quarantine) == SAMPLE_PER_PROBLEM
    assert any("150 rows with event_type" in p for p in result.problems)
    with sqlite_store.connect() as conn:
        batch = conn.execute(select(tables.import_batches)).one()
    assert batch.rows_quarantined == 150
    assert pq.read_metadata(rejected_dir() / "P-0003.parquet").num_rows == 150


def test_importing_the_same_file_twice_adds_nothing(
    store: Store, data_dir: Path, tmp_path: Path, call_world: Any
) -> None:
    source = call_world.write(tmp_path / "in")
    access = _access(store)

    first = import_calls(access, source)
    again = import_calls(access, source)

    assert first[0].rows_loaded == len(call_world.rows)
    assert again[0].already_imported and again[0].duplicate_of_batch == first[0].batch_id
    assert _count(store, tables.import_batches) == 1
    assert _count(store, tables.audit_log) == 1
    with CallStore() as calls:
        assert calls.count() == len(call_world.rows)


def test_a_different_file_under_a_used_production_id_is_refused(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    access = _access(sqlite_store)
    first = write_production([event(START, mobile(1), mobile(2))], tmp_path / "a" / "P-9.parquet")
    other = write_production([event(START, mobile(3), mobile(4))], tmp_path / "b" / "P-9.parquet")
    import_calls(access, first)

    [result] = import_calls(access, other)

    assert (
        result.batch_id is None and "already imported from a different file" in result.problems[0]
    )
    kept = pq.read_table(calls_dir() / "P-9.parquet").to_pylist()
    assert kept[0]["calling_number"] == mobile(1)


def test_a_folder_imports_each_production_and_the_call_store_spans_them(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "calls"
    write_production([event(START, mobile(1), mobile(2))], folder / "P-0001.parquet")
    write_production(
        [event(START, mobile(3), mobile(4)), event(START, mobile(4), mobile(3))],
        folder / "P-0002.parquet",
    )
    (folder / "notes.txt").write_text("not call data")
    messages: list[str] = []

    results = import_calls(_access(sqlite_store), folder, messages.append)

    assert [r.rows_loaded for r in results] == [1, 2]
    assert len(messages) == 2
    with CallStore() as calls:
        assert calls.productions() == ["P-0001", "P-0002"]
        assert calls.count() == 3
        per = calls.con.execute(
            "SELECT production_id, count(*) FROM calls GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert per == [("P-0001", 1), ("P-0002", 2)]


def test_a_column_mapping_reads_an_operator_layout(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    layout = pa.table(
        {
            "start_time": pa.array([START, START], pa.timestamp("us", tz="UTC")),
            "a_party": ["07700900001", "07700900002"],
            "b_party": ["07700900002", "07700900001"],
            "record_type": ["Voice", "Text"],
            "seconds": pa.array([31, 0], pa.int64()),
        }
    )
    path = tmp_path / "P-OP.parquet"
    pq.write_table(layout, path)
    mapping = ColumnMapping(
        columns={
            "timestamp": "start_time",
            "calling_number": "a_party",
            "called_number": "b_party",
            "event_type": "record_type",
            "duration_s": "seconds",
        }
    )

    [result] = import_calls(_access(sqlite_store), path, mapping=mapping)

    assert result.rows_loaded == 2
    stored = pq.read_table(calls_dir() / "P-OP.parquet").to_pylist()
    assert [(r["event_type"], r["duration_s"]) for r in stored] == [("CALL", 31), ("SMS", 0)]


def test_a_file_missing_a_required_column_is_refused_whole(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "P-BAD.parquet"
    pq.write_table(pa.table({"timestamp": [START], "calling_number": [mobile(1)]}), path)

    [result] = import_calls(_access(sqlite_store), path)

    assert result.batch_id is None and result.rows_loaded == 0
    assert "called_number" in result.problems[0] and "event_type" in result.problems[0]
    assert _count(sqlite_store, tables.import_batches) == 0
    assert not (calls_dir() / "P-BAD.parquet").exists()


def test_a_mapping_to_an_unknown_column_or_event_type_is_refused() -> None:
    with pytest.raises(ValueError, match="not call-record columns"):
        ColumnMapping(columns={"caller": "a_party"})
    with pytest.raises(ValueError, match="CALL or SMS"):
        ColumnMapping(event_types={"MMS": "PICTURE"})


def test_a_role_without_import_rights_cannot_import(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    source = write_production([event(START, mobile(1), mobile(2))], tmp_path / "P-1.parquet")
    pcc = Access(sqlite_store, Actor("pcc1", Role.PCC_OFFICE, "pcc"), "Quarterly figures")

    with pytest.raises(AccessDenied):
        import_calls(pcc, source)
    assert not (calls_dir() / "P-1.parquet").exists()
