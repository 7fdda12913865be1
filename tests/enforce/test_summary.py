"""Enforcement counts for the briefing and the PCC report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from linewatch.enforce import enforcement_summary, import_history
from linewatch.model import Role
from linewatch.store import Store
from safeguard.world import World, acting, write_enforcement


def test_counts_fall_in_the_period_and_bail_is_counted_live_at_its_end(
    store: Store, tmp_path: Path
) -> None:
    world = World(store)
    world.person("N1", "Tyler Marsh", date_of_birth="1999-03-02")

    def arrest(n: int, day: str, charged: str | None = None) -> dict[str, object]:
        return {
            "arrest_id": f"A{n}",
            "person_ref": "N1",
            "arrested_at": f"{day}T06:00:00+00:00",
            "offence": "PWITS class A",
            "charged_at": f"{charged}T18:00:00+00:00" if charged else None,
        }

    def bail(n: int, start: str, release: str, ended: str | None = None) -> dict[str, object]:
        return {
            "bail_id": f"B{n}",
            "person_ref": "N1",
            "release_type": release,
            "bail_start": f"{start}T12:00:00+00:00",
            "ended_at": f"{ended}T12:00:00+00:00" if ended else None,
        }

    path = write_enforcement(
        tmp_path / "e.json",
        warrants=[
            {
                "warrant_id": "W1",
                "power": "MDA_S23",
                "address": "1 High St",
                "postcode": "LE15 6AA",
                "applied_at": "2026-01-02T09:00:00+00:00",
                "authorised_at": "2026-01-02T12:00:00+00:00",
                "executed_at": "2026-01-31T06:00:00+00:00",
            },
            {
                "warrant_id": "W2",
                "power": "MDA_S23",
                "address": "1 High St",
                "postcode": "LE15 6AA",
                "applied_at": "2026-01-02T09:00:00+00:00",
            },
        ],
        arrests=[
            arrest(1, "2026-01-31", "2026-02-01"),
            arrest(2, "2026-02-01"),
            arrest(3, "2025-12-31"),
        ],
        bail=[
            bail(1, "2026-01-15", "PRE_CHARGE_BAIL_CONDITIONAL"),
            bail(2, "2026-01-15", "PRE_CHARGE_BAIL_UNCONDITIONAL", ended="2026-01-20"),
            bail(3, "2026-01-15", "RUI"),
            bail(4, "2025-09-01", "PRE_CHARGE_BAIL_UNCONDITIONAL"),
        ],
        seizures=[
            {
                "seizure_id": "S1",
                "vrm": "AB12CDE",
                "power": "RTA_S165A",
                "grounds": "No insurance",
                "seized_at": "2026-01-20T22:00:00+00:00",
            },
        ],
    )
    result = import_history(acting(store, Role.INTELLIGENCE_OFFICER), path)
    assert result.rows_quarantined == 0, result.problems
    with store.connect() as conn:
        january = enforcement_summary(conn, date(2026, 1, 1), date(2026, 1, 31))
        year = enforcement_summary(conn, date(2025, 1, 1), date(2026, 12, 31))
    assert (january.warrants_executed, january.arrests, january.charges) == (1, 1, 0)
    assert january.seizures == 1
    # B1 is live on 31 January; B2 ended, RUI is not bail, B4's three months ran out.
    assert january.bail_live == 1
    assert (year.arrests, year.charges) == (3, 1)
    assert january.to_dict()["since"].startswith("2026-01-01")
