"""Linking what a report names to known entities, and the officer's confirmation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from collect.builders import report, write_jsonl
from collect.conftest import MakeAccess
from linewatch.access import AccessDenied
from linewatch.collect import (
    LinkDecision,
    LinkStatus,
    ProposedLink,
    confirm_link,
    import_reports,
    link_extraction,
    mention_id,
    report_id,
)
from linewatch.model import Role
from linewatch.store import Store, tables

TEXT = (
    "Texts from 07700 900456 about the Tony line. Seen in a silver Golf AB12 CDE, and "
    "another car, reg BNA. My number is 07700 900123."
)


@pytest.fixture
def reports(store: Store, as_role: MakeAccess, tmp_path: Path) -> Store:
    """IR-1 names a phone and a car already known from IR-2; IR-1 comes without mentions."""
    rows = [
        report("IR-2026-000001", text=TEXT, mentions=[]),
        report(
            "IR-2026-000002",
            text="Deal line 07700 900456. Courier FN19 BNA.",
            mentions=[
                {"schema": "Phone", "properties": {"number": "07700 900456"}},
                {"schema": "Vehicle", "properties": {"vrm": "FN19 BNA"}},
            ],
        ),
    ]
    import_reports(as_role(store), write_jsonl(tmp_path / "reports.jsonl", rows))
    return store


def _by_text(proposals: list[ProposedLink]) -> dict[str, ProposedLink]:
    return {p.item.text: p for p in proposals}


def _statements(store: Store, entity_id: str) -> list[dict[str, object]]:
    with store.connect() as conn:
        rows = conn.execute(
            select(tables.statements).where(tables.statements.c.entity_id == entity_id)
        )
        return [dict(r) for r in rows.mappings()]


def _operations(store: Store) -> list[tuple[str, list[str]]]:
    with store.connect() as conn:
        rows = conn.execute(
            select(tables.audit_log.c.operation, tables.audit_log.c.record_ids).order_by(
                tables.audit_log.c.seq
            )
        )
        return [(op, ids) for op, ids in rows]


def test_proposals_link_to_known_entities_or_propose_new_ones(
    reports: Store, as_role: MakeAccess
) -> None:
    rid = report_id("IR-2026-000001")
    proposals = _by_text(link_extraction(as_role(reports), rid))

    phone = proposals["07700 900456"]
    assert phone.status is LinkStatus.KNOWN
    assert phone.matches == (mention_id("Phone", "IR-2026-000002", 0),)
    assert (phone.schema, phone.prop, phone.item.value) == ("Phone", "number", "+447700900456")

    assert proposals["AB12 CDE"].status is LinkStatus.NEW
    assert proposals["AB12 CDE"].matches == ()

    partial = proposals["BNA"]
    assert partial.status is LinkStatus.PARTIAL
    assert partial.matches == (mention_id("Vehicle", "IR-2026-000002", 1),)

    assert proposals["Tony"].item.kind == "line"
    # The reporter's own number was taken out by sanitisation, so it is never proposed.
    assert "07700 900123" not in proposals
    operation, ids = _operations(reports)[-1]
    assert operation == "CONSULTATION"
    assert {rid, *phone.matches} <= set(ids)


def test_confirming_a_link_writes_a_statement_sourced_from_the_report(
    reports: Store, as_role: MakeAccess
) -> None:
    access = as_role(reports)
    rid = report_id("IR-2026-000001")
    phone = _by_text(link_extraction(access, rid))["07700 900456"]

    target = confirm_link(access, rid, phone, LinkDecision.LINK)

    assert target == phone.matches[0]
    written = [s for s in _statements(reports, target) if s["source_id"] == rid]
    assert len(written) == 1
    statement = written[0]
    assert (statement["prop"], statement["value"]) == ("number", "+447700900456")
    assert statement["original_value"] == "07700 900456"
    assert (statement["source_kind"], statement["dataset"]) == ("report", "free-text extraction")
    assert (statement["source_evaluation"], statement["intelligence_assessment"]) == ("2", "D")
    assert statement["handling_code"] == "P"
    operation, ids = _operations(reports)[-1]
    assert (operation, set(ids)) == ("COMBINATION", {rid, target})
    again = _by_text(link_extraction(access, rid))["07700 900456"]
    assert again.status is LinkStatus.RECORDED


def test_confirming_a_new_entity_and_doing_it_twice_adds_nothing_more(
    reports: Store, as_role: MakeAccess
) -> None:
    access = as_role(reports)
    rid = report_id("IR-2026-000001")
    vehicle = _by_text(link_extraction(access, rid))["AB12 CDE"]

    first = confirm_link(access, rid, vehicle, "new")
    second = confirm_link(access, rid, vehicle, LinkDecision.NEW)

    assert first is not None and first == second
    assert [(s["prop"], s["value"]) for s in _statements(reports, first)] == [("vrm", "AB12CDE")]


def test_a_partial_plate_is_a_lead_and_cannot_be_confirmed(
    reports: Store, as_role: MakeAccess
) -> None:
    access = as_role(reports)
    rid = report_id("IR-2026-000001")
    partial = _by_text(link_extraction(access, rid))["BNA"]

    with pytest.raises(ValueError, match="partial plate"):
        confirm_link(access, rid, partial, LinkDecision.LINK, entity_id=partial.matches[0])


def test_a_rejected_proposal_writes_no_fact_and_shows_as_rejected(
    reports: Store, as_role: MakeAccess
) -> None:
    access = as_role(reports)
    rid = report_id("IR-2026-000001")
    line = _by_text(link_extraction(access, rid))["Tony"]

    assert confirm_link(access, rid, line, LinkDecision.REJECT) is None

    assert _by_text(link_extraction(access, rid))["Tony"].status is LinkStatus.REJECTED
    with reports.connect() as conn:
        brands = conn.execute(
            select(tables.statements).where(tables.statements.c.prop == "brand")
        ).all()
    assert brands == []


def test_a_link_must_be_to_a_matching_entity_and_the_proposal_must_be_the_reports(
    reports: Store, as_role: MakeAccess
) -> None:
    access = as_role(reports)
    rid = report_id("IR-2026-000001")
    proposals = _by_text(link_extraction(access, rid))
    vehicle = proposals["AB12 CDE"]

    with pytest.raises(ValueError, match="link to one of"):
        confirm_link(access, rid, vehicle, LinkDecision.LINK)
    with pytest.raises(ValueError, match="another report"):
        confirm_link(access, report_id("IR-2026-000002"), vehicle, LinkDecision.NEW)
    forged = ProposedLink(rid, replace(vehicle.item, text="XX99 XXX"), LinkStatus.NEW)
    with pytest.raises(ValueError, match="no longer names"):
        confirm_link(access, rid, forged, LinkDecision.NEW)
    with pytest.raises(LookupError):
        link_extraction(access, "report-missing")


def test_roles_without_the_permissions_are_refused(reports: Store, as_role: MakeAccess) -> None:
    rid = report_id("IR-2026-000001")
    phone = _by_text(link_extraction(as_role(reports), rid))["07700 900456"]

    with pytest.raises(AccessDenied):
        link_extraction(as_role(reports, Role.CALL_HANDLER), rid)
    with pytest.raises(AccessDenied):
        confirm_link(as_role(reports, Role.OFFICER), rid, phone, LinkDecision.LINK)
