"""Possible bail breaches from ANPR reads of a bailed person's vehicles inside an exclusion area."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from linewatch.access import AccessDenied
from linewatch.enforce import acknowledge, detect_breaches, import_history, open_alerts
from linewatch.model import Role
from linewatch.store import Store, tables
from safeguard.world import LEICESTER, OAKHAM, UPPINGHAM, World, acting, at, write_enforcement


def _bail(bail_id: str, ref: str, ended_at: str | None = None) -> dict[str, object]:
    return {
        "bail_id": bail_id,
        "person_ref": ref,
        "release_type": "PRE_CHARGE_BAIL_CONDITIONAL",
        "bail_start": "2026-01-10T12:00:00+00:00",
        "abp_expires_at": "2026-04-10T12:00:00+00:00",
        "ended_at": ended_at,
        "conditions": [
            {"condition_type": "EXCLUSION_AREA", "params": {"area": "Rutland"}},
            {"condition_type": "RESIDENCE", "params": {"address": "Leicester"}},
        ],
    }


@pytest.fixture
def world(sqlite_store: Store, tmp_path: Path) -> World:
    world = World(sqlite_store)
    police = world.person("N100", "Tyler Marsh", date_of_birth="1999-03-02")
    housing = world.person("H-77", "Tyler Marsh", organisation="Leicester City Housing")
    world.merge(police, housing)
    car = world.vehicle("AB12 CDE", source="H-77")
    world.link(
        "DRIVES",
        housing,
        car,
        record_id="H-77",
        organisation="Leicester City Housing",
        grading=("2", "B", "P"),
    )
    van = world.vehicle("CD21 EFG")
    world.link("KEEPER_OF", police, van, valid_to=at("2026-01-20"))
    ended = world.person("N200", "Dean Hollis", date_of_birth="1985-01-01")
    world.link("DRIVES", ended, world.vehicle("EF56 GHJ", source="N200"), record_id="N200")
    world.person("N300", "Someone Else", date_of_birth="1990-01-01")
    import_history(
        acting(sqlite_store, Role.INTELLIGENCE_OFFICER),
        write_enforcement(
            tmp_path / "e.json",
            bail=[_bail("B1", "N100"), _bail("B2", "N200", ended_at="2026-01-12T00:00:00+00:00")],
        ),
    )
    reads = [
        ("r1", "AB12CDE", OAKHAM, "2026-01-15T08:00"),
        ("r2", "ab12 cde", UPPINGHAM, "2026-01-15T17:00"),
        ("r3", "AB12 CDE", OAKHAM, "2026-01-16T09:00"),
        ("r4", "AB12CDE", LEICESTER, "2026-01-17T09:00"),
        ("r5", "AB12CDE", OAKHAM, "2026-01-05T09:00"),
        ("r6", "CD21EFG", OAKHAM, "2026-01-18T09:00"),
        ("r7", "CD21EFG", OAKHAM, "2026-01-25T09:00"),
        ("r8", "EF56GHJ", OAKHAM, "2026-01-15T09:00"),
        ("r9", "ZZ99ZZZ", OAKHAM, "2026-01-15T09:00"),
    ]
    for read in reads:
        world.read(*read)
    return world


def test_reads_inside_the_area_while_bail_is_live_raise_one_alert_per_person_per_day(
    world: World,
) -> None:
    access = acting(world.store)
    alerts = detect_breaches(access, at("2026-02-01"))
    by_day = {a.dedupe_key.rsplit(":", 1)[1]: a for a in alerts}
    assert sorted(by_day) == ["2026-01-15", "2026-01-16", "2026-01-18"]
    first = by_day["2026-01-15"]
    assert first.kind == "POSSIBLE_BAIL_BREACH" and first.method == "enforce.exclusion_anpr"
    assert first.summary.startswith("Possible breach of bail B1")
    assert "An officer must decide" in first.summary
    assert [e["id"] for e in first.evidence_of("anpr_read")] == ["r1", "r2"]
    assert first.evidence_of("bail_condition")[0]["area"] == "Rutland"
    (link,) = first.evidence_of("link")
    assert link["link_type"] == "DRIVES"
    assert link["source_id"] == "Leicester City Housing:H-77" and link["grading"] == "2BP"
    assert first.evidence_of("method") == [
        {"kind": "method", "id": "enforce.exclusion_anpr", "version": "1"}
    ]
    # The keeper link ended on 20 January, so the van's later read is not tied to him.
    assert [e["id"] for e in by_day["2026-01-18"].evidence_of("anpr_read")] == ["r6"]
    assert {a.subject_id for a in alerts} == {first.subject_id}
    assert all(a.is_new for a in alerts)


def test_rerunning_adds_nothing(world: World) -> None:
    access = acting(world.store)
    first = detect_breaches(access, at("2026-02-01"))
    again = detect_breaches(access, at("2026-02-01"))
    assert [a.id for a in again] == [a.id for a in first]
    assert not any(a.is_new for a in again)
    with world.store.connect() as conn:
        assert len(conn.execute(select(tables.alerts.c.id)).all()) == len(first)
        operations = conn.execute(select(tables.audit_log.c.operation)).scalars().all()
    assert operations.count("COMBINATION") == 2


def test_only_reads_known_by_as_of_count(world: World) -> None:
    alerts = detect_breaches(acting(world.store), at("2026-01-15T12:00"))
    assert [a.evidence_of("anpr_read")[0]["id"] for a in alerts] == ["r1"]


def test_an_officer_acknowledges_an_alert(world: World) -> None:
    alerts = detect_breaches(acting(world.store), at("2026-02-01"))
    officer = acting(world.store, Role.OFFICER, user="pc-123")
    assert {a.id for a in open_alerts(officer)} == {a.id for a in alerts}
    done = acknowledge(officer, alerts[0].id, "Spoke to the driver: his brother had the car")
    assert done.status == "ACKNOWLEDGED" and done.acknowledged_by == "pc-123"
    assert alerts[0].id not in {a.id for a in open_alerts(officer)}
    with pytest.raises(ValueError, match="already acknowledged"):
        acknowledge(officer, alerts[0].id, "again")
    with pytest.raises(AccessDenied):
        acknowledge(acting(world.store, Role.PCC_OFFICE), alerts[1].id, "no")
    with world.store.connect() as conn:
        operations = conn.execute(select(tables.audit_log.c.operation)).scalars().all()
    assert "ALTERATION" in operations and "CONSULTATION" in operations
