"""Cuckooing risk per address: a score with its reasons, kept as an assessment.

Rules, not a trained model (method ``safeguard.cuckoo_rules``), so every point of the score has
a reason a user can read and check. Signals, each fading with age (domain rules 3.3):

- reports that mention the address, more so when their sanitised words describe cuckooing;
- what welfare visits found there, or a visit that found nothing with the occupant seen alone;
- people tied to a county line staying there, or a line operating from it;
- the vulnerability of the people who live there, which raises the weight of all the above.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, or_, select, update

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, RiskLevel, VulnerabilityMarker
from linewatch.safeguard.clock import AsOf, aware, cutoff, maybe_aware
from linewatch.safeguard.entities import Canonical, caption, property_values
from linewatch.safeguard.indicators import CUCKOOING_TEXT, found, weight
from linewatch.safeguard.lines import line_ties, unique_evidence
from linewatch.store import make_id, tables, utcnow

CLAIM = "CUCKOOING_RISK"
METHOD = "safeguard.cuckoo_rules"
METHOD_VERSION = "1"

HIGH_AT = 0.6
MEDIUM_AT = 0.35
# Below this an address has too little against it to be worth a visit or a row.
LOW_AT = 0.1
# Raw points at which the score reaches 1 - 1/e (about 0.63).
SCALE = 4.0
HALF_LIFE_DAYS = 90.0

REPORT_BASE = 0.5
REPORT_INDICATOR_CAP = 4.0
VISIT_INDICATOR = 0.75
VISIT_INDICATOR_CAP = 4
OCCUPANT_NOT_SEEN = 0.75
REASSURING_VISIT = -1.0
LINE_PERSON_STAYING = 3.0
LINE_PEOPLE_CAP = 6.0
LINE_OPERATES_FROM = 4.0
VULNERABILITY_GAIN = 0.15
VULNERABILITY_ALONE = 0.5
MARKER_CAP = 4

VULNERABILITY_WEIGHT = {
    VulnerabilityMarker.LIVES_ALONE: 1,
    VulnerabilityMarker.SUBSTANCE_MISUSE: 1,
    VulnerabilityMarker.MENTAL_HEALTH: 1,
    VulnerabilityMarker.LEARNING_DISABILITY: 1,
    VulnerabilityMarker.CARE_NEEDS: 1,
    VulnerabilityMarker.PAST_CUCKOOING: 2,
}


_MARKER_CODES = frozenset(m.value for m in VulnerabilityMarker)


@dataclass(frozen=True)
class CurrentRisk:
    assessment_id: str
    address_id: str
    score: float

    @property
    def level(self) -> RiskLevel:
        return risk_level(self.score)


def current_risks(conn: Connection) -> dict[str, CurrentRisk]:
    """The latest run's cuckooing risk per address (canonical id at the time of the run)."""
    a = tables.assessments
    rows = conn.execute(
        select(a.c.id, a.c.subject_id, a.c.score).where(
            a.c.claim == CLAIM, a.c.method == METHOD, a.c.superseded_at.is_(None)
        )
    ).all()
    return {subject: CurrentRisk(aid, subject, float(score)) for aid, subject, score in rows}


def risk_level(score: float) -> RiskLevel:
    if score >= HIGH_AT:
        return RiskLevel.HIGH
    if score >= MEDIUM_AT:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


@dataclass
class AddressRisk:
    address_id: str
    address: str
    score: float
    level: RiskLevel
    reasons: list[str]
    evidence: list[dict[str, Any]]
    assessment_id: str | None = None


@dataclass
class _Signals:
    reports: float = 0.0
    visits: float = 0.0
    lines: float = 0.0
    markers: int = 0
    reasons: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def raw(self) -> float:
        markers = min(self.markers, MARKER_CAP)
        core = self.reports + self.visits + min(self.lines, LINE_PEOPLE_CAP + LINE_OPERATES_FROM)
        return max(
            0.0,
            core * (1 + VULNERABILITY_GAIN * markers) + VULNERABILITY_ALONE * min(markers, 3),
        )


def _fade(at: datetime, moment: datetime) -> float:
    days = max(0.0, (at - moment).total_seconds() / 86400)
    return float(0.5 ** (days / HALF_LIFE_DAYS))


