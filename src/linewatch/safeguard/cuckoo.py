"""Cuckooing risk per address: a score with its reasons, kept as an assessment.

Rules, not a trained model (method ``safeguard.cuckoo_rules``), so every point of the score has
a reason a user can read and check. Signals, each fading with age (domain rules 3.3):

- reports that mention the address (or, for less, only its street), more so when their
  sanitised words describe cuckooing;
- agency records about the people who live there that note cuckooing indicators;
- what welfare visits found there, or a last visit that found nothing, occupant seen alone;
- people tied to a county line staying there, or a line operating from it;
- visitors: ANPR reads of their vehicles and officers' sightings of people tied to a line close
  to the address (where its coordinates are known; see ``visitors``);
- the vulnerability of the people who live there, which raises the weight of all the above.

The gathering lives in ``signals``; here the points become a score, a level and assessments.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, RiskLevel
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import AsOf, cutoff
from linewatch.safeguard.entities import caption, property_values
from linewatch.safeguard.lines import unique_evidence
from linewatch.safeguard.places import fold_same_homes
from linewatch.safeguard.signals import (
    Signals,
    line_signals,
    occupant_signals,
    report_signals,
    visit_signals,
)
from linewatch.safeguard.visitors import visitor_signals
from linewatch.store import make_id, tables, utcnow

CLAIM = "CUCKOOING_RISK"
METHOD = "safeguard.cuckoo_rules"
METHOD_VERSION = "2"

HIGH_AT = 0.6
MEDIUM_AT = 0.35
# Below this an address has too little against it to be worth a visit or a row.
LOW_AT = 0.1
# Raw points at which the score reaches 1 - 1/e (about 0.63).
SCALE = 4.0
LINE_POINTS_CAP = 10.0
VULNERABILITY_GAIN = 0.15
VULNERABILITY_ALONE = 0.5
VULNERABILITY_CAP = 4


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


def raw_points(entry: Signals) -> float:
    """Evidence about the address, raised by the occupants' vulnerability, plus a little for
    the vulnerability alone (a vulnerable person living alone is at risk before anything
    happens)."""
    vulnerability = min(entry.vulnerability, VULNERABILITY_CAP)
    core = (
        entry.reports
        + entry.records
        + entry.visits
        + min(entry.lines, LINE_POINTS_CAP)
        + entry.visitors
    )
    return max(
        0.0,
        core * (1 + VULNERABILITY_GAIN * vulnerability)
        + VULNERABILITY_ALONE * min(vulnerability, 3),
    )


def score_addresses(conn: Connection, at: datetime) -> list[AddressRisk]:
    """Every address with enough against it, highest risk first (nothing is written)."""
    canonical = fold_same_homes(conn, Canonical.load(conn))
    signals: dict[str, Signals] = defaultdict(Signals)
    report_signals(conn, canonical, at, signals)
    occupant_signals(conn, canonical, at, signals)
    visit_signals(conn, canonical, at, signals)
    line_signals(conn, canonical, at, signals)
    visitor_signals(conn, canonical, at, signals)
    labels = property_values(
        conn, {m for a in signals for m in canonical.members(a)}, ["full", "postcode"]
    )
    risks = []
    for address, entry in signals.items():
        score = round(1 - math.exp(-raw_points(entry) / SCALE), 4)
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
