"""Listing quarantined rows, and loading them once corrected."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from collect.builders import PERSON_COLUMNS, person_row, report, write_csv, write_jsonl
from collect.conftest import MakeAccess
from linewatch.collect import (
    import_person_records,
    import_reports,
    person_id,
    quarantined,
    report_id,
    resubmit,
)
from linewatch.store import Store, tables


def test_quarantined_rows_are_listed_with_their_reasons(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    access = as_role(sqlite_store)
    first = import_reports(
        access, write_jsonl(tmp_path / "a.jsonl", [report("IR-1", channel="FAX")])
    )
    import_reports(access, write_jsonl(tmp_path / "b.jsonl", [report("IR-2", text="")]))

    everything = quarantined(access)
    assert [(r.kind, r.file_name, r.record_ref, r.field) for r in everything] == [
        ("reports", "a.jsonl", "IR-1", "channel"),
        ("reports", "b.jsonl", "IR-2", "text"),
    ]
    assert [r.record_ref for r in quarantined(access, first.batch_id)] == ["IR-1"]
    assert everything[0].status == "OPEN"
    with sqlite_store.connect() as conn:
        last = (
            conn.execute(select(tables.audit_log).order_by(tables.audit_log.c.seq.desc()).limit(1))
            .mappings()
            .one()
        )
    # Quarantined rows hold personal data, so reading them is a logged consultation.
    assert last["operation"] == "CONSULTATION"


def test_a_corrected_report_is_loaded_and_its_row_marked_resubmitted(
    store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    access = as_role(store)
    import_reports(access, write_jsonl(tmp_path / "a.jsonl", [report("IR-1", channel="FAX")]))
    [row] = quarantined(access)

    result = resubmit(access, row.id, {"channel": "CALL_101"})

    assert result.rows_loaded == 1 and not result.problems
    assert result.batch_id == row.batch_id
    with store.connect() as conn:
        stored = conn.execute(select(tables.reports)).mappings().one()
        audit = (
            conn.execute(select(tables.audit_log).order_by(tables.audit_log.c.seq.desc()).limit(1))
            .mappings()
            .one()
        )
    assert (stored["id"], stored["channel"]) == (report_id("IR-1"), "CALL_101")
    assert stored["batch_id"] == row.batch_id
    assert quarantined(access)[0].status == "RESUBMITTED"
    assert audit["operation"] == "COLLECTION"
    assert f"quarantine:{row.id}" in audit["record_ids"]
    with pytest.raises(ValueError, match="RESUBMITTED"):
        resubmit(access, row.id, {"channel": "CALL_101"})


def test_a_correction_that_is_still_wrong_loads_nothing(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    access = as_role(sqlite_store)
    rows = [person_row("N-5", phone="0770 090")]
    import_person_records(access, write_csv(tmp_path / "p.csv", PERSON_COLUMNS, rows))
    [row] = quarantined(access)
    assert row.field == "phone"

    result = resubmit(access, row.id, {"phone": "07700 90012"})
    assert result.rows_loaded == 0
    assert result.problems and "phone" in result.problems[0]
    assert quarantined(access)[0].status == "OPEN"

    fixed = resubmit(access, row.id, {"phone": "07700 900124"})
    assert fixed.rows_loaded == 1
    with sqlite_store.connect() as conn:
        ids = set(conn.execute(select(tables.entities.c.id)).scalars())
    assert person_id("Leicestershire Police", "N-5") in ids


def test_an_unreadable_line_can_be_replaced_whole(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    access = as_role(sqlite_store)
    import_reports(access, write_jsonl(tmp_path / "a.jsonl", ['{"reference": "IR-9",']))
    [row] = quarantined(access)
    assert row.field == "line"
    assert resubmit(access, row.id, report("IR-9")).rows_loaded == 1
