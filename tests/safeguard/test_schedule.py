"""A shift's visits: one per home, only findable homes, assigned by area, routed, flagged late."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from linewatch.model import ReferralType, Role
from linewatch.safeguard import (
    assess_cuckooing_risk,
    assign_visits,
    neighbourhood_officers,
    overdue_visits,
    plan_shifts,
    record_visit,
    schedule_visits,
    visits_due,
)
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.visits import visitable
from linewatch.store import tables
from safeguard.conftest import AS_OF, Street
from safeguard.world import acting, at


def _pending(street: Street, visit_id: str, address: str, day: str) -> None:
    with street.world.store.begin() as conn:
        conn.execute(
            tables.visits.insert().values(id=visit_id, address_id=address, scheduled_for=at(day))
        )


def test_one_home_written_two_ways_is_one_overdue_visit(street: Street) -> None:
    w = street.world
    flat = w.address("Flat 5, 30 Empingham Road, Ketton", "PE9 3HG", source="H-9")
    other = w.address("5/30 Empingham Road, Ketton", "PE9 3HG", source="IR-9")
    _pending(street, "VIS-A", flat, "2026-02-01")
    _pending(street, "VIS-B", other, "2026-02-20")
    officer = acting(w.store, Role.OFFICER)
    late = overdue_visits(officer, AS_OF)
    assert [v.id for v in late] == ["VIS-A"]
    assert [v.id for v in visits_due(officer, AS_OF)] == ["VIS-A"]


def test_only_addresses_with_a_street_or_postcode_get_visits(street: Street) -> None:
    w = street.world
    vague = w.entity("Address", "Oakham", {"full": "the park, Oakham"}, "IR-7")
    town = w.entity("Address", "Ketton", {"full": "Ketton"}, "IR-7")
    lane = w.entity("Address", "Chapel", {"full": "Chapel Lane, Ketton"}, "IR-8")
    coded = w.entity("Address", "PE9", {"full": "near the shop", "postcode": "PE9 3QZ"}, "IR-8")
    with w.store.begin() as conn:
        found = visitable(conn, Canonical.load(conn), [vague, town, lane, coded, street.willow])
    assert found == {lane, coded, street.willow}


def test_visits_are_shared_by_area_and_routed(street: Street) -> None:
    w = street.world
    for officer in ("pc-east", "pc-west"):
        w.user(officer)
    w.user("dc-analyst", Role.ANALYST)
    analyst = acting(w.store)
    assess_cuckooing_risk(analyst, AS_OF)
    schedule_visits(analyst, AS_OF)
    assert neighbourhood_officers(analyst) == ["pc-east", "pc-west"]
    given = assign_visits(analyst, AS_OF)
    assert sorted(len(ids) for ids in given.values()) == [1, 2]
    assert assign_visits(analyst, AS_OF) == {}
    shifts = plan_shifts(acting(w.store, Role.OFFICER), date(2026, 3, 3))
    assert [s.officer for s in shifts] == ["pc-east", "pc-west"]
    stops = [stop for s in shifts for stop in s.stops]
    assert {s.visit.address_id for s in stops} == {street.willow, street.elm, street.oak}
    assert {s.place for s in stops} == {"Oakham"}
    # Willow and Elm were due on 1 March: late by the 3rd. Oak is due on the 4th.
    assert {s.visit.address_id for s in stops if s.overdue} == {street.willow, street.elm}
    assert all(s.distance_km >= 0 for s in shifts)


def test_what_an_officer_records_is_kept_and_raises_the_risk(street: Street) -> None:
    w = street.world
    analyst = acting(w.store)
    before = {r.address_id: r.score for r in assess_cuckooing_risk(analyst, AS_OF)}
    visit = {v.address_id: v for v in schedule_visits(analyst, AS_OF)}[street.elm]
    officer = acting(w.store, Role.OFFICER, user="pc-9")
    record_visit(
        officer,
        visit.id,
        "pc-9",
        occupant_seen=True,
        occupant_seen_alone=False,
        indicators=["UNKNOWN_VISITORS", "YOUNG_PEOPLE_NOT_LOCAL", "DRUG_PARAPHERNALIA"],
        outcome="Two teenagers from out of town in the flat",
        performed_at=at("2026-03-01T10:00"),
        present=["Bill Moss (occupant)", "two male youths, not local", ""],
        advice="Gave Bill the cuckooing leaflet and the neighbourhood team's number",
        referral=ReferralType.ADULT_SOCIAL_CARE,
    )
    with w.store.begin() as conn:
        details = conn.execute(select(tables.visit_details)).mappings().one()
    assert details["present"] == ["Bill Moss (occupant)", "two male youths, not local"]
    assert details["referral_type"] == "ADULT_SOCIAL_CARE"
    assert details["recorded_by"] == "pc-9"
    after = {r.address_id: r.score for r in assess_cuckooing_risk(analyst, date(2026, 3, 2))}
    assert after[street.elm] > before[street.elm]
