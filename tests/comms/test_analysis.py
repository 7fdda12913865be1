from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from comms.callworld import CallWorld
from linewatch.access import AccessDenied, Actor, system_access
from linewatch.access.context import Access
from linewatch.comms import (
    CLAIM,
    METHOD,
    METHOD_VERSION,
    analyse,
    deal_lines,
    import_calls,
    phone_id,
)
from linewatch.model import Role
from linewatch.store import Store, tables


def _analysed(store: Store, world: CallWorld, tmp_path: Path) -> tuple[Access, Any]:
    access = system_access(store, "Testing deal-line analysis")
    import_calls(access, world.write(tmp_path / "in"))
    return access, analyse(access)


def _statements(store: Store, entity_id: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    with store.connect() as conn:
        for row in conn.execute(
            select(tables.statements).where(tables.statements.c.entity_id == entity_id)
        ):
            found.setdefault(row.prop, set()).add(row.value)
    return found


def test_the_deal_lines_are_flagged_and_the_look_alikes_are_not(
    sqlite_store: Store, data_dir: Path, tmp_path: Path, call_world: CallWorld
) -> None:
    _, result = _analysed(sqlite_store, call_world, tmp_path)

    assert sorted(s.number for s in result.flagged) == sorted(call_world.lines)
    scored = {s.number: s for s in result.scores}
    for name, number in call_world.confounders.items():
        if number in scored:
            assert not scored[number].flagged, f"the {name} was flagged"
            assert scored[number].score < result.threshold
    first = scored[call_world.lines[0]]
    assert first.reasons[0] == (
        "sent bulk texts to 28 of its 40 recipients at a time (up to 28) within 1 minute, "
        "on 14 of the 42 days it was in use"
    )
    assert "rings only a small set of 3 numbers (252 calls) while 41 numbers contact it" in (
        first.reasons
    )
    assert "used in 3 different handsets" in first.reasons
    assert "2 deal lines flagged" in result.summary()


def test_a_flagged_line_is_an_assessment_with_its_evidence_against_a_phone(
    store: Store, data_dir: Path, tmp_path: Path, call_world: CallWorld
) -> None:
    _, result = _analysed(store, call_world, tmp_path)
    line = call_world.lines[0]

    with store.connect() as conn:
        rows = conn.execute(select(tables.assessments)).all()
        entity = conn.execute(
            select(tables.entities).where(tables.entities.c.id == phone_id(line))
        ).one()
    assert len(rows) == 2
    row = next(r for r in rows if r.subject_id == phone_id(line))
    assert (row.claim, row.method, row.method_version) == (CLAIM, METHOD, METHOD_VERSION)
    assert row.superseded_at is None and row.score >= 0.6
    assert row.reasons == next(s.reasons for s in result.flagged if s.number == line)
    assert {"kind": "production", "id": "P-0001-test"} in row.evidence
    figures = next(e["values"] for e in row.evidence if e["kind"] == "figures")
    assert figures["flare_days"] == 14 and figures["inbound_contacts"] == 41
    assert entity.schema == "Phone" and entity.is_synthetic
    said = _statements(store, phone_id(line))
    assert said["number"] == {line}
    assert said["imei"] == set(call_world.handsets[line])


def test_running_again_supersedes_rather_than_piling_up(
    store: Store, data_dir: Path, tmp_path: Path, call_world: CallWorld
) -> None:
    access, _ = _analysed(store, call_world, tmp_path)

    again = analyse(access)

    assert again.assessments_superseded == 2
    with store.connect() as conn:
        rows = conn.execute(select(tables.assessments)).all()
    current = [r for r in rows if r.superseded_at is None]
    assert len(rows) == 4 and len(current) == 2
    assert {r.id for r in current} == {s.assessment_id for s in again.flagged}


def test_a_flagged_line_is_linked_to_the_phones_it_talks_to_most(
    sqlite_store: Store, data_dir: Path, tmp_path: Path, call_world: CallWorld
) -> None:
    _, result = _analysed(sqlite_store, call_world, tmp_path)
    line = call_world.lines[0]

    with sqlite_store.connect() as conn:
        links = conn.execute(
            select(tables.links).where(
                tables.links.c.link_type == "CONTACTED",
                tables.links.c.source_id == phone_id(line),
            )
        ).all()
    targets = {link.target_id: link for link in links}
    expected = {phone_id(n) for n in [*call_world.runners[line], call_world.holders[line]]}
    assert set(targets) == expected
    holder = targets[phone_id(call_world.holders[line])]
    assert holder.weight == 42  # the holder rang once a day for six weeks
    assert (holder.evidence_kind, holder.evidence_id) == ("calls", "P-0001-test")
    assert holder.valid_from is not None and holder.valid_to is not None
    assert result.contacts_linked == 6
    runner = call_world.runners[line][0]
    assert _statements(sqlite_store, phone_id(runner))["number"] == {runner}


def test_the_analysis_is_logged_as_a_combination(
    sqlite_store: Store, data_dir: Path, tmp_path: Path, call_world: CallWorld
) -> None:
    _, result = _analysed(sqlite_store, call_world, tmp_path)

    with sqlite_store.connect() as conn:
        logged = conn.execute(
            select(tables.audit_log).where(tables.audit_log.c.operation == "COMBINATION")
        ).one()
    assert {s.assessment_id for s in result.flagged} <= set(logged.record_ids)
    assert {s.phone_id for s in result.flagged} <= set(logged.record_ids)


def test_the_threshold_comes_from_settings(
    sqlite_store: Store,
    data_dir: Path,
    tmp_path: Path,
    call_world: CallWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LINEWATCH_DEAL_LINE_THRESHOLD", "0.9")

    _, result = _analysed(sqlite_store, call_world, tmp_path)

    assert result.threshold == 0.9
    assert [s.number for s in result.flagged] == [call_world.lines[0]]


def test_no_call_data_flags_nothing(sqlite_store: Store, data_dir: Path) -> None:
    result = analyse(system_access(sqlite_store, "Testing an empty store"))

    assert result.scores == [] and result.flagged == []


def test_deal_lines_lists_the_current_assessments_as_a_logged_consultation(
    store: Store, data_dir: Path, tmp_path: Path, call_world: CallWorld
) -> None:
    access, result = _analysed(store, call_world, tmp_path)

    views = deal_lines(access)

    assert [v.number for v in views] == [s.number for s in result.flagged]
    top = views[0]
    assert top.number == call_world.lines[0] and top.score == result.flagged[0].score
    assert top.reasons == result.flagged[0].reasons
    assert top.productions == ["P-0001-test"]
    assert top.handsets == sorted(call_world.handsets[top.number])
    assert top.figures["flare_days"] == 14
    with store.connect() as conn:
        consulted = conn.execute(
            select(tables.audit_log).where(tables.audit_log.c.operation == "CONSULTATION")
        ).one()
    assert set(consulted.record_ids) == {v.phone_id for v in views}


def test_the_pcc_office_cannot_see_or_run_deal_line_analysis(
    sqlite_store: Store, data_dir: Path
) -> None:
    pcc = Access(sqlite_store, Actor("pcc1", Role.PCC_OFFICE, "pcc"), "Quarterly figures")

    with pytest.raises(AccessDenied):
        deal_lines(pcc)
    with pytest.raises(AccessDenied):
        analyse(pcc)