def _valid(row: Any, at: datetime) -> bool:
    start, end = maybe_aware(row.valid_from), maybe_aware(row.valid_to)
    return (start is None or start <= at) and (end is None or at < end)


def _report_signals(
    conn: Connection, canonical: Canonical, at: datetime, signals: dict[str, _Signals]
) -> None:
    s, e, r = tables.statements, tables.entities, tables.reports
    mentions = conn.execute(
        select(s.c.entity_id, s.c.source_id)
        .join(e, e.c.id == s.c.entity_id)
        .where(e.c.schema == "Address", s.c.source_kind == "report")
        .distinct()
    ).all()
    by_address: dict[str, set[str]] = defaultdict(set)
    for entity_id, source_id in mentions:
        by_address[canonical.of(entity_id)].add(source_id)
    sources = sorted({source for found_ in by_address.values() for source in found_})
    reports: dict[str, Any] = {}
    for start in range(0, len(sources), 500):
        chunk = sources[start : start + 500]
        found_rows = conn.execute(
            select(r.c.id, r.c.reference, r.c.reported_at, r.c.sanitised_text).where(
                or_(r.c.id.in_(chunk), r.c.reference.in_(chunk)), r.c.reported_at < at
            )
        ).all()
        for row in found_rows:
            reports[row.id] = reports[row.reference] = row
    for address, refs in by_address.items():
        mentioned = {reports[ref].id: reports[ref] for ref in refs if ref in reports}
        if not mentioned:
            continue
        entry = signals[address]
        labels: set[str] = set()
        latest = max(aware(row.reported_at) for row in mentioned.values())
        for row in mentioned.values():
            hits = found(CUCKOOING_TEXT, row.sanitised_text)
            labels.update(hit.label for hit in hits)
            points = REPORT_BASE + weight(hits, REPORT_INDICATOR_CAP)
            entry.reports += points * _fade(at, aware(row.reported_at))
            entry.evidence.append({"kind": "report", "id": row.id, "reference": row.reference})
        count = len(mentioned)
        entry.reasons.append(
            f"{count} {'reports mention' if count != 1 else 'report mentions'} the address "
            f"(latest {latest:%d %b %Y})"
            + (f"; they describe: {', '.join(sorted(labels))}" if labels else "")
        )


def _occupant_signals(
    conn: Connection, canonical: Canonical, at: datetime, signals: dict[str, _Signals]
) -> None:
    ln = tables.links
    rows = [
        row
        for row in conn.execute(select(ln).where(ln.c.link_type == "LIVES_AT")).all()
        if _valid(row, at)
    ]
    people = {m for row in rows for m in canonical.members(row.source_id)}
    values = property_values(conn, people, ["vulnerability"])
    occupants: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        person = canonical.of(row.source_id)
        markers = {
            v for m in canonical.members(person) for v in values.get(m, {}).get("vulnerability", ())
        }
        if markers:
            occupants[canonical.of(row.target_id)][person].update(markers)
    for address, by_person in occupants.items():
        entry = signals[address]
        markers = set().union(*by_person.values())
        entry.markers = sum(
            VULNERABILITY_WEIGHT.get(VulnerabilityMarker(m), 0)
            for m in markers
            if m in _MARKER_CODES
        )
        if entry.markers == 0:
            continue
        labels = sorted(VulnerabilityMarker(m).label.lower() for m in markers)
        entry.reasons.append(f"someone living here is vulnerable: {', '.join(labels)}")
        entry.evidence.extend({"kind": "person", "id": p} for p in sorted(by_person))


def _visit_signals(
    conn: Connection, canonical: Canonical, at: datetime, signals: dict[str, _Signals]
) -> None:
    v = tables.visits
    rows = conn.execute(select(v).where(v.c.performed_at.is_not(None), v.c.performed_at < at)).all()
    by_address: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_address[canonical.of(row.address_id)].append(row)
    for address, visits in by_address.items():
        entry = signals[address]
        visits.sort(key=lambda row: aware(row.performed_at))
        latest = visits[-1]
        for row in visits:
            fade = _fade(at, aware(row.performed_at))
            indicators = list(row.indicators or [])
            points = VISIT_INDICATOR * min(len(indicators), VISIT_INDICATOR_CAP)
            if row.occupant_seen is False:
                points += OCCUPANT_NOT_SEEN
            entry.visits += points * fade
            entry.evidence.append({"kind": "visit", "id": row.id})
        indicators = list(latest.indicators or [])
        when = f"{aware(latest.performed_at):%d %b %Y}"
        if indicators:
            words = ", ".join(i.replace("_", " ").lower() for i in indicators)
            entry.reasons.append(f"the last visit ({when}) found: {words}")
        elif latest.occupant_seen_alone:
            entry.visits += REASSURING_VISIT * _fade(at, aware(latest.performed_at))
            entry.reasons.append(f"the last visit ({when}) found nothing; occupant seen alone")
        if latest.occupant_seen is False:
            entry.reasons.append(f"the occupant was not seen at the last visit ({when})")


