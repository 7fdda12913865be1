"""Vehicles read by ANPR beside a line's worker phones: hand-built reads and cells."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from comms.callworld import event, mobile, write_production
from linewatch.access import system_access
from linewatch.comms import analyse_vehicles, phone_id
from linewatch.store import Provenance, Store, add_entity, make_id, tables, utcnow

LINE = mobile(1)
RUNNER = mobile(2)
# A runner's phone served by a mast in Oakham; one camera 2 km away, one 30 km away.
CELL = (52.670, -0.730)
NEAR_CAMERA = (52.688, -0.730)
FAR_CAMERA = (52.940, -0.730)
DAY0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def _runner_assessment(store: Store) -> str:
    phone = phone_id(RUNNER)
    assessment = "as-runner-phone"
    with store.begin() as conn:
        add_entity(conn, "Phone", phone, {"number": RUNNER}, Provenance("calls", "P-1"))
        conn.execute(
            tables.assessments.insert().values(
                id=assessment,
                subject_id=phone,
                claim="RUNNER_PHONE",
                score=0.8,
                reasons=["served in Rutland"],
                evidence=[
                    {"kind": "assessment", "id": "as-line", "claim": "DEAL_LINE", "number": LINE}
                ],
                method="comms.staff",
                method_version="1",
                created_at=utcnow(),
                created_by="test",
            )
        )
    return assessment


def _read(store: Store, vrm: str, at: datetime, camera: tuple[float, float]) -> None:
    with store.begin() as conn:
        conn.execute(
            tables.anpr_reads.insert().values(
                id=make_id("read", vrm, at.isoformat(), camera),
                vrm=vrm,
                camera_id=f"CAM-{camera[0]}",
                site="test site",
                latitude=camera[0],
                longitude=camera[1],
                read_at=at,
                is_synthetic=True,
            )
        )


def _world(store: Store, data_dir: Path, days: int, camera: tuple[float, float]) -> str:
    """The runner's phone calls the line from its Oakham cell every afternoon; ``days`` of
    those afternoons a car is read at ``camera`` ten minutes after the call."""
    rows = []
    for day in range(6):
        call = event(DAY0 + timedelta(days=day), RUNNER, LINE)
        call["cell_latitude"], call["cell_longitude"] = CELL
        rows.append(call)
    write_production(rows, data_dir / "calls" / "P-1.parquet")
    assessment = _runner_assessment(store)
    for day in range(days):
        _read(store, "AB12CDE", DAY0 + timedelta(days=day, minutes=10), camera)
    # A car read once beside the phone and again at other times: chance, not company.
    _read(store, "XY99ZZZ", DAY0 + timedelta(minutes=5), NEAR_CAMERA)
    _read(store, "XY99ZZZ", DAY0 + timedelta(days=2, hours=6), NEAR_CAMERA)
    return assessment


def _line_vehicles(store: Store) -> list[tuple[str, str, float, list[dict[str, object]]]]:
    a = tables.assessments
    with store.connect() as conn:
        rows = conn.execute(
            select(a.c.id, a.c.subject_id, a.c.score, a.c.evidence).where(
                a.c.claim == "LINE_VEHICLE", a.c.superseded_at.is_(None)
            )
        ).all()
    return [(r[0], r[1], float(r[2]), list(r[3])) for r in rows]


def test_a_car_read_beside_a_runner_on_four_days_is_recorded(
    sqlite_store: Store, data_dir: Path
) -> None:
    runner = _world(sqlite_store, data_dir, 4, NEAR_CAMERA)
    access = system_access(sqlite_store, "test")
    result = analyse_vehicles(access)
    assert [(v.vrm, v.line, v.days) for v in result.vehicles] == [("AB12CDE", LINE, 4)]
    assert result.vehicles[0].phones == {phone_id(RUNNER): 4}
    [(_, vehicle, score, evidence)] = _line_vehicles(sqlite_store)
    assert score > 0.5
    assert {"kind": "assessment", "id": runner, "phone": phone_id(RUNNER)} in evidence
    assert sum(1 for e in evidence if e["kind"] == "anpr_read") == 4
    figures = next(e for e in evidence if e["kind"] == "figures")["values"]
    assert figures["days"] == 4 and figures["first_seen"].startswith("2026-03-02")
    with sqlite_store.connect() as conn:
        vrm = conn.execute(
            select(tables.statements.c.value).where(
                tables.statements.c.entity_id == vehicle, tables.statements.c.prop == "vrm"
            )
        ).scalar_one()
    assert vrm == "AB12CDE"
    again = analyse_vehicles(access)
    assert again.written == 0 and again.superseded == 0
    assert len(_line_vehicles(sqlite_store)) == 1


def test_three_days_beside_the_runner_is_not_enough(sqlite_store: Store, data_dir: Path) -> None:
    _world(sqlite_store, data_dir, 3, NEAR_CAMERA)
    result = analyse_vehicles(system_access(sqlite_store, "test"))
    assert result.vehicles == [] and _line_vehicles(sqlite_store) == []


def test_a_camera_far_from_the_phones_cell_is_not_beside_it(
    sqlite_store: Store, data_dir: Path
) -> None:
    _world(sqlite_store, data_dir, 5, FAR_CAMERA)
    assert analyse_vehicles(system_access(sqlite_store, "test")).vehicles == []


def test_a_car_no_longer_beside_the_line_is_superseded(sqlite_store: Store, data_dir: Path) -> None:
    _world(sqlite_store, data_dir, 4, NEAR_CAMERA)
    access = system_access(sqlite_store, "test")
    analyse_vehicles(access)
    with sqlite_store.begin() as conn:
        conn.execute(
            tables.assessments.update()
            .where(tables.assessments.c.claim == "RUNNER_PHONE")
            .values(superseded_at=utcnow())
        )
    assert analyse_vehicles(access).superseded == 1
    assert _line_vehicles(sqlite_store) == []
