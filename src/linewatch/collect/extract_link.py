"""Linking what a report's words name to the entities the store already holds.

``link_extraction`` reads a report's sanitised text (which keeps the subjects' identifiers and
drops only the source's own details), extracts from it, and for each item proposes a link: to
the entities that already hold the same property value from other sources, or to a new
entity. Nothing is written: a proposal is not a fact until an officer confirms it.

``confirm_link`` carries out the officer's decision. Linking or creating writes one statement
naming the report as its source, with the report's grading and handling, and logs the
COMBINATION (DPA 2018 s.62). A rejection is kept as the officer's judgement (an assessment
on the report), so the same proposal is shown as rejected next time rather than again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, RowMapping, func, select

from linewatch.access import Access, AccessDenied, Permission
from linewatch.collect.extract import extract
from linewatch.collect.extract_items import IDENTIFIER_KINDS, Found
from linewatch.model import AuditOperation
from linewatch.store import Provenance, add_entity, insert_ignore, make_id, tables, utcnow

DATASET = "free-text extraction"
REJECTED_CLAIM = "extraction_rejected"
_MAX_CANDIDATES = 20


class LinkStatus(StrEnum):
    KNOWN = "known"  # other sources hold the same value: link to one of ``matches``
    NEW = "new"  # nothing holds it yet: a new entity
    RECORDED = "recorded"  # this report already states it (from its mentions or a confirmation)
    PARTIAL = "partial"  # a partly read plate: ``matches`` are candidates, never a fact
    REJECTED = "rejected"  # an officer has said the words do not name this


class LinkDecision(StrEnum):
    LINK = "link"  # to an entity in the proposal's matches
    NEW = "new"  # to a new entity
    REJECT = "reject"


@dataclass(frozen=True)
class ProposedLink:
    report_id: str
    item: Found
    status: LinkStatus
    # Entities holding the same value from other sources; for a partial plate, the vehicles
    # whose registration fits what was read.
    matches: tuple[str, ...] = ()

    @property
    def schema(self) -> str:
        return self.item.schema

    @property
    def prop(self) -> str:
        return self.item.prop

    @property
    def key(self) -> str:
        """Stable id of the proposal: the report, the words and where they stand."""
        return proposal_key(self.report_id, self.item)


def proposal_key(report_id: str, item: Found) -> str:
    return make_id("px", report_id, item.kind, item.start, item.end, item.text)


def _report(conn: Connection, access: Access, report_id: str) -> RowMapping:
    row = (
        conn.execute(select(tables.reports).where(tables.reports.c.id == report_id))
        .mappings()
        .first()
    )
    if row is None:
        raise LookupError(f"no report {report_id!r}")
    if not access.partner_may_see(conn, report_id, row["originating_org"]):
        raise AccessDenied("this report was neither submitted by nor shared with your organisation")
    return row


def _holders(conn: Connection, item: Found) -> list[tuple[str, str]]:
    """(entity id, source id) of every statement of the item's property and value."""
    s, e = tables.statements, tables.entities
    query = select(s.c.entity_id, s.c.source_id).join(e, e.c.id == s.c.entity_id)
    query = query.where(e.c.schema == item.schema, s.c.prop == item.prop)
    if item.partial:
        pattern = (item.pattern or "").replace("*", "%").replace("?", "_")
        query = query.where(s.c.value.like(pattern)).limit(_MAX_CANDIDATES * 4)
    elif item.kind in IDENTIFIER_KINDS:
        query = query.where(s.c.value == item.value)
    else:
        query = query.where(func.lower(s.c.value) == (item.value or "").lower())
    return [(row.entity_id, row.source_id) for row in conn.execute(query)]


def _rejected(conn: Connection, report_id: str) -> set[str]:
    a = tables.assessments
    rows = conn.execute(
        select(a.c.evidence).where(a.c.subject_id == report_id, a.c.claim == REJECTED_CLAIM)
    ).scalars()
    return {ref["id"] for evidence in rows for ref in evidence if ref.get("kind") == "extraction"}


def _proposal(conn: Connection, report_id: str, item: Found, rejected: set[str]) -> ProposedLink:
    holders = _holders(conn, item)
    others = tuple(dict.fromkeys(entity for entity, source in holders if source != report_id))
    if proposal_key(report_id, item) in rejected:
        status = LinkStatus.REJECTED
    elif item.partial:
        status = LinkStatus.PARTIAL
    elif any(source == report_id for _, source in holders):
        status = LinkStatus.RECORDED
    else:
        status = LinkStatus.KNOWN if others else LinkStatus.NEW
    return ProposedLink(report_id, item, status, others[:_MAX_CANDIDATES])


