"""PCC figures count what happened in the period, no more and no less, and suppress small counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from linewatch.access import Access, AccessDenied, Actor
from linewatch.model import Role
from linewatch.review import pcc_figures
from linewatch.store import Provenance, Store, add_entity, tables

PCC = Actor("pcc", Role.PCC_OFFICE, "pcc-office")
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _when(month: int, day: int = 10) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=UTC)


def _seed(store: Store) -> None:
    prov = Provenance("record", "test:1", is_synthetic=True)
    with store.begin() as conn:
        for i in range(6):
            add_entity(conn, "Person", f"pe-{i}", {"name": f"Person {i}"}, prov)
        add_entity(conn, "CountyLine", "line-1", {"brand": "Tony"}, prov)
        add_entity(conn, "CountyLine", "line-2", {"brand": "Fizz"}, prov)
        conn.execute(
            tables.arrests.insert(),
            [
                {
                    "id": f"ar-{i}",
                    "person_id": f"pe-{i}",
                    "arrested_at": _when(m),
                    "offence": "s.4 MDA",
                    "charged_at": _when(m, 20) if i < 2 else None,
                }
                for i, m in enumerate([1, 2, 2, 3, 5])
            ]
            + [
                {
                    "id": "ar-old",
                    "person_id": "pe-5",
                    "arrested_at": datetime(2025, 12, 30, tzinfo=UTC),
                    "offence": "s.4 MDA",
                    "charged_at": None,
                }
            ],
        )
        conn.execute(
            tables.seizures.insert(),
            [
                {
                    "id": f"sz-{i}",
                    "vrm": f"AB{i}",
                    "power": "MDA_S23",
                    "grounds": "courier",
                    "seized_at": _when(i + 1),
                    "line_id": line,
                }
                for i, line in enumerate(["line-1", "line-1", "line-2", None])
            ],
        )
        conn.execute(
            tables.reports.insert(),
            [
                {
                    "id": f"r-{i}",
                    "reference": f"IR-{i}",
                    "channel": ch,
                    "originating_org": "x",
                    "reported_at": _when(4),
                    "sanitised_text": "text",
                }
                for i, ch in enumerate(["PUBLIC_WEB", "PUBLIC_WEB", "CRIMESTOPPERS", "CALL_101"])
            ],
        )


def test_figures_count_the_period_and_split_by_month(store: Store) -> None:
    _seed(store)
    access = Access(store, PCC, "PCC performance reporting")
    figures = pcc_figures(access, date(2026, 1, 1), date(2026, 5, 31))
    assert figures.figure("arrests").value == 5  # the December 2025 arrest is outside
    assert figures.figure("arrests").by_month == {
        "2026-01": "<3",
        "2026-02": "<3",
        "2026-03": "<3",
        "2026-05": "<3",
    }
    assert figures.figure("charges").value == 2
    assert figures.figure("vehicles_seized").value == 4
    assert figures.figure("lines_disrupted").value == 2  # two distinct lines, one unlinked car
    assert figures.figure("reports_received").value == 4
    assert figures.figure("reports_public_web").value == 2
    assert figures.figure("reports_public_web").display == "<3"
    assert figures.figure("vehicles_seized").display == "4"
    assert figures.figure("visits_made").display == "0"


def test_period_end_is_inclusive_and_must_follow_the_start(store: Store) -> None:
    _seed(store)
    access = Access(store, PCC, "PCC performance reporting")
    assert pcc_figures(access, date(2026, 1, 10), date(2026, 1, 10)).figure("arrests").value == 1
    with pytest.raises(ValueError, match="ends"):
        pcc_figures(access, date(2026, 2, 1), date(2026, 1, 1))


def test_only_roles_that_see_aggregates_may_ask(sqlite_store: Store) -> None:
    call_handler = Actor("ch", Role.CALL_HANDLER, "leics-police")
    with pytest.raises(AccessDenied):
        pcc_figures(Access(sqlite_store, call_handler, "curiosity"), date(2026, 1, 1), NOW.date())


def test_suppression_threshold_comes_from_settings(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(sqlite_store)
    monkeypatch.setenv("LINEWATCH_PCC_SUPPRESSION_THRESHOLD", "10")
    access = Access(sqlite_store, PCC, "PCC performance reporting")
    figures = pcc_figures(access, date(2026, 1, 1), date(2026, 5, 31))
    assert figures.figure("arrests").display == "<10"
    assert figures.to_dict()["suppression_threshold"] == 10
