"""Hotspots: grading and recency weigh each event; every area carries its reasons; the map."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.tasking.world import AS_OF, HOT, NOW, QUIET, WARM, seed

from linewatch.access import Access, AccessDenied, Actor, system_access
from linewatch.model import Role
from linewatch.store import Store, tables
from linewatch.tasking import bundled_crime_file, hotspot_map, hotspots, import_crime
from linewatch.tasking.hotspots import decay
from linewatch.tasking.signals import REPORT, Signal

ANALYST = Actor("analyst-1", Role.ANALYST, "leics-police")


def test_weights_follow_the_grading_and_halve_every_half_life(sqlite_store: Store) -> None:
    seed(sqlite_store)
    picture = hotspots(Access(sqlite_store, ANALYST, "Planning patrols"), AS_OF)
    hot = next(h for h in picture.lsoas if h.code == HOT)
    # A and B count fully, E not at all; the C report is 120 days old (28-day half-life),
    # the cuckooing assessment at report 1's place weighs 3 (high risk).
    assert hot.counts == {"REPORT": 3, "CUCKOOING": 1}
    assert hot.score == pytest.approx(
        sum(
            w * 0.5 ** (age / 28)
            for w, age in [(1.0, 2.125), (1.0, 3.125), (0.5, 120.5), (3.0, 0.5)]
        ),
        abs=0.01,
    )
    assert hot.rank == 1 and hot.level == "HIGH"
    assert any("graded A/B" in r and "2 graded A/B, 1 C/D" in r for r in hot.reasons)
    assert any("cuckooing" in r for r in hot.reasons)
    refs = {(e["kind"], e["id"]) for e in hot.evidence}
    assert ("report", "rep-1") in refs and ("report", "rep-3") not in refs


def test_reads_of_a_vehicle_tied_to_a_flagged_line_make_an_area_warm(sqlite_store: Store) -> None:
    seed(sqlite_store)
    picture = hotspots(Access(sqlite_store, ANALYST, "Planning patrols"), AS_OF)
    warm = next(h for h in picture.lsoas if h.code == WARM)
    assert warm.counts == {"FLAGGED_VEHICLE": 3, "REPORT": 1}  # not the unflagged ZZ99ZZZ
    assert any("AB12CDE" in r and "flagged line" in r for r in warm.reasons)
    quiet = next(h for h in picture.lsoas if h.code == QUIET)
    assert quiet.score == 0 and quiet.level == "NONE" and quiet.reasons == []


def test_a_possible_breach_counts_its_reads_once(sqlite_store: Store) -> None:
    world = seed(sqlite_store)
    read = {"kind": "anpr_read", "id": "rd-0", "site": "Test Road", "latitude": None}
    with sqlite_store.begin() as conn:
        row = conn.execute(tables.anpr_reads.select().where(tables.anpr_reads.c.id == "rd-0")).one()
        read.update(latitude=row.latitude, longitude=row.longitude, read_at=row.read_at.isoformat())
        conn.execute(
            tables.alerts.insert().values(
                id="al-1",
                kind="POSSIBLE_BAIL_BREACH",
                subject_id=world.person,
                dedupe_key="k",
                summary="breach",
                evidence=[read],
                method="enforce",
                raised_at=NOW,
            )
        )
    warm = next(
        h for h in hotspots(system_access(sqlite_store, "t"), AS_OF).lsoas if h.code == WARM
    )
    assert warm.counts == {"FLAGGED_VEHICLE": 2, "BREACH": 1, "REPORT": 1}
    assert any("possible bail breach (Test Road)" in r for r in warm.reasons)


def test_published_crime_is_a_background_share_aged_from_its_newest_month(
    sqlite_store: Store,
) -> None:
    seed(sqlite_store)
    access = system_access(sqlite_store, "Planning patrols")
    import_crime(access, bundled_crime_file())
    picture = hotspots(access, AS_OF)
    assert picture.crime_newest_month == "2022-10"
    intel_total = sum(h.counts.get("REPORT", 0) for h in picture.lsoas)
    assert intel_total == 4
    crime_only = [h for h in picture.lsoas if set(h.counts) == {"CRIME"}]
    assert crime_only, "every LSOA has some published crime"
    assert all(h.score > 0 for h in crime_only)
    # The picture leads: the background shares out a quarter of the total.
    total = sum(h.score for h in picture.lsoas)
    background = total - sum(h.score for h in picture.lsoas if "CRIME" not in h.counts)
    assert picture.lsoas[0].code == HOT
    assert background > 0
    assert any(
        "published street crime, 12 months to 2022-10" in r for h in crime_only for r in h.reasons
    )


def test_decay_never_grows_a_future_event() -> None:
    future = Signal(REPORT, 52.6, -0.7, NOW + timedelta(days=3), 1.0, {}, "")
    old = Signal(REPORT, 52.6, -0.7, NOW - timedelta(days=28), 1.0, {}, "")
    assert decay(future, NOW, None) == 1.0
    assert decay(old, NOW, None) == pytest.approx(0.5)


def test_wards_are_scored_too_and_the_map_draws_every_boundary(sqlite_store: Store) -> None:
    seed(sqlite_store)
    picture = hotspots(system_access(sqlite_store, "Planning patrols"), AS_OF)
    assert len(picture.lsoas) == 23 and len(picture.wards) == 16
    assert picture.wards[0].score == pytest.approx(picture.lsoas[0].score, rel=0.5)
    svg = hotspot_map(picture)
    assert svg.count("data-lsoa=") == 23 and svg.count("data-ward=") == 16
    assert f'data-lsoa="{HOT}" data-level="HIGH"' in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_a_partner_or_call_handler_may_not_see_hotspots(sqlite_store: Store) -> None:
    with pytest.raises(AccessDenied):
        hotspots(Access(sqlite_store, Actor("ch", Role.CALL_HANDLER, "leics-police"), "x"), AS_OF)