def _proposals(conn: Connection, report_id: str, text: str) -> list[ProposedLink]:
    rejected = _rejected(conn, report_id)
    return [_proposal(conn, report_id, item, rejected) for item in extract(text).items]


def link_extraction(access: Access, report_id: str) -> list[ProposedLink]:
    """Proposed links for everything the report's sanitised text names, in text order.

    The reading is logged as a CONSULTATION of the report and of the entities proposed.
    """
    access.require(Permission.VIEW_PERSONAL_DATA)
    with access.store.begin() as conn:
        row = _report(conn, access, report_id)
        proposals = _proposals(conn, report_id, row["sanitised_text"])
        shown = dict.fromkeys(entity for p in proposals for entity in p.matches)
        access.log(conn, AuditOperation.CONSULTATION, [report_id, *shown])
    return proposals


def _provenance(row: RowMapping) -> Provenance:
    return Provenance(
        source_kind="report",
        source_id=row["id"],
        dataset=DATASET,
        source_evaluation=row["source_evaluation"],
        intelligence_assessment=row["intelligence_assessment"],
        handling_code=row["handling_code"],
        classification=row["classification"],
        observed_at=row["occurred_at"] or row["reported_at"],
        is_synthetic=bool(row["is_synthetic"]),
    )


def _current(conn: Connection, row: RowMapping, proposal: ProposedLink) -> ProposedLink:
    """The proposal as the report's text gives it now; ValueError if it no longer does."""
    if proposal.report_id != row["id"]:
        raise ValueError("the proposal is for another report")
    for current in _proposals(conn, row["id"], row["sanitised_text"]):
        if current.key == proposal.key and current.item == proposal.item:
            return current
    raise ValueError("the report's text no longer names this; extract it again")


def _reject(conn: Connection, access: Access, report_id: str, proposal: ProposedLink) -> str:
    item = proposal.item
    assessment_id = make_id("as", REJECTED_CLAIM, report_id, proposal.key)
    row: dict[str, Any] = {
        "id": assessment_id,
        "subject_id": report_id,
        "claim": REJECTED_CLAIM,
        "score": 0.0,
        "reasons": [f"an officer judged that {item.text!r} does not name a {item.schema} here"],
        "evidence": [
            {"kind": "report", "id": report_id},
            {"kind": "extraction", "id": proposal.key},
        ],
        "method": "officer_review",
        "method_version": "1",
        "created_at": utcnow(),
        "created_by": access.actor.id,
    }
    insert_ignore(conn, tables.assessments, [row], ["id"])
    access.log(conn, AuditOperation.ALTERATION, [report_id, assessment_id])
    return assessment_id


def confirm_link(
    access: Access,
    report_id: str,
    proposal: ProposedLink,
    decision: LinkDecision | str,
    *,
    entity_id: str | None = None,
) -> str | None:
    """Carry out an officer's decision on a proposal; returns the entity written to.

    LINK writes the statement onto ``entity_id``, which must be one of the proposal's
    matches (it may be left out when there is only one); NEW writes it onto a new entity of
    its own; REJECT writes no fact and returns None. A partial plate cannot be confirmed: it
    is a lead to the candidate vehicles, not a registration the report gives.
    """
    access.require(Permission.RESOLVE_ENTITIES)
    choice = LinkDecision(decision)
    with access.store.begin() as conn:
        row = _report(conn, access, report_id)
        current = _current(conn, row, proposal)
        if choice is LinkDecision.REJECT:
            _reject(conn, access, report_id, current)
            return None
        item = current.item
        if item.partial or item.value is None:
            raise ValueError("a partial plate is a lead, not a fact: it cannot be confirmed")
        if choice is LinkDecision.LINK:
            if entity_id is None and len(current.matches) == 1:
                entity_id = current.matches[0]
            if entity_id is None or entity_id not in current.matches:
                raise ValueError("link to one of the entities that hold the same value")
            target = entity_id
        else:
            target = make_id(item.schema, "report-extract", report_id, item.prop, item.value)
        raw = item.text if item.kind in IDENTIFIER_KINDS else item.value
        add_entity(conn, item.schema, target, {item.prop: raw}, _provenance(row))
        access.log(conn, AuditOperation.COMBINATION, [report_id, target])
    return target
