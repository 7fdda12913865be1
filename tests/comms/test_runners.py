"""Runner and holder phones told apart by where they were served, on a small made-up line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from comms.callworld import START, event, mobile, write_production
from linewatch.access import system_access
from linewatch.comms import LINE_HOLDER, RUNNER, WORKER, CallStore, import_calls, line_staff
from linewatch.store import Store

LINE, HOLDER, RUNNER_PHONE, LOCAL, SILENT, CUSTOMER = (mobile(n) for n in (1, 10, 20, 21, 22, 30))
CUSTOMERS = [mobile(100 + n) for n in range(4)]
# A cell in Nottingham (the hub), one in Oakham (Rutland), one in Leicester.
HUB = ("NOT-0001", 52.955, -1.158)
OAKHAM = ("RUT-0001", 52.670, -0.728)
LEICESTER = ("LEI-0001", 52.637, -1.140)
WEEKS = 5


def _on(cell: tuple[str, float, float] | None, row: dict[str, Any]) -> dict[str, Any]:
    cell_id, lat, lon = cell if cell else (None, None, None)
    return {**row, "cell_id": cell_id, "cell_latitude": lat, "cell_longitude": lon}


def _world(line_cell: tuple[str, float, float]) -> list[dict[str, Any]]:
    rows = []
    for day in range(WEEKS * 7):
        noon = START + timedelta(days=day, hours=12)
        for i, customer in enumerate(CUSTOMERS):
            rows.append(_on(OAKHAM, event(noon + timedelta(minutes=i), customer, LINE, "CALL", 20)))
        rows.append(_on(line_cell, event(noon, LINE, CUSTOMERS[0], "SMS")))
        # The holder: rung every other day, always at the hub.
        if day % 2 == 0:
            rows.append(_on(line_cell, event(noon, LINE, HOLDER, "CALL", 90)))
            rows.append(_on(HUB, event(noon + timedelta(hours=1), HOLDER, mobile(90), "CALL")))
        # The runner: leaves the hub in the morning, works in Oakham in the afternoon.
        if day % 7 < 4:
            rows.append(_on(line_cell, event(noon, LINE, RUNNER_PHONE, "CALL", 40)))
            morning = noon - timedelta(hours=3)
            rows.append(_on(HUB, event(morning, RUNNER_PHONE, mobile(91), "CALL")))
            rows.append(_on(OAKHAM, event(noon + timedelta(hours=2), RUNNER_PHONE, LINE, "CALL")))
        # A local runner, only ever in Rutland; a phone that never reports a cell.
        if day % 5 == 0:
            rows.append(_on(line_cell, event(noon, LINE, LOCAL, "CALL", 40)))
            rows.append(_on(OAKHAM, event(noon + timedelta(hours=3), LOCAL, LINE, "SMS")))
            rows.append(_on(line_cell, event(noon, LINE, SILENT, "CALL", 40)))
            rows.append(_on(None, event(noon + timedelta(hours=3), SILENT, LINE, "CALL")))
        # A customer who rings the line often but is never rung back.
        rows.append(_on(OAKHAM, event(noon + timedelta(hours=5), CUSTOMER, LINE, "CALL", 30)))
    return rows


def _staff(store: Store, tmp_path: Path, line_cell: tuple[str, float, float]) -> Any:
    write_production(_world(line_cell), tmp_path / "P-0700.parquet")
    import_calls(system_access(store, "Testing line staff"), tmp_path / "P-0700.parquet")
    with CallStore() as calls:
        [staff] = line_staff(calls, [LINE])
    return staff


def test_the_runner_travels_from_the_hub_and_the_holder_stays_there(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    staff = _staff(sqlite_store, tmp_path, HUB)

    roles = {p.number: p.role for p in staff.phones}
    assert roles == {HOLDER: LINE_HOLDER, RUNNER_PHONE: RUNNER, LOCAL: RUNNER, SILENT: WORKER}
    assert staff.hub is not None and abs(staff.hub.latitude - HUB[1]) < 0.01
    assert staff.line_weeks == WEEKS
    runner = next(p for p in staff.phones if p.number == RUNNER_PHONE)
    assert len(runner.selling_travel_days) == 4 * WEEKS
    assert runner.selling_travel_days[0] == START.date()
    assert "travelling out to deal" in runner.reasons[-1]
    local = next(p for p in staff.phones if p.number == LOCAL)
    assert local.selling_travel_days == [] and local.target_share == 1.0
    # Travelling raises confidence over merely working in Rutland.
    assert runner.score > local.score
    holder = staff.holders[0]
    assert holder.target_events == 0 and holder.hub_share == 1.0
    assert holder.weeks_in_contact == WEEKS
    silent = next(p for p in staff.phones if p.number == SILENT)
    assert "no serving cell recorded" in silent.reasons[-1]
    assert holder.figures()["hub_events"] == holder.hub_events


def test_without_a_hub_in_the_data_only_the_target_area_counts(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # The line's own phone is served in Oakham: there is no hub to travel from, and a phone
    # served only outside Rutland is away from the dealing, wherever that is.
    staff = _staff(sqlite_store, tmp_path, OAKHAM)

    assert staff.hub is None
    roles = {p.number: p.role for p in staff.phones}
    assert roles[RUNNER_PHONE] == RUNNER and roles[HOLDER] == LINE_HOLDER
    runner = next(p for p in staff.phones if p.number == RUNNER_PHONE)
    assert "served near the line's hub, outside Rutland" in runner.reasons[-1]


def test_a_phone_the_line_rings_too_seldom_is_left_out(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    rows = _world(HUB)
    # Leave the runner only three calls from the line: too few to be working it.
    kept, rung = [], 0
    for row in rows:
        if row["calling_number"] == LINE and row["called_number"] == RUNNER_PHONE:
            rung += 1
            if rung > 3:
                continue
        kept.append(row)
    write_production(kept, tmp_path / "P-0701.parquet")
    import_calls(system_access(sqlite_store, "Testing line staff"), tmp_path / "P-0701.parquet")
    with CallStore() as calls:
        [staff] = line_staff(calls, [LINE])
        assert line_staff(calls, []) == []

    assert RUNNER_PHONE not in {p.number for p in staff.phones}
    assert CUSTOMER not in {p.number for p in staff.phones}
