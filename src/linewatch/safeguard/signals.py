"""What is known about each address that bears on cuckooing, gathered for scoring.

Each gatherer adds points, reasons and evidence to a ``Signals`` per canonical address; the
points fade with age (half-life ``HALF_LIFE_DAYS``), so last month counts for more than last
year. ``cuckoo`` turns the totals into a score and a level.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from linewatch.collect import partner_record_id
from linewatch.model import VulnerabilityMarker
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import aware, valid_at
from linewatch.safeguard.entities import property_values
from linewatch.safeguard.indicators import CUCKOOING_TEXT, found, weight
from linewatch.safeguard.lines import line_ties
from linewatch.safeguard.places import AddressIndex, PlaceMatch
from linewatch.store import tables

HALF_LIFE_DAYS = 90.0
REPORT_BASE = 0.5
REPORT_INDICATOR_CAP = 4.0
# A report naming only the street counts for less than one naming the house.
STREET_FACTOR = 0.5
RECORD_INDICATOR_CAP = 3.0
VISIT_INDICATOR = 0.75
VISIT_INDICATOR_CAP = 4
OCCUPANT_NOT_SEEN = 0.75
REASSURING_VISIT = -0.75
LINE_PERSON_STAYING = 3.0
LINE_OPERATES_FROM = 4.0

VULNERABILITY_WEIGHT = {
    VulnerabilityMarker.LIVES_ALONE.value: 1,
    VulnerabilityMarker.SUBSTANCE_MISUSE.value: 1,
    VulnerabilityMarker.MENTAL_HEALTH.value: 1,
    VulnerabilityMarker.LEARNING_DISABILITY.value: 1,
    VulnerabilityMarker.CARE_NEEDS.value: 1,
    VulnerabilityMarker.PAST_CUCKOOING.value: 2,
}


@dataclass
class Signals:
    reports: float = 0.0
    records: float = 0.0
    visits: float = 0.0
    lines: float = 0.0
    visitors: float = 0.0
    vulnerability: int = 0
    reasons: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


def fade(at: datetime, moment: datetime) -> float:
    days = max(0.0, (at - moment).total_seconds() / 86400)
    return float(0.5 ** (days / HALF_LIFE_DAYS))


def _town(location_text: str | None) -> str | None:
    parts = [p.strip() for p in (location_text or "").split(",") if p.strip()]
    return parts[-1] if len(parts) > 1 else None


@dataclass
class _Mentions:
    direct: dict[str, Any] = field(default_factory=dict)
    street: dict[str, tuple[Any, int]] = field(default_factory=dict)


def report_signals(
    conn: Connection, canonical: Canonical, at: datetime, signals: dict[str, Signals]
) -> None:
    """Reports before ``at`` that mention an address, or only its street or postcode.

    A report's place is what it mentions (Address entities) and, failing a match there, the
    free-text location it was filed under.
    """
    s, e, r = tables.statements, tables.entities, tables.reports
    mentions = conn.execute(
        select(s.c.entity_id, s.c.prop, s.c.value, s.c.source_id)
        .join(e, e.c.id == s.c.entity_id)
        .where(e.c.schema == "Address", s.c.source_kind == "report")
    ).all()
    reports = {
        row.id: row
        for row in conn.execute(
            select(
                r.c.id, r.c.reference, r.c.reported_at, r.c.sanitised_text, r.c.location_text
            ).where(r.c.reported_at < at)
        ).all()
    }
    index = AddressIndex.load(conn, canonical)
    by_address: dict[str, _Mentions] = defaultdict(_Mentions)

    def place(report: Any, matches: list[PlaceMatch]) -> None:
        for match in matches:
            entry = by_address[match.address_id]
            if not match.street_only:
                entry.direct[report.id] = report
            elif report.id not in entry.direct:
                entry.street[report.id] = (report, match.shared_by)

    for mention in mentions:
        report = reports.get(mention.source_id)
        if report is None:
            continue
        address = canonical.of(mention.entity_id)
        if address in index.keys:
            place(report, [PlaceMatch(address, street_only=False)])
        elif mention.prop == "full":
            place(report, index.match(mention.value, _town(report.location_text)))
        elif mention.prop == "postcode":
            place(report, index.at_postcode(mention.value))
    placed = {rid for entry in by_address.values() for rid in (*entry.direct, *entry.street)}
    for report in reports.values():
        town = _town(report.location_text)
        # A location of one part ("Ketton") names a town, which says nothing about a home.
        if report.id not in placed and town is not None:
            place(report, index.match(report.location_text.split(",")[0], town))
    for address, entry in by_address.items():
        _add_reports(signals[address], entry, at)


def _add_reports(signals: Signals, entry: _Mentions, at: datetime) -> None:
    for street_only, reports in (
        (False, [(report, 1) for report in entry.direct.values()]),
        (True, [v for k, v in entry.street.items() if k not in entry.direct]),
    ):
        if not reports:
            continue
        labels: set[str] = set()
        for report, shared_by in reports:
            hits = found(CUCKOOING_TEXT, report.sanitised_text)
            labels.update(hit.label for hit in hits)
            points = (REPORT_BASE + weight(hits, REPORT_INDICATOR_CAP)) * fade(
                at, aware(report.reported_at)
            )
            signals.reports += points * (STREET_FACTOR / shared_by if street_only else 1.0)
            signals.evidence.append(
                {"kind": "report", "id": report.id, "reference": report.reference}
            )
        count = len(reports)
        latest = max(aware(report.reported_at) for report, _ in reports)
        subject = "the address's street or postcode" if street_only else "the address"
        said = f"{count} {'reports mention' if count != 1 else 'report mentions'} {subject}"
        signals.reasons.append(
            f"{said} (latest {latest:%d %b %Y})"
            + (f"; they describe: {', '.join(sorted(labels))}" if labels else "")
        )


def occupant_signals(
    conn: Connection, canonical: Canonical, at: datetime, signals: dict[str, Signals]
) -> None:
    """The vulnerability of the people living at each address, and what their records say."""
    ln, pr = tables.links, tables.partner_records
    rows = [
        row
        for row in conn.execute(select(ln).where(ln.c.link_type == "LIVES_AT")).all()
        if valid_at(row, at)
    ]
    people = {m for row in rows for m in canonical.members(row.source_id)}
    values = property_values(conn, people, ["vulnerability"])
    record_ids = {
        row.id: partner_record_id(*row.evidence_id.split(":", 1))
        for row in rows
        if row.evidence_kind == "record" and ":" in row.evidence_id
    }
    concerns = {
        rec.id: rec
        for rec in conn.execute(
            select(pr.c.id, pr.c.organisation, pr.c.content, pr.c.recorded_at).where(
                pr.c.id.in_(sorted(set(record_ids.values()))), pr.c.recorded_at < at
            )
        ).all()
    }
    markers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    said: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in rows:
        address, person = canonical.of(row.target_id), canonical.of(row.source_id)
        for member in canonical.members(person):
            markers[address][person].update(values.get(member, {}).get("vulnerability", ()))
        record = concerns.get(record_ids.get(row.id, ""))
        if record is not None:
            said[address][record.id] = record
    for address in set(markers) | set(said):
        entry = signals[address]
        found_markers = set().union(*markers[address].values()) if markers[address] else set()
        entry.vulnerability = sum(VULNERABILITY_WEIGHT.get(m, 0) for m in found_markers)
        if entry.vulnerability:
            labels = sorted(VulnerabilityMarker(m).label.lower() for m in found_markers)
            entry.reasons.append(f"someone living here is vulnerable: {', '.join(labels)}")
            entry.evidence.extend(
                {"kind": "person", "id": p} for p, m in sorted(markers[address].items()) if m
            )
        _add_records(entry, list(said[address].values()), at)


def _add_records(entry: Signals, records: list[Any], at: datetime) -> None:
    labels: set[str] = set()
    organisations: set[str] = set()
    for record in records:
        hits = found(CUCKOOING_TEXT, record.content)
        if not hits:
            continue
        labels.update(hit.label for hit in hits)
        organisations.add(record.organisation)
        entry.records += weight(hits, RECORD_INDICATOR_CAP) * fade(at, aware(record.recorded_at))
        entry.evidence.append({"kind": "partner_record", "id": record.id})
    if labels:
        entry.reasons.append(
            f"records of {', '.join(sorted(organisations))} about people living here note: "
            + ", ".join(sorted(labels))
        )


def visit_signals(
    conn: Connection, canonical: Canonical, at: datetime, signals: dict[str, Signals]
) -> None:
    """What welfare visits found; a visit that found nothing, the occupant seen alone,
    reassures."""
    v = tables.visits
    rows = conn.execute(select(v).where(v.c.performed_at.is_not(None), v.c.performed_at < at)).all()
    by_address: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_address[canonical.of(row.address_id)].append(row)
    for address, visits in by_address.items():
        entry = signals[address]
        visits.sort(key=lambda row: aware(row.performed_at))
        for row in visits:
            indicators = list(row.indicators or [])
            points = VISIT_INDICATOR * min(len(indicators), VISIT_INDICATOR_CAP)
            if row.occupant_seen is False:
                points += OCCUPANT_NOT_SEEN
            elif row.occupant_seen_alone and not indicators:
                points += REASSURING_VISIT
            entry.visits += points * fade(at, aware(row.performed_at))
            entry.evidence.append({"kind": "visit", "id": row.id})
        latest = visits[-1]
        indicators = list(latest.indicators or [])
        when = f"{aware(latest.performed_at):%d %b %Y}"
        if indicators:
            words = ", ".join(i.replace("_", " ").lower() for i in indicators)
            entry.reasons.append(f"the last visit ({when}) found: {words}")
        elif latest.occupant_seen_alone:
            entry.reasons.append(f"the last visit ({when}) found nothing; occupant seen alone")
        if latest.occupant_seen is False:
            entry.reasons.append(f"the occupant was not seen at the last visit ({when})")
        earlier = [row for row in visits[:-1] if row.indicators]
        if earlier:
            entry.reasons.append(
                f"{len(earlier)} of {len(visits) - 1} earlier visits found indicators"
            )


def line_signals(
    conn: Connection, canonical: Canonical, at: datetime, signals: dict[str, Signals]
) -> None:
    """People tied to a county line staying at an address, or a line operating from it."""
    ties = line_ties(conn, canonical, at)
    ln = tables.links
    rows = conn.execute(select(ln).where(ln.c.link_type.in_(["STAYS_AT", "OPERATES_FROM"]))).all()
    staying: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if not valid_at(row, at):
            continue
        address = canonical.of(row.target_id)
        entry = signals[address]
        if row.link_type == "OPERATES_FROM":
            entry.lines += LINE_OPERATES_FROM
            entry.reasons.append("a source says a county line operates from here")
            entry.evidence.append({"kind": "link", "id": row.id})
            continue
        person = canonical.of(row.source_id)
        if person in ties and person not in staying[address]:
            staying[address].add(person)
            entry.lines += LINE_PERSON_STAYING
            entry.evidence.append({"kind": "link", "id": row.id})
            entry.evidence.append({"kind": "person", "id": person})
            entry.evidence.extend(ties[person].evidence)
    for address, people in staying.items():
        count = len(people)
        signals[address].reasons.append(
            f"{count} {'people' if count != 1 else 'person'} tied to a county line "
            f"stay{'s' if count == 1 else ''} here"
        )
