"""Who to safeguard: exploited children first, and vulnerable adults in cuckooed homes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linewatch.access import AccessDenied
from linewatch.model import Role
from linewatch.safeguard import assess_cuckooing_risk, people_to_safeguard
from linewatch.store import tables
from safeguard.conftest import AS_OF, Street
from safeguard.world import acting


def test_children_tied_to_lines_and_vulnerable_adults_at_risky_homes(street: Street) -> None:
    store = street.world.store
    assess_cuckooing_risk(acting(store), AS_OF)
    subjects = {s.person_id: s for s in people_to_safeguard(acting(store, Role.OFFICER), AS_OF)}
    assert set(subjects) == {street.kai, street.jay, street.ryan, street.mary, street.sue}
    kai, jay, ryan = subjects[street.kai], subjects[street.jay], subjects[street.ryan]
    assert (kai.category, kai.is_child, kai.age) == ("CHILD", True, 15)
    assert any("deal line" in r for r in kai.reasons)
    # A referral to children's social care exists already: no prompt.
    assert kai.referral_ids == ["REF-1"] and kai.referral_exists and not kai.prompt_referral
    # Jay's age is unknown but he uses a deal line: he may be a child, so is treated as one.
    assert jay.category == "CHILD" and jay.presumed_child and jay.prompt_referral
    assert any("age not known; tied to a county line" in r for r in jay.reasons)
    assert ryan.category == "CHILD" and any("IR-4" in r for r in ryan.reasons)
    assert {e["kind"] for e in ryan.evidence} == {"report"}
    mary = subjects[street.mary]
    assert mary.category == "VULNERABLE_ADULT" and mary.prompt_referral
    assert any("high risk of cuckooing" in r for r in mary.reasons)
    # Ola is an adult tied to the line; Bill is vulnerable but his home is at low risk.
    assert street.ola not in subjects and street.bill not in subjects


def test_children_come_first_and_viewing_is_logged(street: Street) -> None:
    store = street.world.store
    assess_cuckooing_risk(acting(store), AS_OF)
    subjects = people_to_safeguard(acting(store, Role.OFFICER), AS_OF)
    categories = [s.category for s in subjects]
    assert categories == sorted(categories, key=lambda c: c != "CHILD")
    with store.connect() as conn:
        last = conn.execute(
            select(tables.audit_log.c.operation, tables.audit_log.c.record_ids)
            .order_by(tables.audit_log.c.seq.desc())
            .limit(1)
        ).one()
    assert last.operation == "CONSULTATION"
    assert f"entities:{street.kai}" in last.record_ids


def test_before_any_risk_run_only_children_are_listed(street: Street) -> None:
    subjects = people_to_safeguard(acting(street.world.store), AS_OF)
    assert {s.category for s in subjects} == {"CHILD"}


def test_a_partner_agency_cannot_see_the_list(street: Street) -> None:
    with pytest.raises(AccessDenied):
        people_to_safeguard(acting(street.world.store, Role.PARTNER), AS_OF)
