"""Bail extensions stored with their authority, limits from settings, and expiry warnings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from enforce.test_history import _quarantined, bail
from linewatch.access import AccessDenied
from linewatch.enforce import bail_expiry_warnings, import_history
from linewatch.model import Role
from linewatch.store import Store, tables
from safeguard.world import World, acting, write_enforcement

CHAINED = {
    "arrest_id": None,
    "abp_expires_at": "2026-10-10T12:00:00+00:00",
    "extensions": [
        {
            "rank": "Inspector",
            "new_expiry": "2026-07-10T12:00:00+00:00",
            "authorised_by": "Insp 4410 Patel",
            "authorised_at": "2026-04-01T09:00:00+00:00",
        },
        {"rank": "Superintendent", "new_expiry": "2026-10-10T12:00:00+00:00"},
    ],
}


@pytest.fixture
def people(store: Store) -> World:
    world = World(store)
    world.person("N100", "Tyler Marsh", date_of_birth="1999-03-02")
    return world


def _load(store: Store, tmp_path: Path, *rows: dict[str, object]) -> tuple[int, list[str]]:
    """(rows quarantined, the fields named) for one import of these bail rows."""
    result = import_history(
        acting(store, Role.INTELLIGENCE_OFFICER),
        write_enforcement(tmp_path / "e.json", bail=list(rows)),
    )
    quarantined = _quarantined(store)
    fields = [
        quarantined[f"bail:{r['bail_id']}"][0]
        for r in rows
        if f"bail:{r['bail_id']}" in quarantined
    ]
    return result.rows_quarantined, fields if result.rows_quarantined else []


def test_extensions_are_stored_with_their_rank_and_authoriser(
    store: Store, people: World, tmp_path: Path
) -> None:
    assert _load(store, tmp_path, bail("B1", **CHAINED)) == (0, [])
    x = tables.bail_extensions
    with store.connect() as conn:
        rows = conn.execute(select(x).order_by(x.c.sequence)).mappings().all()
    assert [(r["sequence"], r["rank"]) for r in rows] == [(1, "INSPECTOR"), (2, "SUPERINTENDENT")]
    assert rows[0]["authorised_by"] == "Insp 4410 Patel"
    # Re-importing the same file changes nothing.
    assert _load(store, tmp_path, bail("B1", **CHAINED)) == (0, [])
    with store.connect() as conn:
        assert len(conn.execute(select(x)).all()) == 2


def test_limits_come_from_settings(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    World(sqlite_store).person("N100", "Tyler Marsh", date_of_birth="1999-03-02")
    four = {"arrest_id": None, "abp_expires_at": "2026-05-10T12:00:00+00:00"}
    assert _load(sqlite_store, tmp_path, bail("B1", **four)) == (1, ["abp_expires_at"])
    monkeypatch.setenv("LINEWATCH_BAIL_INITIAL_MONTHS", "4")
    assert _load(sqlite_store, tmp_path, bail("B2", **four)) == (0, [])
    monkeypatch.setenv("LINEWATCH_BAIL_INSPECTOR_MONTHS", "5")
    assert _load(sqlite_store, tmp_path, bail("B3", **CHAINED)) == (
        1,
        ["extensions[0].new_expiry"],
    )


def test_extensions_on_released_under_investigation_are_refused(
    sqlite_store: Store, tmp_path: Path
) -> None:
    World(sqlite_store).person("N100", "Tyler Marsh", date_of_birth="1999-03-02")
    rui = bail("B1", **{**CHAINED, "release_type": "RUI", "conditions": [], "return_at": None})
    assert _load(sqlite_store, tmp_path, rui) == (1, ["extensions"])


def test_a_warning_is_raised_before_expiry_once_per_expiry_date(
    sqlite_store: Store, tmp_path: Path
) -> None:
    World(sqlite_store).person("N100", "Tyler Marsh", date_of_birth="1999-03-02")
    once = bail("B1", arrest_id=None, abp_expires_at="2026-04-10T12:00:00+00:00")
    ended = bail("B2", arrest_id=None, ended_at="2026-03-01T00:00:00+00:00")
    _load(sqlite_store, tmp_path, once, ended)
    analyst = acting(sqlite_store)
    assert bail_expiry_warnings(analyst, date(2026, 3, 20)) == []
    (warning,) = bail_expiry_warnings(analyst, date(2026, 4, 1))
    assert warning.kind == "BAIL_EXPIRING" and warning.is_new
    assert "B1" in warning.summary and "inspector or above (to 6 months)" in warning.summary
    assert [e["id"] for e in warning.evidence_of("bail_record")] == ["B1"]
    (again,) = bail_expiry_warnings(analyst, date(2026, 4, 2))
    assert again.id == warning.id and not again.is_new
    # Extended by an inspector: the new date gets its own warning, naming a superintendent.
    extended = bail(
        "B1",
        arrest_id=None,
        abp_expires_at="2026-07-10T12:00:00+00:00",
        extensions=[{"rank": "INSPECTOR", "new_expiry": "2026-07-10T12:00:00+00:00"}],
    )
    _load(sqlite_store, tmp_path, extended, ended)
    assert bail_expiry_warnings(analyst, date(2026, 4, 2)) == []
    (later,) = bail_expiry_warnings(analyst, date(2026, 7, 1))
    assert later.id != warning.id and "superintendent or above" in later.summary
    assert [e["rank"] for e in later.evidence_of("bail_extension")] == ["INSPECTOR"]
    with pytest.raises(AccessDenied):
        bail_expiry_warnings(acting(sqlite_store, Role.OFFICER), date(2026, 4, 1))
