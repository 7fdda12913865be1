"""CSV and XLSX productions in the usual export layouts, recognised by their header."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from linewatch.access import system_access
from linewatch.comms import CallStore, import_calls
from linewatch.comms.presets import PRESETS, detect
from linewatch.store import Store, tables

A_B_HEADER = "Date,Time,A Number,B Number,Call Type,Duration (s),IMEI,IMSI,Cell ID,Cell Location"


def _rows(sql: str) -> list[tuple[Any, ...]]:
    with CallStore() as calls:
        return calls.con.execute(sql).fetchall()


def test_a_b_party_csv_reads_uk_local_time_local_numbers_and_one_location_column(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "P-0100.csv"
    path.write_text(
        "\n".join(
            [
                A_B_HEADER,
                # Summer: 14:03 in the UK is 13:03 UTC; a duration written as h:mm:ss.
                "01/07/2026,14:03:22,07700 900001,07700900002,Voice,0:01:23,352099000000017,"
                '234150000000001,C-17,"52.66,-0.72"',
                "01/12/2026,09:00:00,+447700900002,0116 496 0001,SMS-MO,,,,,",
                "31/02/2026,09:00:00,07700 900001,07700 900002,Voice,10,,,,",
            ]
        )
        + "\n"
    )
    access = system_access(sqlite_store, "Testing CSV call data")

    [result] = import_calls(access, path)
    [again] = import_calls(access, path)

    assert (result.rows_total, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    assert again.already_imported
    rows = _rows(
        "SELECT timestamp, calling_number, called_number, event_type, duration_s, "
        "cell_latitude, cell_longitude FROM calls ORDER BY timestamp"
    )
    assert rows == [
        (
            datetime(2026, 7, 1, 13, 3, 22, tzinfo=UTC),
            "+447700900001",
            "+447700900002",
            "CALL",
            83,
            52.66,
            -0.72,
        ),
        (
            datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
            "+447700900002",
            "+441164960001",
            "SMS",
            0,
            None,
            None,
        ),
    ]
    with sqlite_store.connect() as conn:
        [(row_number, field, reason)] = conn.execute(
            select(
                tables.quarantine.c.row_number,
                tables.quarantine.c.field,
                tables.quarantine.c.reason,
            )
        ).all()
    assert (row_number, field) == (3, "timestamp")
    assert "31/02/2026 09:00:00" in reason


def test_an_xlsx_target_export_turns_directions_into_calling_and_called(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(PRESETS["target-direction"].columns.values()))
    base = ["352099000000017", "234150000000001", "C-9", 52.67, -0.73]
    sheet.append(
        [datetime(2026, 11, 2, 10, 0), "07700900001", "07700900009", "Outgoing", "Voice", 60, *base]
    )
    sheet.append(
        [datetime(2026, 11, 2, 11, 0), "07700900001", "07700900008", "Incoming", "SMS", 0, *base]
    )
    sheet.append(
        [datetime(2026, 11, 2, 12, 0), "07700900001", "07700900008", "Sideways", "SMS", 0, *base]
    )
    path = tmp_path / "P-0200.xlsx"
    book.save(path)

    [result] = import_calls(system_access(sqlite_store, "Testing XLSX call data"), path)

    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert _rows("SELECT calling_number, called_number, event_type FROM calls ORDER BY 1") == [
        ("+447700900001", "+447700900009", "CALL"),
        ("+447700900008", "+447700900001", "SMS"),
    ]
    with sqlite_store.connect() as conn:
        reasons = conn.execute(select(tables.quarantine.c.field, tables.quarantine.c.reason)).all()
    assert reasons == [("direction", "unknown direction SIDEWAYS (incoming or outgoing)")]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["timestamp", "calling_number", "called_number", "event_type"], "canonical"),
        (A_B_HEADER.split(","), "a-b-party"),
        (list(PRESETS["target-direction"].columns.values()), "target-direction"),
    ],
)
def test_a_known_layout_is_recognised_by_its_header(headers: list[str], expected: str) -> None:
    assert detect(headers)[0] == expected


def test_an_unknown_layout_is_mapped_by_header_aliases() -> None:
    name, mapping = detect(["Call Date", "Start Time", "From", "To", "Record Type", "Secs"])

    assert name == "detected"
    assert dict(mapping.columns) == {
        "date": "Call Date",
        "time": "Start Time",
        "calling_number": "From",
        "called_number": "To",
        "event_type": "Record Type",
        "duration_s": "Secs",
    }


def test_a_file_no_mapping_fits_is_refused_whole(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "P-0300.csv"
    path.write_text("when,who,what\n2026-11-01,07700900001,hello\n")

    [result] = import_calls(system_access(sqlite_store, "Testing CSV call data"), path)

    assert result.batch_id is None and result.rows_loaded == 0
    assert "no column for" in result.problems[0]
