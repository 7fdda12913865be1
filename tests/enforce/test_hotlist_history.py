"""Vehicles of interest from an enforcement file: the hotlist page's rules, quarantine naming
the field, the file's author and creation time kept, and re-import adding nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from linewatch.enforce import import_history
from linewatch.store import Store, tables
from safeguard.world import World, acting


def entry(voi_id: str, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "voi_id": voi_id,
        "vrm": "fe19kdx",
        "reason_category": "COUNTY_LINES_COURIER",
        "reason": "Courier vehicle of the Jet line; named in IR-2026-000001",
        "action_required": "DO_NOT_STOP_REPORT",
        "handling_code": "P",
        "handling_conditions": None,
        "linked_report_ref": "IR-2026-000001",
        "created_by": "Force Intelligence Bureau",
        "created_at": "2026-02-01T10:00:00+00:00",
        "expires_at": "2026-08-01T10:00:00+00:00",
        "withdrawn_at": None,
        "is_synthetic": True,
    }
    row.update(extra)
    return row


def write(path: Path, entries: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"vehicles_of_interest": entries}))
    return path


@pytest.fixture
def reported(store: Store) -> str:
    """The id of the report that named the vehicle."""
    return World(store).report(
        "IR-2026-000001", "Grey Golf FE19 KDX dropping off at the flats", "2026-01-20"
    )


def test_valid_entries_load_with_their_author_and_creation_time(
    store: Store, reported: str, tmp_path: Path
) -> None:
    conditions = "Not to be shared outside the force"
    path = write(
        tmp_path / "enforcement.json",
        [
            entry("VOI-1"),
            entry(
                "VOI-2",
                vrm="AB12 CDE",
                reason_category="STOLEN",
                reason="Reported stolen from Oakham",
                action_required="STOP_CHECK",
                handling_code="C",
                handling_conditions=conditions,
                linked_report_ref=None,
                withdrawn_at="2026-03-01T09:00:00+00:00",
            ),
        ],
    )
    result = import_history(acting(store), path)
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0), result.problems
    v = tables.vehicles_of_interest
    with store.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(v))}
    assert rows["VOI-1"].vrm == "FE19KDX"
    assert rows["VOI-1"].created_by == "Force Intelligence Bureau"
    assert rows["VOI-1"].created_at.replace(tzinfo=UTC) == datetime(2026, 2, 1, 10, tzinfo=UTC)
    assert rows["VOI-1"].linked_report_id == reported
    assert rows["VOI-2"].handling_conditions == conditions
    assert rows["VOI-2"].withdrawn_at is not None


def test_an_entry_breaking_a_rule_is_quarantined_naming_the_field(
    store: Store, reported: str, tmp_path: Path
) -> None:
    bad = {
        "VOI-CAT": entry("VOI-CAT", reason_category="DRUGS"),
        "VOI-ACT": entry("VOI-ACT", action_required="FOLLOW"),
        "VOI-C": entry("VOI-C", handling_code="C"),
        "VOI-YEAR": entry("VOI-YEAR", expires_at="2027-02-03T10:00:00+00:00"),
        "VOI-PAST": entry("VOI-PAST", expires_at="2026-01-01T00:00:00+00:00"),
        "VOI-VRM": entry("VOI-VRM", vrm="!!"),
        "VOI-WHY": entry("VOI-WHY", reason=" "),
        "VOI-REF": entry("VOI-REF", linked_report_ref="IR-1999-000009"),
        "VOI-WD": entry("VOI-WD", withdrawn_at="2026-01-01T00:00:00+00:00"),
        "VOI-WHO": entry("VOI-WHO", created_by=None),
    }
    path = write(tmp_path / "enforcement.json", [entry("VOI-OK"), *bad.values()])
    result = import_history(acting(store), path)
    assert (result.rows_loaded, result.rows_quarantined) == (1, len(bad))
    q = tables.quarantine
    with store.connect() as conn:
        held = {r.record_ref: r.field for r in conn.execute(select(q.c.record_ref, q.c.field))}
    assert held == {
        "vehicles_of_interest:VOI-CAT": "reason_category",
        "vehicles_of_interest:VOI-ACT": "action_required",
        "vehicles_of_interest:VOI-C": "handling_conditions",
        "vehicles_of_interest:VOI-YEAR": "expires_at",
        "vehicles_of_interest:VOI-PAST": "expires_at",
        "vehicles_of_interest:VOI-VRM": "vrm",
        "vehicles_of_interest:VOI-WHY": "reason",
        "vehicles_of_interest:VOI-REF": "linked_report_ref",
        "vehicles_of_interest:VOI-WD": "withdrawn_at",
        "vehicles_of_interest:VOI-WHO": "created_by",
    }
    v = tables.vehicles_of_interest
    with store.connect() as conn:
        assert conn.execute(select(v.c.id)).scalars().all() == ["VOI-OK"]


def test_re_importing_adds_nothing_and_a_later_export_updates_the_entry(
    store: Store, reported: str, tmp_path: Path
) -> None:
    analyst = acting(store)
    first = write(tmp_path / "enforcement.json", [entry("VOI-1")])
    assert import_history(analyst, first).rows_loaded == 1
    assert import_history(analyst, first).already_imported
    # A later export holding the same entry and a new one: only the new one is collected.
    same = write(tmp_path / "again.json", [entry("VOI-1"), entry("VOI-2", vrm="AB12CDE")])
    assert import_history(analyst, same).rows_loaded == 2
    withdrawn = write(
        tmp_path / "later.json", [entry("VOI-1", withdrawn_at="2026-04-01T00:00:00+00:00")]
    )
    import_history(analyst, withdrawn)
    v, a = tables.vehicles_of_interest, tables.audit_log
    with store.connect() as conn:
        found = conn.execute(select(v.c.id, v.c.withdrawn_at).order_by(v.c.id)).all()
        assert [(i, w is not None) for i, w in found] == [("VOI-1", True), ("VOI-2", False)]
        logged = [
            (op, ids)
            for op, ids in conn.execute(select(a.c.operation, a.c.record_ids).order_by(a.c.seq))
            if "vehicles_of_interest:VOI-1" in ids
        ]
    # Collected once, altered once: the second export, identical for it, changed nothing.
    assert [op for op, _ids in logged] == ["COLLECTION", "ALTERATION"]
