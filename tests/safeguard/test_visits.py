"""The welfare visit schedule: cadence by risk, what is due, what an officer records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from linewatch.access import AccessDenied
from linewatch.model import Role
from linewatch.safeguard import (
    VisitNotFound,
    assess_cuckooing_risk,
    overdue_visits,
    record_visit,
    schedule_visits,
    visits_due,
)
from linewatch.store import tables
from safeguard.conftest import AS_OF, Street
from safeguard.world import acting, at


def test_each_address_at_risk_gets_one_pending_visit(street: Street) -> None:
    analyst = acting(street.world.store)
    assess_cuckooing_risk(analyst, AS_OF)
    visits = {v.address_id: v for v in schedule_visits(analyst, AS_OF)}
    assert set(visits) == {street.willow, street.oak, street.elm}
    # Never visited: due at once. Oak Road was visited on 25 Feb and is high risk: 7 days on.
    assert visits[street.willow].scheduled_for == at("2026-03-01")
    assert visits[street.elm].scheduled_for == at("2026-03-01")
    assert visits[street.oak].scheduled_for == at("2026-03-04")
    assert visits[street.willow].address == "12 Willow Crescent, Oakham, LE15 6EQ"
    assert schedule_visits(analyst, AS_OF) == []
    assert schedule_visits(analyst, AS_OF + timedelta(days=30)) == []


def test_visits_due_and_overdue(street: Street) -> None:
    analyst = acting(street.world.store)
    assess_cuckooing_risk(analyst, AS_OF)
    schedule_visits(analyst, AS_OF)
    officer = acting(street.world.store, Role.OFFICER)
    assert len(visits_due(officer, AS_OF, within_days=1)) == 2
    assert len(visits_due(officer, AS_OF)) == 3
    assert overdue_visits(officer, AS_OF) == []
    late = overdue_visits(officer, date(2026, 3, 3))
    assert {v.address_id for v in late} == {street.willow, street.elm}
    with pytest.raises(AccessDenied):
        overdue_visits(acting(street.world.store, Role.PCC_OFFICE), AS_OF)


def test_recording_a_visit_sets_the_next_and_alerts_when_worse(street: Street) -> None:
    store = street.world.store
    analyst = acting(store)
    assess_cuckooing_risk(analyst, AS_OF)
    visits = {v.address_id: v for v in schedule_visits(analyst, AS_OF)}
    officer = acting(store, Role.OFFICER, user="pc-9")
    done = record_visit(
        officer,
        visits[street.oak].id,
        "pc-9",
        occupant_seen=True,
        occupant_seen_alone=False,
        indicators=["new residents", "Drug paraphernalia", "missing medication"],
        outcome="Two young men present; occupant anxious",
        performed_at=at("2026-03-04T11:00"),
    )
    assert done.performed_by == "pc-9" and not done.pending
    assert done.indicators == ["DRUG_PARAPHERNALIA", "MISSING_MEDICATION", "NEW_RESIDENTS"]
    with pytest.raises(ValueError, match="already recorded"):
        record_visit(officer, done.id, "pc-9", True, True, [], "again")
    with pytest.raises(VisitNotFound):
        record_visit(officer, "visit-none", "pc-9", True, True, [], "none")
    with pytest.raises(AccessDenied):
        record_visit(analyst, visits[street.elm].id, "x", True, True, [], "x")
    with store.connect() as conn:
        alerts = conn.execute(select(tables.alerts)).mappings().all()
    assert [a["kind"] for a in alerts] == ["VISIT_INDICATORS_WORSE"]
    assert "missing medication" in alerts[0]["summary"]
    assert alerts[0]["subject_id"] == street.oak
    next_visits = {v.address_id: v for v in schedule_visits(analyst, date(2026, 3, 4))}
    assert next_visits[street.oak].scheduled_for == at("2026-03-11")


def test_visits_are_assigned_only_to_a_known_user(street: Street) -> None:
    analyst = acting(street.world.store)
    assess_cuckooing_risk(analyst, AS_OF)
    with pytest.raises(ValueError, match="no user"):
        schedule_visits(analyst, AS_OF, assigned_to="pc-nobody")
    street.world.user("pc-42")
    visits = schedule_visits(analyst, AS_OF, assigned_to="pc-42")
    assert {v.assigned_to for v in visits} == {"pc-42"}
