"""A line's life by week, where a phone was by hour, and two phones on the same cell."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from comms.callworld import START, event, mobile, write_production
from linewatch.access import system_access
from linewatch.comms import CallStore, import_calls
from linewatch.comms.timeline import activity_by_hour, co_location, line_life, whereabouts
from linewatch.model import AuditOperation
from linewatch.store import Store, tables

LINE = mobile(1)


def _import(store: Store, tmp_path: Path) -> None:
    rows = []
    # Week 1 (Monday 5 January): flares to three customers, two of whom call back.
    rows += [event(START + timedelta(hours=10), LINE, mobile(n), "SMS") for n in (2, 3, 4)]
    rows += [event(START + timedelta(hours=11), mobile(n), LINE, "CALL", 20) for n in (2, 3)]
    # Week 2: one flare to one customer; then nothing until a stranger's call 30 days on.
    rows.append(event(START + timedelta(days=7, hours=10), LINE, mobile(2), "SMS"))
    rows.append(event(START + timedelta(days=40), mobile(8), mobile(9), "CALL", 30))
    # A runner's phone on the line's cell five minutes after the line texted.
    rows.append(event(START + timedelta(hours=10, minutes=5), mobile(7), mobile(2), "CALL", 5))
    write_production(rows, tmp_path / "P-0500.parquet")
    import_calls(system_access(store, "Testing line life"), tmp_path / "P-0500.parquet")


def test_a_lines_life_counts_customers_by_week_and_says_when_it_went_quiet(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    _import(sqlite_store, tmp_path)
    access = system_access(sqlite_store, "Reading a line's life")

    with CallStore() as calls:
        life = line_life(access, calls, LINE)

    assert [(w.starts, w.customers, w.texts_sent, w.calls_received) for w in life.weeks] == [
        (date(2026, 1, 5), 3, 3, 2),
        (date(2026, 1, 12), 1, 1, 0),
    ]
    assert life.first_seen == START + timedelta(hours=10)
    assert life.went_quiet == date(2026, 1, 12)
    with sqlite_store.connect() as conn:
        operations = conn.execute(select(tables.audit_log.c.operation)).scalars().all()
    assert AuditOperation.CONSULTATION.value in operations


def test_where_a_phone_was_and_when_two_phones_shared_a_cell(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    _import(sqlite_store, tmp_path)
    access = system_access(sqlite_store, "Reading whereabouts")

    with CallStore() as calls:
        places = whereabouts(access, calls, LINE)
        hours = activity_by_hour(access, calls, LINE)
        together = co_location(access, calls, LINE, mobile(7), within_minutes=10)
        apart = co_location(access, calls, LINE, mobile(7), within_minutes=2)

    assert [(p.day, p.hour, p.cell_id, p.events) for p in places] == [
        (date(2026, 1, 5), 10, "RUT-0001", 3),
        (date(2026, 1, 12), 10, "RUT-0001", 1),
    ]
    assert hours[10] == 4 and hours[11] == 2 and sum(hours) == 6
    assert len(together) == 3 and together[0].cell_id == "RUT-0001"
    assert apart == []
