"""Cuckooing risk and people to safeguard, scored against a generated scenario's truth."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linewatch import types
from linewatch.safeguard import assess_cuckooing_risk, people_to_safeguard, schedule_visits
from linewatch.safeguard.places import same_address
from linewatch.store import tables
from safeguard.scenario import AS_OF, Scenario

pytestmark = pytest.mark.slow


def test_truly_cuckooed_addresses_rank_in_the_top_k(scenario: Scenario) -> None:
    risks = assess_cuckooing_risk(scenario.access, AS_OF)
    cuckooed = [
        (types.clean("postcode", c.postcode), c.address) for c in scenario.truth.cuckooed_addresses
    ]
    k = len(cuckooed)

    def truly_cuckooed(address: str) -> bool:
        return any(pc in address and same_address(full, address) for pc, full in cuckooed)

    hits = sum(1 for risk in risks[:k] if truly_cuckooed(risk.address))
    print(f"cuckooed addresses in the top {k}: {hits} of {k}")
    assert hits / k >= 0.8
    assert all(risk.reasons and risk.evidence for risk in risks[:k])
    # Each address at risk gets a visit on the schedule, once.
    scheduled = schedule_visits(scenario.access, AS_OF)
    assert {v.address_id for v in scheduled} <= {r.address_id for r in risks}
    assert schedule_visits(scenario.access, AS_OF) == []


def test_children_tied_to_lines_are_listed_for_safeguarding(scenario: Scenario) -> None:
    truth = scenario.truth
    assess_cuckooing_risk(scenario.access, AS_OF)
    subjects = people_to_safeguard(scenario.access, AS_OF)
    s, c = tables.statements, tables.entity_canonical
    with scenario.store.connect() as conn:
        canonical = dict(conn.execute(select(c.c.entity_id, c.c.canonical_id)).all())
        sources = conn.execute(
            select(s.c.entity_id, s.c.source_id).where(s.c.source_kind == "record").distinct()
        ).all()
    person_of: dict[str, set[str]] = {}
    for entity_id, source_id in sources:
        key = truth.person_of_record(*source_id.split(":", 1))
        if key:
            person_of.setdefault(canonical.get(entity_id, entity_id), set()).add(key)
    listed_children = {
        key
        for subject in subjects
        if subject.category == "CHILD"
        for key in person_of.get(subject.person_id, set())
    }
    exploited = {
        p.key for p in truth.people.values() if p.lines and (p.is_child or p.age_uncertain)
    }
    print(f"children tied to lines listed: {len(exploited & listed_children)} of {len(exploited)}")
    assert exploited and exploited <= listed_children
    children = [s for s in subjects if s.category == "CHILD"]
    assert subjects[: len(children)] == children
    assert all(s.reasons and s.evidence for s in subjects)
