"""Safeguarding counts for the briefing and the PCC report."""

from __future__ import annotations

from datetime import date

from linewatch.safeguard import safeguarding_summary
from linewatch.store import Store, tables
from safeguard.world import World, at


def test_referrals_by_type_and_visits(store: Store) -> None:
    world = World(store)
    child = world.person("N1", "Child", date_of_birth="2011-01-01")
    home = world.address("1 High Street, Oakham", "LE15 6AA")
    referrals = [
        ("R1", "NRM", "2026-01-05", True),
        ("R2", "CHILDRENS_SOCIAL_CARE", "2026-01-05", True),
        ("R3", "ADULT_SOCIAL_CARE", "2026-01-31", False),
        ("R4", "NRM", "2026-02-01", True),
    ]
    visits = [
        ("V1", "2026-01-10", "2026-01-10"),
        ("V2", "2026-01-20", None),
        ("V3", "2026-02-10", None),
        ("V4", "2025-12-01", "2025-12-02"),
    ]
    with store.begin() as conn:
        for rid, kind, made, is_child in referrals:
            conn.execute(
                tables.referrals.insert().values(
                    id=rid,
                    person_id=child,
                    referral_type=kind,
                    made_at=at(made),
                    made_by="dc-1",
                    outcome="PENDING",
                    is_child=is_child,
                )
            )
        for vid, scheduled, performed in visits:
            conn.execute(
                tables.visits.insert().values(
                    id=vid,
                    address_id=home,
                    scheduled_for=at(scheduled),
                    performed_at=at(performed) if performed else None,
                )
            )
    with store.connect() as conn:
        january = safeguarding_summary(conn, date(2026, 1, 1), date(2026, 1, 31))
    assert january.referrals_by_type == {
        "ADULT_SOCIAL_CARE": 1,
        "CHILDRENS_SOCIAL_CARE": 1,
        "NRM": 1,
    }
    assert (january.referrals, january.referrals_of_children) == (3, 2)
    assert (january.visits_made, january.visits_overdue) == (1, 1)
    assert january.to_dict()["referrals"] == 3
