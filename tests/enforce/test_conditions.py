"""Possible breaches of exclusion-address and curfew conditions from ANPR reads."""

from __future__ import annotations

from pathlib import Path

from linewatch.enforce import detect_breaches, import_history
from linewatch.model import Role
from linewatch.store import Store
from safeguard.world import LEICESTER, World, acting, at, write_enforcement

VICTIM = (52.6703, -0.7277)  # the address he must keep away from, in Oakham
HOME = (52.6369, -1.1398)  # his home in Leicester, for the curfew


def test_address_and_curfew_breaches_are_found_only_while_bail_is_live(
    sqlite_store: Store, tmp_path: Path
) -> None:
    world = World(sqlite_store)
    person = world.person("N100", "Tyler Marsh", date_of_birth="1999-03-02")
    world.link("DRIVES", person, world.vehicle("AB12 CDE", source="N100"), record_id="N100")
    bail = {
        "bail_id": "B1",
        "person_ref": "N100",
        "release_type": "PRE_CHARGE_BAIL_CONDITIONAL",
        "bail_start": "2026-01-10T12:00:00+00:00",
        "abp_expires_at": "2026-04-10T12:00:00+00:00",
        "ended_at": "2026-02-01T00:00:00+00:00",
        "conditions": [
            {
                "condition_type": "EXCLUSION_ADDRESS",
                "params": {"latitude": VICTIM[0], "longitude": VICTIM[1], "radius_m": 300},
            },
            {
                "condition_type": "CURFEW",
                "params": {
                    "from_hour": 21,
                    "to_hour": 6,
                    "latitude": HOME[0],
                    "longitude": HOME[1],
                    "radius_m": 250,
                },
            },
        ],
    }
    result = import_history(
        acting(sqlite_store, Role.INTELLIGENCE_OFFICER),
        write_enforcement(tmp_path / "e.json", bail=[bail]),
    )
    assert result.rows_quarantined == 0, result.problems
    world.read("near", "AB12CDE", (VICTIM[0] + 0.001, VICTIM[1]), "2026-01-15T14:00")
    world.read("far", "AB12CDE", (VICTIM[0] + 0.01, VICTIM[1]), "2026-01-15T15:00")
    world.read("night", "AB12CDE", (52.62, -0.60), "2026-01-16T23:30")
    world.read("home", "AB12CDE", LEICESTER, "2026-01-17T23:30")
    world.read("day", "AB12CDE", (52.60, -0.90), "2026-01-18T12:00")
    world.read("after", "AB12CDE", (VICTIM[0] + 0.001, VICTIM[1]), "2026-02-05T14:00")
    alerts = detect_breaches(acting(sqlite_store), at("2026-03-01"))
    found = {
        (a.evidence_of("bail_condition")[0]["condition_type"], r["id"])
        for a in alerts
        for r in a.evidence_of("anpr_read")
    }
    assert found == {("EXCLUSION_ADDRESS", "near"), ("CURFEW", "night")}
    assert all(a.evidence_of("link") and a.evidence_of("method") for a in alerts)
    again = detect_breaches(acting(sqlite_store), at("2026-03-01"))
    assert sorted(a.id for a in again) == sorted(a.id for a in alerts)
    assert not any(a.is_new for a in again)
