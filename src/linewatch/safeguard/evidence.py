"""Evidence references, as assessments and markers store them, opened into what a person reads:
the report's words, the agency's concern, what a visit found, who a link joins."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from linewatch.safeguard.clock import maybe_aware
from linewatch.safeguard.entities import caption, property_values
from linewatch.store import tables

# The order, and the heading, of each kind of evidence on a page.
GROUPS = (
    ("report", "Reports"),
    ("partner_record", "Partner records and concerns"),
    ("person", "People living or staying there"),
    ("link", "Links from sources: people tied to a line, phones, vehicles, addresses"),
    ("anpr_read", "Visitors: ANPR reads near the address"),
    ("sighting", "Visitors: officers' sightings near the address"),
    ("assessment", "Assessments it draws on (deal lines)"),
    ("visit", "Welfare visits"),
    ("closure", "Closure notices and orders"),
)


@dataclass
class Item:
    kind: str
    id: str
    title: str
    when: datetime | None = None
    text: str | None = None
    href: str | None = None
    detail: list[str] = field(default_factory=list)


def _reports(conn: Connection, ids: list[str]) -> dict[str, Item]:
    r = tables.reports
    out = {}
    for row in conn.execute(select(r).where(r.c.id.in_(ids))).all():
        grading = "".join(
            x or "" for x in (row.source_evaluation, row.intelligence_assessment, row.handling_code)
        )
        out[row.id] = Item(
            "report",
            row.id,
            f"Report {row.reference} ({row.channel.replace('_', ' ').lower()})",
            maybe_aware(row.reported_at),
            row.sanitised_text,
            None,
            [f"grading {grading or 'not graded'}"],
        )
    return out


def _records(conn: Connection, ids: list[str]) -> dict[str, Item]:
    p = tables.partner_records
    out = {}
    for row in conn.execute(select(p).where(p.c.id.in_(ids))).all():
        out[row.id] = Item(
            "partner_record",
            row.id,
            f"{row.organisation}: {row.record_type.replace('_', ' ')} record",
            maybe_aware(row.recorded_at),
            row.content or "No concern written",
        )
    return out


def _visits(conn: Connection, ids: list[str]) -> dict[str, Item]:
    v = tables.visits
    out = {}
    for row in conn.execute(select(v).where(v.c.id.in_(ids))).all():
        found = ", ".join(i.replace("_", " ").lower() for i in (row.indicators or []))
        seen = (
            "occupant not seen"
            if row.occupant_seen is False
            else "occupant seen alone"
            if row.occupant_seen_alone
            else "occupant seen, not alone"
        )
        out[row.id] = Item(
            "visit",
            row.id,
            f"Visit by {row.performed_by or 'an officer'}",
            maybe_aware(row.performed_at or row.scheduled_for),
            row.outcome,
            None,
            [seen, f"signs found: {found or 'none'}"],
        )
    return out


def _captions(conn: Connection, ids: set[str]) -> dict[str, str]:
    values = property_values(conn, ids, ["name", "street_name", "full", "postcode", "number"])
    return {i: caption(values.get(i, {}), "name", "street_name", "full", "number") for i in ids}


def _links(conn: Connection, ids: list[str]) -> dict[str, Item]:
    ln = tables.links
    rows = conn.execute(select(ln).where(ln.c.id.in_(ids))).all()
    names = _captions(conn, {r.source_id for r in rows} | {r.target_id for r in rows})
    out = {}
    for row in rows:
        words = row.link_type.replace("_", " ").lower()
        source = names.get(row.source_id) or row.source_id
        target = names.get(row.target_id) or row.target_id
        out[row.id] = Item(
            "link",
            row.id,
            f"{source} {words} {target}",
            maybe_aware(row.valid_from),
            None,
            f"/entities/{row.source_id}",
            [f"from {row.evidence_kind} {row.evidence_id}"],
        )
    return out


def _people(conn: Connection, ids: list[str]) -> dict[str, Item]:
    values = property_values(conn, ids, ["name", "street_name", "vulnerability"])
    out = {}
    for person in ids:
        props = values.get(person, {})
        markers = sorted(props.get("vulnerability", set()))
        out[person] = Item(
            "person",
            person,
            caption(props, "name", "street_name") or "Name not known",
            None,
            None,
            f"/entities/{person}",
            [m.replace("_", " ").lower() for m in markers],
        )
    return out


def _assessments(conn: Connection, ids: list[str]) -> dict[str, Item]:
    a = tables.assessments
    out = {}
    for row in conn.execute(select(a).where(a.c.id.in_(ids))).all():
        out[row.id] = Item(
            "assessment",
            row.id,
            f"{row.claim.replace('_', ' ').capitalize()} (score {float(row.score):.2f})",
            maybe_aware(row.created_at),
            None,
            f"/entities/{row.subject_id}",
            [f"method {row.method} v{row.method_version}"],
        )
    return out


def _reads(conn: Connection, ids: list[str]) -> dict[str, Item]:
    r = tables.anpr_reads
    out = {}
    for row in conn.execute(select(r).where(r.c.id.in_(ids))).all():
        out[row.id] = Item(
            "anpr_read",
            row.id,
            f"{row.vrm} read at {row.site or row.camera_id}",
            maybe_aware(row.read_at),
            None,
            None,
            [f"camera {row.camera_id}", f"{row.latitude:.5f}, {row.longitude:.5f}"],
        )
    return out


def _sightings(conn: Connection, ids: list[str]) -> dict[str, Item]:
    g = tables.sightings
    rows = conn.execute(select(g).where(g.c.id.in_(ids))).all()
    names = _captions(conn, {r.person_id for r in rows})
    out = {}
    for row in rows:
        out[row.id] = Item(
            "sighting",
            row.id,
            f"{names.get(row.person_id) or 'A person'} seen by {row.recorded_by}",
            maybe_aware(row.seen_at),
            row.notes,
            f"/entities/{row.person_id}",
            [row.location_text or f"{row.latitude:.5f}, {row.longitude:.5f}"],
        )
    return out


OPENERS = {
    "anpr_read": _reads,
    "sighting": _sightings,
    "report": _reports,
    "partner_record": _records,
    "visit": _visits,
    "link": _links,
    "person": _people,
    "assessment": _assessments,
}


def open_evidence(conn: Connection, refs: list[dict[str, Any]]) -> list[tuple[str, list[Item]]]:
    """The references grouped by kind (in ``GROUPS`` order), each opened; a reference whose
    record is gone is still listed, by id."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for ref in refs:
        kind, ref_id = str(ref.get("kind")), str(ref.get("id"))
        if ref_id not in by_kind[kind]:
            by_kind[kind].append(ref_id)
    out = []
    headings = dict(GROUPS)
    for kind in [k for k, _ in GROUPS] + sorted(set(by_kind) - set(headings)):
        ids = by_kind.get(kind)
        if not ids:
            continue
        opener = OPENERS.get(kind)
        opened = opener(conn, ids) if opener else {}
        items = [opened.get(i) or Item(kind, i, f"{kind.replace('_', ' ')} {i}") for i in ids]
        # Latest first; an item with no date keeps its place after the dated ones.
        items.sort(
            key=lambda item: item.when.timestamp() if item.when else float("-inf"), reverse=True
        )
        out.append((headings.get(kind, kind.replace("_", " ").capitalize()), items))
    return out
