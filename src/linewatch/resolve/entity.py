"""The resolved entity, as the entity page shows it: every value with every source behind it.

Values are grouped, never reconciled: two sources that give different dates of birth both
appear, each with its grading, so the reader weighs them rather than the system.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Connection, RowMapping, or_, select

from linewatch.access import Access, AccessDenied, Permission
from linewatch.model import AuditOperation, domain
from linewatch.resolve.canonical import canonical_id, members
from linewatch.resolve.captions import describe, pick_caption
from linewatch.resolve.judgements import judgements_within
from linewatch.resolve.views import (
    AssessmentView,
    EntityView,
    LinkEvidence,
    LinkView,
    PropertyValue,
    SourceView,
    grading_text,
)
from linewatch.resolve.visibility import Visibility, visibility
from linewatch.store import tables

EC = tables.entity_canonical


def entity_view(access: Access, entity_id: str) -> EntityView:
    """The resolved entity that ``entity_id`` belongs to, with its sources, links and flags.

    A partner's user sees only what came from its own organisation or was disclosed to it,
    and is refused an entity of which it may see nothing.
    """
    access.require(Permission.VIEW_PERSONAL_DATA)
    with access.store.begin() as conn:
        e = tables.entities
        schema = conn.execute(select(e.c.schema).where(e.c.id == entity_id)).scalar()
        if schema is None:
            raise LookupError(f"no such entity: {entity_id}")
        root = canonical_id(conn, entity_id)
        ids = members(conn, root)
        seen = visibility(conn, access)
        properties = _properties(conn, str(schema), ids, seen)
        links = _links(conn, ids, seen)
        shown = ids
        if seen.restricted:
            shown = sorted(
                {s.entity_id for p in properties for s in p.sources}
                | {ev.entity_id for link in links for ev in link.evidence}
            )
            if not shown:
                raise AccessDenied("no record of this entity was submitted by or shared with you")
        counts = {(p.prop, p.value): len(p.sources) for p in properties}
        view = EntityView(
            id=root,
            requested_id=entity_id,
            schema=str(schema),
            schema_label=domain().entity(str(schema)).label,
            caption=pick_caption(str(schema), root, counts),
            properties=properties,
            links=links,
            assessments=_assessments(conn, [*ids, root], seen),
            members=shown,
            judgements=[] if seen.restricted else judgements_within(conn, root),
        )
        access.log(conn, AuditOperation.CONSULTATION, shown)
    return view


def _properties(
    conn: Connection, schema: str, ids: Sequence[str], seen: Visibility
) -> list[PropertyValue]:
    st = tables.statements
    query = select(st).where(st.c.entity_id.in_(ids), seen.sources(st.c.source_id))
    grouped: dict[tuple[str, str], list[SourceView]] = defaultdict(list)
    for row in conn.execute(query.order_by(st.c.observed_at, st.c.id)).mappings():
        grouped[(row["prop"], row["value"])].append(_source(row))
    spec = domain().entity(schema).properties
    order = {prop: i for i, prop in enumerate(spec)}
    keys = sorted(
        grouped, key=lambda k: (order.get(k[0], len(order)), k[0], -len(grouped[k]), k[1])
    )
    return [
        PropertyValue(
            prop, spec[prop].label if prop in spec else prop, value, grouped[(prop, value)]
        )
        for prop, value in keys
    ]


def _source(row: RowMapping) -> SourceView:
    return SourceView(
        entity_id=row["entity_id"],
        statement_id=row["id"],
        source_kind=row["source_kind"],
        source_id=row["source_id"],
        dataset=row["dataset"],
        grading=grading_text(
            row["source_evaluation"], row["intelligence_assessment"], row["handling_code"]
        ),
        source_evaluation=row["source_evaluation"],
        intelligence_assessment=row["intelligence_assessment"],
        handling_code=row["handling_code"],
        classification=row["classification"],
        observed_at=row["observed_at"],
        original_value=row["original_value"],
    )


def _links(conn: Connection, ids: Sequence[str], seen: Visibility) -> list[LinkView]:
    lk = tables.links
    query = select(lk).where(
        or_(lk.c.source_id.in_(ids), lk.c.target_id.in_(ids)), seen.sources(lk.c.evidence_id)
    )
    mine = set(ids)
    rows = list(conn.execute(query.order_by(lk.c.valid_from, lk.c.id)).mappings())
    others = {r["target_id"] if r["source_id"] in mine else r["source_id"] for r in rows}
    query = select(EC.c.entity_id, EC.c.canonical_id).where(EC.c.entity_id.in_(sorted(others)))
    canonical = {str(e): str(c) for e, c in conn.execute(query)}
    grouped: dict[tuple[str, str, str], list[LinkEvidence]] = defaultdict(list)
    for r in rows:
        outgoing = r["source_id"] in mine
        here, there = (
            (r["source_id"], r["target_id"]) if outgoing else (r["target_id"], r["source_id"])
        )
        key = (r["link_type"], "outgoing" if outgoing else "incoming", canonical.get(there, there))
        grouped[key].append(_evidence(r, here, there))
    described = describe(conn, {k[2] for k in grouped}, seen)
    views = []
    for (link_type, direction, other), evidence in grouped.items():
        other_entity = described.get(other)
        starts = [ev.valid_from for ev in evidence if ev.valid_from is not None]
        ends = [ev.valid_to for ev in evidence if ev.valid_to is not None]
        views.append(
            LinkView(
                link_type=link_type,
                label=domain().link(link_type).label,
                direction=direction,
                other_id=other,
                other_schema=other_entity.schema if other_entity else "",
                other_caption=other_entity.caption if other_entity else other,
                valid_from=min(starts) if starts else None,
                valid_to=max(ends) if ends else None,
                evidence=evidence,
            )
        )
    return sorted(views, key=lambda v: (v.link_type, v.direction, v.other_caption, v.other_id))


def _evidence(row: RowMapping, here: str, there: str) -> LinkEvidence:
    return LinkEvidence(
        link_id=row["id"],
        entity_id=here,
        other_entity_id=there,
        evidence_kind=row["evidence_kind"],
        evidence_id=row["evidence_id"],
        dataset=row["dataset"],
        grading=grading_text(
            row["source_evaluation"], row["intelligence_assessment"], row["handling_code"]
        ),
        source_evaluation=row["source_evaluation"],
        intelligence_assessment=row["intelligence_assessment"],
        handling_code=row["handling_code"],
        classification=row["classification"],
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
        weight=row["weight"],
    )


def _assessments(
    conn: Connection, subjects: Sequence[str], seen: Visibility
) -> list[AssessmentView]:
    a = tables.assessments
    query = (
        select(a)
        .where(a.c.subject_id.in_(sorted(set(subjects))), a.c.superseded_at.is_(None))
        .where(seen.records(a.c.id))
        .order_by(a.c.created_at.desc(), a.c.id)
    )
    return [
        AssessmentView(
            id=r["id"],
            subject_id=r["subject_id"],
            claim=r["claim"],
            score=float(r["score"]),
            reasons=list(r["reasons"] or []),
            evidence=list(r["evidence"] or []),
            method=r["method"],
            method_version=r["method_version"],
            created_at=r["created_at"],
            created_by=r["created_by"],
        )
        for r in conn.execute(query).mappings()
    ]
