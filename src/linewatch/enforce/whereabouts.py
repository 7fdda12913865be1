"""Where a bailed person was by other means than their vehicles, and who they were with.

Sources, each graded as held: officer sightings (``enforce.sightings``), intelligence reports
that mention the person and give a place and time, and the serving cells of the phones
attributed to them (USES_PHONE links; the call records are read through the comms package).
They are tested against the live conditions of the person's bail:

- exclusion area, exclusion address and curfew: sightings, through the geofences; reports
  for areas and addresses only, their times being too loose for curfew hours;
- exclusion area only, for cell sites: a serving cell places a phone within kilometres, too
  coarse for an address radius or for being at home during a curfew;
- non-contact: a sighting or report of the person with the named person, a call or text
  between their phones, or their phones on the same cell within minutes.

One alert per person, condition, day and kind of source, so re-running adds nothing and each
alert's evidence is of one kind with its grading. Every alert is a possible breach for an
officer to decide on (domain rules 4.2).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Connection, select

from linewatch import geo
from linewatch.access import Access
from linewatch.enforce.alerts import Alert, load_alert
from linewatch.enforce.contacts import PhoneBook, Seen, phone_contacts, phone_whereabouts
from linewatch.enforce.geofence import ADDRESS, AREA, CURFEW, Fence, fence_hits
from linewatch.model import AuditOperation, BailConditionType
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import aware, maybe_aware
from linewatch.safeguard.entities import person_by_reference
from linewatch.safeguard.rows import raise_alert
from linewatch.store import tables, utcnow

KIND = "POSSIBLE_BAIL_BREACH"
METHOD = "enforce.whereabouts"
METHOD_VERSION = "1"
NON_CONTACT = BailConditionType.NON_CONTACT.value
PLACE_KINDS = (AREA, ADDRESS, CURFEW)
LOCAL = ZoneInfo("Europe/London")
SOURCE_LABELS = {
    "sighting": "an officer's sighting",
    "report": "an intelligence report",
    "cell_site": "the serving cell of a phone attributed to them",
    "phone_contact": "their phones",
}


@dataclass(frozen=True)
class Condition:
    id: str
    bail_id: str
    person: str  # canonical id
    kind: str
    params: dict[str, Any]
    start: datetime
    end: datetime | None
    named: str | None = None  # canonical id of the person not to contact

    def live_at(self, moment: datetime) -> bool:
        return self.start <= moment and (self.end is None or moment < self.end)


def _conditions(conn: Connection, canonical: Canonical, until: datetime) -> list[Condition]:
    b, c = tables.bail_records, tables.bail_conditions
    rows = conn.execute(
        select(c, b.c.person_id, b.c.bail_start, b.c.ended_at)
        .join(b, b.c.id == c.c.bail_id)
        .where(c.c.condition_type.in_((*PLACE_KINDS, NON_CONTACT)), b.c.bail_start < until)
        .order_by(c.c.id)
    ).mappings()
    out = []
    for row in rows:
        params = dict(row["params"] or {})
        ends = [e for e in (maybe_aware(row["ended_at"]), maybe_aware(row["valid_to"])) if e]
        named = None
        if row["condition_type"] == NON_CONTACT:
            named = params.get("person_id") or (
                person_by_reference(conn, str(params["person_ref"]))
                if params.get("person_ref")
                else None
            )
            if named is None:
                continue
            named = canonical.of(str(named))
        out.append(
            Condition(
                row["id"],
                row["bail_id"],
                canonical.of(row["person_id"]),
                row["condition_type"],
                params,
                max(aware(row["bail_start"]), aware(row["valid_from"])),
                min(ends) if ends else None,
                named,
            )
        )
    return out


def _grading(row: Any) -> str:
    return "".join(
        row[k] or "-" for k in ("source_evaluation", "intelligence_assessment", "handling_code")
    )


def _sightings(
    conn: Connection, canonical: Canonical, people: set[str], since: datetime, until: datetime
) -> list[Seen]:
    s = tables.sightings
    members = sorted({m for p in people for m in canonical.members(p)})
    rows = conn.execute(
        select(s).where(
            (s.c.person_id.in_(members)) | (s.c.with_person_id.in_(members)),
            s.c.seen_at >= since,
            s.c.seen_at < until,
        )
    ).mappings()
    out = []
    for row in rows:
        seen = canonical.of(row["person_id"])
        other = canonical.of(row["with_person_id"]) if row["with_person_id"] else None
        evidence = {
            "kind": "sighting",
            "id": row["id"],
            "seen_at": aware(row["seen_at"]).isoformat(),
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            "location": row["location_text"],
            "recorded_by": row["recorded_by"],
            "grading": _grading(row),
        }
        pairs = [(seen, other)] + ([(other, seen)] if other else [])
        for person, company in pairs:
            if person in people:
                out.append(
                    Seen(
                        person,
                        aware(row["seen_at"]),
                        "sighting",
                        evidence,
                        row["latitude"],
                        row["longitude"],
                        frozenset({company}) if company else frozenset(),
                    )
                )
    return out


def _reports(
    conn: Connection, canonical: Canonical, people: set[str], since: datetime, until: datetime
) -> list[Seen]:
    """Reports mentioning a bailed person that say when it happened."""
    st, r = tables.statements, tables.reports
    members = {m: p for p in people for m in canonical.members(p)}
    mentions: dict[str, set[str]] = defaultdict(set)
    for entity_id, report_id in conn.execute(
        select(st.c.entity_id, st.c.source_id)
        .where(st.c.source_kind == "report", st.c.entity_id.in_(sorted(members)))
        .distinct()
    ):
        mentions[report_id].add(members[entity_id])
    if not mentions:
        return []
    # Everyone a report mentions, bailed or not: the company a bailed person was in.
    everyone: dict[str, set[str]] = defaultdict(set)
    out = []
    ids = sorted(mentions)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        e = tables.entities
        for entity_id, report_id in conn.execute(
            select(st.c.entity_id, st.c.source_id)
            .join(e, e.c.id == st.c.entity_id)
            .where(st.c.source_kind == "report", st.c.source_id.in_(chunk), e.c.schema == "Person")
            .distinct()
        ):
            everyone[report_id].add(canonical.of(entity_id))
        rows = conn.execute(
            select(r).where(
                r.c.id.in_(chunk),
                r.c.occurred_at.is_not(None),
                r.c.occurred_at >= since,
                r.c.occurred_at < until,
            )
        ).mappings()
        for row in rows:
            evidence = {
                "kind": "report",
                "id": row["id"],
                "reference": row["reference"],
                "occurred_at": aware(row["occurred_at"]).isoformat(),
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "location": row["location_text"],
                "grading": _grading(row),
            }
            for person in sorted(mentions[row["id"]]):
                out.append(
                    Seen(
                        person,
                        aware(row["occurred_at"]),
                        "report",
                        evidence,
                        row["latitude"],
                        row["longitude"],
                        frozenset(everyone[row["id"]] - {person}),
                    )
                )
    return out


def _cell_sites(
    access: Access, book: PhoneBook, people: set[str], since: datetime, until: datetime
) -> list[Seen]:
    out = []
    for person in sorted(people):
        for phone in book.phones_of(person):
            for cell in phone_whereabouts(access, phone.number, since):
                local = datetime.combine(cell.day, time(cell.hour), LOCAL)
                moment = local.astimezone(UTC)
                if moment >= until or cell.latitude is None or cell.longitude is None:
                    continue
                evidence = {
                    "kind": "cell_site",
                    "id": f"{phone.number}@{cell.cell_id}:{moment.isoformat()}",
                    "number": phone.number,
                    "cell_id": cell.cell_id,
                    "hour_from": moment.isoformat(),
                    "events": cell.events,
                    "latitude": cell.latitude,
                    "longitude": cell.longitude,
                    "link_id": phone.link_id,
                    "grading": phone.grading,
                }
                out.append(
                    Seen(person, moment, "cell_site", evidence, cell.latitude, cell.longitude)
                )
    return out


def _place_hits(conditions: list[Condition], seen: list[Seen]) -> list[tuple[Condition, Seen]]:
    placed = [s for s in seen if s.latitude is not None and s.longitude is not None]
    fenced = [c for c in conditions if c.kind in PLACE_KINDS]
    if not placed or not fenced:
        return []
    people = sorted({c.person for c in fenced})
    index = {p: i for i, p in enumerate(people)}
    fences = []
    kept = []
    for c in fenced:
        p = c.params
        try:
            if c.kind == AREA:
                fence = Fence(
                    index[c.person], AREA, 0, 0, geo.named_area(str(p.get("area", ""))).geometry
                )
            else:
                lat, lon, radius = float(p["latitude"]), float(p["longitude"]), float(p["radius_m"])
                hours = (int(p.get("from_hour", 0)), int(p.get("to_hour", 0)))
                fence = Fence(index[c.person], c.kind, 0, 0, None, lat, lon, radius, *hours)
        except (KeyError, TypeError, ValueError):
            continue  # a condition without a usable place is shown on the bail page, not tested
        start = c.start.timestamp()
        end = c.end.timestamp() if c.end else float("inf")
        fences.append(Fence(**{**fence.__dict__, "start": start, "end": end}))
        kept.append(c)
    candidates = [s for s in placed if s.person in index]
    if not candidates or not fences:
        return []
    reads, hits = fence_hits(
        fences,
        np.array([index[s.person] for s in candidates], dtype=np.int64),
        np.array([s.latitude for s in candidates], dtype=np.float64),
        np.array([s.longitude for s in candidates], dtype=np.float64),
        np.array([s.moment.timestamp() for s in candidates], dtype=np.float64),
    )
    out = []
    for r, f in zip(reads.tolist(), hits.tolist(), strict=True):
        found = candidates[r]
        condition = kept[f]
        # A serving cell is too coarse for an address radius or a curfew at home, and a
        # report's time (often a day, or "that evening") too loose for curfew hours.
        if found.source == "cell_site" and condition.kind != AREA:
            continue
        if found.source == "report" and condition.kind == CURFEW:
            continue
        out.append((condition, found))
    return out


def _contact_hits(conditions: list[Condition], seen: list[Seen]) -> list[tuple[Condition, Seen]]:
    out = []
    for c in conditions:
        if c.kind != NON_CONTACT or c.named is None:
            continue
        for s in seen:
            if s.person == c.person and c.named in s.company and c.live_at(s.moment):
                out.append((c, s))
    return out


def _summary(condition: Condition, source: str, day: date, found: list[Seen]) -> str:
    what = {
        AREA: f"in the excluded area {condition.params.get('area', '')}",
        ADDRESS: f"within {condition.params.get('radius_m', '?')} m of the excluded address",
        CURFEW: "away from home during curfew hours",
        NON_CONTACT: "in contact with the person they must not contact",
    }[condition.kind]
    return (
        f"Possible breach of the {condition.kind.replace('_', ' ').lower()} condition of bail "
        f"{condition.bail_id}: {SOURCE_LABELS[source]} place{'s' if len(found) != 1 else ''} "
        f"the bailed person {what} on {day:%d %b %Y} ({len(found)} record"
        f"{'s' if len(found) != 1 else ''}). An officer must decide whether this is a breach."
    )


def detect_whereabouts_breaches(access: Access, until: datetime) -> list[Alert]:
    """Raise alerts from sightings, reports, cell sites and phone contact; called by
    ``detect_breaches``, which has checked the caller may run analyses."""
    with access.store.begin() as conn:
        canonical = Canonical.load(conn)
        conditions = _conditions(conn, canonical, until)
        if not conditions:
            return []
        people = {c.person for c in conditions}
        since = min(c.start for c in conditions)
        seen = _sightings(conn, canonical, people, since, until)
        seen += _reports(conn, canonical, people, since, until)
        book = PhoneBook.load(conn, canonical, people | {c.named for c in conditions if c.named})
    # The call records are read outside the transaction: each read logs its own consultation.
    if book.has_phones() and any(c.kind == AREA for c in conditions):
        seen += _cell_sites(
            access, book, {c.person for c in conditions if c.kind == AREA}, since, until
        )
    pairs = {(c.person, c.named) for c in conditions if c.kind == NON_CONTACT and c.named}
    if pairs and book.has_phones():
        seen += phone_contacts(access, book, pairs, since, until)
    grouped: dict[tuple[str, str, str], list[Seen]] = defaultdict(list)
    for condition, one in _place_hits(conditions, seen) + _contact_hits(conditions, seen):
        grouped[(condition.id, one.moment.date().isoformat(), one.source)].append(one)
    if not grouped:
        return []
    by_id = {c.id: c for c in conditions}
    alerts = []
    with access.store.begin() as conn:
        for (condition_id, day, source), found in sorted(grouped.items()):
            condition = by_id[condition_id]
            items = {(s.evidence["kind"], s.evidence["id"]): s.evidence for s in found}
            evidence = [items[k] for k in sorted(items)]
            evidence.append({"kind": "bail_record", "id": condition.bail_id})
            evidence.append(
                {
                    "kind": "bail_condition",
                    "id": condition.id,
                    "bail_id": condition.bail_id,
                    "condition_type": condition.kind,
                    "area": condition.params.get("area"),
                    "valid_from": condition.start.isoformat(),
                    "valid_to": condition.end.isoformat() if condition.end else None,
                }
            )
            evidence.append({"kind": "method", "id": METHOD, "version": METHOD_VERSION})
            alert_id, is_new = raise_alert(
                conn,
                kind=KIND,
                subject_id=condition.person,
                dedupe_key=f"{KIND}:{condition.person}:{condition_id}:{day}:{source}",
                summary=_summary(condition, source, date.fromisoformat(day), found),
                evidence=evidence,
                method=METHOD,
                raised_at=utcnow(),
            )
            alerts.append(load_alert(conn, alert_id, is_new=is_new))
        access.log(conn, AuditOperation.COMBINATION, [f"alerts:{a.id}" for a in alerts])
    return alerts
