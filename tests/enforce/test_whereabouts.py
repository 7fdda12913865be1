"""Possible breaches from officer sightings, intelligence reports, cell sites and phone contact."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import update

from linewatch import comms
from linewatch.enforce import detect_breaches, import_history, record_sighting
from linewatch.enforce.sightings import SightingError
from linewatch.model import Role
from linewatch.store import Store, tables
from safeguard.world import LEICESTER, OAKHAM, UPPINGHAM, World, acting, at, write_enforcement

VICTIM = (52.6703, -0.7277)
MINE, THEIRS, OTHER = "+447700900100", "+447700900200", "+447700900300"
CALL_COLUMNS = ("timestamp", "calling_number", "called_number", "event_type", "duration_s")
CELL_COLUMNS = ("cell_id", "cell_latitude", "cell_longitude")


def _calls(path: Path, rows: list[tuple[str, str, str, str, tuple[float, float]]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow((*CALL_COLUMNS, *CELL_COLUMNS))
        for when, calling, called, cell, (lat, lon) in rows:
            writer.writerow((when, calling, called, "SMS", 0, cell, lat, lon))
    return path


@pytest.fixture
def bailed(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("LINEWATCH_DATA_DIR", str(tmp_path / "data"))
    world = World(store)
    person = world.person("N100", "Tyler Marsh", date_of_birth="1999-03-02")
    named = world.person("N200", "Kyle Dent", date_of_birth="2001-05-06")
    world.link("USES_PHONE", person, world.phone("07700 900100"), grading=("2", "B", "P"))
    world.link("USES_PHONE", named, world.phone("07700 900200"), grading=("3", "C", "P"))
    bail = {
        "bail_id": "B1",
        "person_ref": "N100",
        "release_type": "PRE_CHARGE_BAIL_CONDITIONAL",
        "bail_start": "2026-01-10T12:00:00+00:00",
        "abp_expires_at": "2026-04-10T12:00:00+00:00",
        "ended_at": "2026-02-01T00:00:00+00:00",
        "conditions": [
            {"condition_type": "EXCLUSION_AREA", "params": {"area": "Rutland"}},
            {
                "condition_type": "EXCLUSION_ADDRESS",
                "params": {"latitude": VICTIM[0], "longitude": VICTIM[1], "radius_m": 300},
            },
            {"condition_type": "NON_CONTACT", "params": {"person_ref": "N200"}},
            {
                "condition_type": "CURFEW",
                "params": {
                    "from_hour": 21,
                    "to_hour": 6,
                    "latitude": LEICESTER[0],
                    "longitude": LEICESTER[1],
                    "radius_m": 250,
                },
            },
        ],
    }
    result = import_history(
        acting(store, Role.INTELLIGENCE_OFFICER),
        write_enforcement(tmp_path / "e.json", bail=[bail]),
    )
    assert result.rows_quarantined == 0, result.problems
    officer = acting(store, Role.OFFICER, "pc-jones")
    record_sighting(officer, person, at("2026-01-15T14:00"), *OAKHAM, location_text="Market St")
    record_sighting(
        officer, person, at("2026-01-16T20:00"), *LEICESTER, with_person_id=named, notes="Talking"
    )
    record_sighting(officer, person, at("2026-02-05T14:00"), *OAKHAM)  # bail has ended
    record_sighting(officer, person, at("2026-01-17T23:30"), *UPPINGHAM)  # out after curfew
    report = world.report(
        "IR-1", "T seen in Oakham", "2026-01-21", mentions=[(person, {"name": "Tyler Marsh"})]
    )
    late = world.report(
        "IR-2", "T in Oakham again", "2026-02-09", mentions=[(person, {"name": "Tyler Marsh"})]
    )
    with store.begin() as conn:
        r = tables.reports
        for report_id, when in (
            (report, "2026-01-20T23:00"),  # in curfew hours, but a report's time is too loose
            (late, "2026-02-08T10:00"),
        ):
            conn.execute(
                update(r)
                .where(r.c.id == report_id)
                .values(occurred_at=at(when), latitude=OAKHAM[0], longitude=OAKHAM[1])
            )
    production = _calls(
        tmp_path / "calls.csv",
        [
            ("2026-01-18T11:00:00Z", MINE, THEIRS, "LEI-1", LEICESTER),  # contact
            ("2026-01-19T09:10:00Z", MINE, OTHER, "OAK-1", OAKHAM),  # in Rutland
            ("2026-01-19T09:12:00Z", OTHER, MINE, "LEI-2", LEICESTER),
            ("2026-02-10T09:10:00Z", MINE, OTHER, "OAK-1", OAKHAM),  # after bail ended
            ("2026-02-11T09:10:00Z", MINE, THEIRS, "LEI-1", LEICESTER),  # after bail ended
        ],
    )
    imported = comms.import_calls(acting(store), production)
    assert all(r.rows_quarantined == 0 for r in imported), [r.problems for r in imported]
    return world


def test_every_source_raises_its_own_alert_while_bail_is_live(bailed: World) -> None:
    alerts = detect_breaches(acting(bailed.store), at("2026-03-01"))
    found = {
        (a.evidence_of("bail_condition")[0]["condition_type"], e["kind"], e["id"][:40])
        for a in alerts
        for e in a.evidence
        if e["kind"] in {"sighting", "report", "cell_site", "phone_contact", "co_location"}
    }
    kinds = {(condition, kind) for condition, kind, _ in found}
    assert kinds == {
        ("EXCLUSION_AREA", "sighting"),
        ("EXCLUSION_ADDRESS", "sighting"),
        ("NON_CONTACT", "sighting"),
        ("CURFEW", "sighting"),
        ("EXCLUSION_AREA", "report"),
        ("EXCLUSION_ADDRESS", "report"),
        ("EXCLUSION_AREA", "cell_site"),
        ("NON_CONTACT", "phone_contact"),
    }
    for alert in alerts:
        for item in alert.evidence:
            moment = item.get("seen_at") or item.get("occurred_at") or item.get("hour_from")
            moment = moment or item.get("at")
            if moment:
                assert moment < "2026-02-01", (alert.summary, item)
    by_kind = {e["kind"]: e for a in alerts for e in a.evidence}
    assert by_kind["sighting"]["grading"] == "1AP"
    assert by_kind["report"]["grading"] == "2CP"
    assert by_kind["cell_site"]["grading"] == "2BP" and by_kind["cell_site"]["cell_id"] == "OAK-1"
    assert by_kind["phone_contact"]["grading"] == "2BP/3CP"
    assert all(a.evidence_of("method") and a.evidence_of("bail_record") for a in alerts)
    again = detect_breaches(acting(bailed.store), at("2026-03-01"))
    assert sorted(a.id for a in again) == sorted(a.id for a in alerts)
    assert not any(a.is_new for a in again)


def test_a_sighting_needs_a_person_a_place_and_a_past_time(bailed: World) -> None:
    officer = acting(bailed.store, Role.OFFICER)
    person = next(iter(bailed_people(bailed)))
    with pytest.raises(SightingError) as bad:
        record_sighting(officer, "nobody", at("2026-01-15T14:00"), *OAKHAM)
    assert bad.value.field == "person_id"
    with pytest.raises(SightingError) as far:
        record_sighting(officer, person, at("2026-01-15T14:00"), 40.0, -0.7)
    assert far.value.field == "latitude"
    with pytest.raises(SightingError) as future:
        record_sighting(officer, person, at("2099-01-01T00:00"), *OAKHAM)
    assert future.value.field == "seen_at"
    with pytest.raises(SightingError) as grade:
        record_sighting(officer, person, at("2026-01-15T14:00"), *OAKHAM, grading=("9", "A", "P"))
    assert grade.value.field == "source_evaluation"
    with pytest.raises(PermissionError):
        record_sighting(acting(bailed.store, Role.PCC_OFFICE), person, at("2026-01-15"), *OAKHAM)


def bailed_people(world: World) -> list[str]:
    with world.store.connect() as conn:
        return [r.person_id for r in conn.execute(tables.bail_records.select())]