def _line_signals(
    conn: Connection, canonical: Canonical, at: datetime, signals: dict[str, _Signals]
) -> None:
    ties = line_ties(conn, canonical, at)
    ln = tables.links
    rows = conn.execute(select(ln).where(ln.c.link_type.in_(["STAYS_AT", "OPERATES_FROM"]))).all()
    staying: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if not _valid(row, at):
            continue
        address = canonical.of(row.target_id)
        if row.link_type == "OPERATES_FROM":
            signals[address].lines += LINE_OPERATES_FROM
            signals[address].reasons.append("a source says a county line operates from here")
            signals[address].evidence.append({"kind": "link", "id": row.id})
            continue
        person = canonical.of(row.source_id)
        if person in ties and person not in staying[address]:
            staying[address].add(person)
            entry = signals[address]
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


def score_addresses(conn: Connection, at: datetime) -> list[AddressRisk]:
    """Every address with enough against it, highest risk first (nothing is written)."""
    canonical = Canonical.load(conn)
    signals: dict[str, _Signals] = defaultdict(_Signals)
    _report_signals(conn, canonical, at, signals)
    _visit_signals(conn, canonical, at, signals)
    _line_signals(conn, canonical, at, signals)
    _occupant_signals(conn, canonical, at, signals)
    labels = property_values(
        conn, {m for a in signals for m in canonical.members(a)}, ["full", "postcode"]
    )
    risks = []
    for address, entry in signals.items():
        score = round(1 - math.exp(-entry.raw() / SCALE), 4)
        if score < LOW_AT:
            continue
        merged: dict[str, set[str]] = defaultdict(set)
        for member in canonical.members(address):
            for prop, found_values in labels.get(member, {}).items():
                merged[prop].update(found_values)
        label = ", ".join(x for x in (caption(merged, "full"), caption(merged, "postcode")) if x)
        risks.append(
            AddressRisk(
                address,
                label,
                score,
                risk_level(score),
                entry.reasons,
                unique_evidence(entry.evidence),
            )
        )
    risks.sort(key=lambda r: (-r.score, r.address_id))
    return risks


def assess_cuckooing_risk(access: Access, as_of: AsOf = None) -> list[AddressRisk]:
    """Score every address, replace the previous run's assessments, highest risk first."""
    access.require(Permission.RUN_ANALYSIS)
    at = cutoff(as_of)
    with access.store.begin() as conn:
        risks = score_addresses(conn, at)
        now = utcnow()
        a = tables.assessments
        conn.execute(
            update(a)
            .where(a.c.claim == CLAIM, a.c.method == METHOD, a.c.superseded_at.is_(None))
            .values(superseded_at=now)
        )
        rows = []
        for risk in risks:
            risk.assessment_id = make_id(
                "as", risk.address_id, CLAIM, at.isoformat(), now.isoformat()
            )
            rows.append(
                {
                    "id": risk.assessment_id,
                    "subject_id": risk.address_id,
                    "claim": CLAIM,
                    "score": risk.score,
                    "reasons": [f"risk level {risk.level.value}", *risk.reasons],
                    "evidence": risk.evidence,
                    "method": METHOD,
                    "method_version": METHOD_VERSION,
                    "created_at": now,
                    "created_by": access.actor.id,
                }
            )
        if rows:
            conn.execute(a.insert(), rows)
        access.log(
            conn,
            AuditOperation.COMBINATION,
            [f"assessments:{r['id']}" for r in rows] or [f"claim:{CLAIM}"],
            operation_ref=f"{METHOD}/{METHOD_VERSION}",
        )
    return risks
