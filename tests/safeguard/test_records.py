"""Referrals and welfare visits as the enforcement file brings them (both backends)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from linewatch.enforce import import_history
from linewatch.model import Role
from linewatch.store import Store, tables
from safeguard.world import World, acting, write_enforcement


def referral(referral_id: str, ref: str, kind: str, consent: bool | None) -> dict[str, object]:
    return {
        "referral_id": referral_id,
        "person_ref": ref,
        "referral_type": kind,
        "made_at": "2026-02-01T10:00:00+00:00",
        "made_by": "dc-1",
        "consent_obtained": consent,
        "outcome": "N/A" if kind != "NRM" else "PENDING",
    }


def test_consent_rules_and_address_matching(store: Store, tmp_path: Path) -> None:
    world = World(store)
    world.person("N1", "Presumed Child", estimated_age=16, recorded_at="2025-11-01")
    world.person("N2", "Adult", date_of_birth="1980-01-01")
    known = world.address("12 Willow Crescent, Oakham", "LE15 6EQ")
    path = write_enforcement(
        tmp_path / "e.json",
        referrals=[
            referral("R1", "N1", "NRM", None),
            referral("R2", "N2", "ADULT_SOCIAL_CARE", None),
            referral("R3", "N2", "NRM", None),
            referral("R4", "N2", "NRM", True),
        ],
        visits=[
            {
                "visit_id": "V1",
                "address": "12, WILLOW CRESCENT,  Oakham",
                "postcode": "le156eq",
                "scheduled_for": "2026-02-03T10:00:00+00:00",
            },
            {
                "visit_id": "V2",
                "address": "12 Willow Crescent, Oakham",
                "postcode": "LE15 6EQ",
                "scheduled_for": "2026-02-03T10:00:00+00:00",
                "performed_at": "2026-02-03T10:00:00+00:00",
                "performed_by": "pc-1",
                "occupant_seen": False,
                "occupant_seen_alone": True,
            },
            {
                "visit_id": "V3",
                "address": "14 Willow Crescent, Oakham",
                "postcode": "LE15 6EQ",
                "scheduled_for": "2026-02-03T10:00:00+00:00",
            },
        ],
    )
    result = import_history(acting(store, Role.INTELLIGENCE_OFFICER), path)
    assert (result.rows_loaded, result.rows_quarantined) == (5, 2)
    with store.connect() as conn:
        referrals = dict(
            conn.execute(select(tables.referrals.c.id, tables.referrals.c.is_child)).all()
        )
        visits = dict(conn.execute(select(tables.visits.c.id, tables.visits.c.address_id)).all())
        fields = dict(
            conn.execute(select(tables.quarantine.c.record_ref, tables.quarantine.c.field)).all()
        )
    # A presumed child (estimated 16) is referred without consent; an adult NRM needs it.
    assert referrals == {"R1": True, "R2": False, "R4": False}
    assert fields == {"referrals:R3": "consent_obtained", "visits:V2": "occupant_seen_alone"}
    assert visits["V1"] == known and visits["V3"] != known
