"""Cuckooing risk per address, its reasons, and the assessments it leaves."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from linewatch.access import AccessDenied
from linewatch.model import RiskLevel, Role
from linewatch.safeguard import assess_cuckooing_risk, record_visit, schedule_visits
from linewatch.store import tables
from safeguard.conftest import AS_OF, Street
from safeguard.world import acting, at


def test_addresses_rank_by_risk_with_reasons(street: Street) -> None:
    risks = assess_cuckooing_risk(acting(street.world.store), AS_OF)
    by_address = {r.address_id: r for r in risks}
    assert [r.address_id for r in risks][:2] == sorted(
        [street.willow, street.oak], key=lambda a: -by_address[a].score
    )
    willow, oak, elm = by_address[street.willow], by_address[street.oak], by_address[street.elm]
    assert willow.level is RiskLevel.HIGH and oak.level is RiskLevel.HIGH
    assert elm.level is RiskLevel.LOW
    # One old report with nothing in it is not enough to hold an address at risk.
    assert street.main not in by_address
    assert willow.address == "12 Willow Crescent, Oakham, LE15 6EQ"
    # Both reports count for the address, one through a merged mention.
    assert willow.reasons[0].startswith("2 reports mention the address (latest 20 Feb 2026)")
    assert "taken over" in willow.reasons[0] and "not been seen" in willow.reasons[0]
    assert any("lives alone" in r for r in willow.reasons)
    assert {e["kind"] for e in willow.evidence} == {"report", "person"}
    assert any("tied to a county line" in r for r in oak.reasons)
    assert any("not seen at the last visit" in r for r in oak.reasons)
    assert {"visit", "link", "assessment"} <= {e["kind"] for e in oak.evidence}


def test_a_run_replaces_the_previous_runs_assessments(street: Street) -> None:
    access = acting(street.world.store)
    first = assess_cuckooing_risk(access, AS_OF)
    second = assess_cuckooing_risk(access, AS_OF)
    a = tables.assessments
    with street.world.store.connect() as conn:
        current = conn.execute(
            select(a.c.id, a.c.subject_id, a.c.reasons, a.c.method, a.c.method_version).where(
                a.c.claim == "CUCKOOING_RISK", a.c.superseded_at.is_(None)
            )
        ).all()
        total = conn.execute(select(a.c.id).where(a.c.claim == "CUCKOOING_RISK")).all()
    assert {row.id for row in current} == {r.assessment_id for r in second}
    assert len(total) == len(first) + len(second)
    assert all(
        row.method == "safeguard.cuckoo_rules" and row.method_version == "2" for row in current
    )
    assert all(row.reasons[0].startswith("risk level ") for row in current)


def test_facts_after_as_of_do_not_count(street: Street) -> None:
    risks = assess_cuckooing_risk(acting(street.world.store), date(2026, 2, 15))
    willow = next(r for r in risks if r.address_id == street.willow)
    assert willow.reasons[0].startswith("1 report mentions the address")


def test_a_reassuring_visit_lowers_the_next_score(street: Street) -> None:
    store = street.world.store
    analyst = acting(store)
    before = {r.address_id: r.score for r in assess_cuckooing_risk(analyst, AS_OF)}
    visit = next(v for v in schedule_visits(analyst, AS_OF) if v.address_id == street.elm)
    record_visit(
        acting(store, Role.OFFICER),
        visit.id,
        "pc-7",
        True,
        True,
        [],
        "All well; tea and a chat",
        performed_at=at("2026-03-01T10:00"),
    )
    after = {r.address_id: r.score for r in assess_cuckooing_risk(analyst, AS_OF)}
    assert after.get(street.elm, 0.0) < before[street.elm]


def test_assessing_needs_the_analysis_permission(street: Street) -> None:
    with pytest.raises(AccessDenied):
        assess_cuckooing_risk(acting(street.world.store, Role.OFFICER), at("2026-03-01"))
