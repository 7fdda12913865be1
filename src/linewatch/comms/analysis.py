"""Deal-line analysis: score every busy number, write the flagged ones back as assessments.

The call records are facts and stay in Parquet; the conclusion "this phone is a deal line" is an
``assessments`` row with its score, reasons, the productions it rests on, the figures, and the
method and version. Each run supersedes the previous run's assessments by this method, so the
current view is always one row per flagged phone and the history stays. A flagged line whose
customers moved to another flagged line as it went quiet is a ``LINE_HANDOVER`` assessment on the
new number, naming both numbers, the shared customers and any handset. The phones a flagged line
talks to most become ``CONTACTED`` links weighted by call counts, and every number that calls or
texts a flagged line a ``CONTACTED`` link to it (``contacts``): facts from the productions, which
outlive any assessment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, update

from linewatch import settings
from linewatch.access import Access, Permission
from linewatch.comms.callstore import CallStore
from linewatch.comms.contacts import line_callers, record_contacts
from linewatch.comms.features import ContactCount, Sighting, number_figures, sightings
from linewatch.comms.features import top_contacts as find_top_contacts
from linewatch.comms.handovers import CLAIM as HANDOVER_CLAIM
from linewatch.comms.handovers import METHOD as HANDOVER_METHOD
from linewatch.comms.handovers import METHOD_VERSION as HANDOVER_VERSION
from linewatch.comms.handovers import Handover, find_handovers
from linewatch.comms.numbers import clean_or_error
from linewatch.comms.rules import (
    CLAIM,
    METHOD,
    METHOD_VERSION,
    DealLineRules,
    NumberFigures,
    score,
)
from linewatch.model import AuditOperation
from linewatch.store import Provenance, add_entity, add_link, make_id, tables, utcnow

Progress = Callable[[str], None]


def phone_id(e164: str) -> str:
    """The id of the Phone entity that call data records create for a number."""
    return make_id("Phone", "calls", e164)


@dataclass
class DealLineScore:
    number: str
    phone_id: str
    score: float
    reasons: list[str]
    figures: NumberFigures
    flagged: bool
    assessment_id: str | None = None


@dataclass
class AnalysisResult:
    threshold: float
    scores: list[DealLineScore] = field(default_factory=list)  # every candidate, best first
    assessments_superseded: int = 0
    contacts_linked: int = 0
    callers: int = 0  # (number, line, production) rows of calls and texts to flagged lines
    callers_linked: int = 0  # of those, links new to the store
    productions: list[str] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)
    handover_assessments: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[DealLineScore]:
        return [s for s in self.scores if s.flagged]

    def summary(self) -> str:
        return (
            f"{len(self.flagged)} deal lines flagged of {len(self.scores)} busy numbers scored "
            f"across {len(self.productions)} productions (threshold {self.threshold:g}); "
            f"{self.contacts_linked} contact links recorded; "
            f"{self.callers_linked} new links from the numbers that contact them; "
            f"{len(self.handovers)} line handovers"
        )


def analyse(
    access: Access,
    progress: Progress | None = None,
    *,
    rules: DealLineRules | None = None,
) -> AnalysisResult:
    """Score every busy number in the imported call data and record the deal lines."""
    access.require(Permission.RUN_ANALYSIS)
    say = progress or (lambda _message: None)
    rules = rules or DealLineRules()
    result = AnalysisResult(threshold=float(settings.get("deal_line_threshold")))
    with CallStore() as calls:
        result.productions = calls.productions()
        say(f"Scoring numbers in {len(result.productions)} call data productions")
        for figures in number_figures(calls.con, rules):
            value, reasons = score(figures, rules)
            result.scores.append(
                DealLineScore(
                    figures.number,
                    phone_id(figures.number),
                    value,
                    reasons,
                    figures,
                    flagged=value >= result.threshold,
                )
            )
        result.scores.sort(key=lambda s: (-s.score, s.number))
        lines = [s.number for s in result.flagged]
        say(f"Finding the phones {len(lines)} flagged lines talk to most")
        contacts = find_top_contacts(calls.con, lines, rules) if lines else []
        say("Looking for line handovers between flagged lines")
        result.handovers = find_handovers(calls.con, lines)
        seen = sightings(calls.con, {*lines, *(c.other for c in contacts)})
        say("Listing the numbers that call and text the flagged lines")
        callers = line_callers(calls.con, lines) if lines else []
        result.callers = len(callers)
    say("Recording deal-line assessments")
    with access.store.begin() as conn:
        result.assessments_superseded = _supersede(conn)
        written = _record_phones(conn, seen)
        for item in result.flagged:
            item.assessment_id = _assess(conn, access, item)
        result.contacts_linked = _record_contacts(conn, contacts, seen)
        result.callers_linked = record_contacts(conn, callers, phone_id)
        _supersede(conn, HANDOVER_CLAIM, HANDOVER_METHOD)
        result.handover_assessments = [
            _assess_handover(conn, access, item) for item in result.handovers
        ]
        access.log(
            conn,
            AuditOperation.COMBINATION,
            [
                *written,
                *(s.assessment_id for s in result.flagged if s.assessment_id),
                *result.handover_assessments,
            ],
            operation_ref=f"{METHOD}/{METHOD_VERSION}",
        )
    return result


def _supersede(conn: Connection, claim: str = CLAIM, method: str = METHOD) -> int:
    assessments = tables.assessments
    done = conn.execute(
        update(assessments)
        .where(
            assessments.c.claim == claim,
            assessments.c.method == method,
            assessments.c.superseded_at.is_(None),
        )
        .values(superseded_at=utcnow())
    )
    return max(done.rowcount, 0)


def _provenance(sighting: Sighting) -> Provenance:
    return Provenance(
        source_kind="calls",
        source_id=sighting.production_id,
        dataset=sighting.production_id,
        observed_at=sighting.last_seen,
        is_synthetic=sighting.is_synthetic,
    )


def _record_phones(conn: Connection, seen: Iterable[Sighting]) -> list[str]:
    """A Phone entity per number, with one statement set per production it appears in."""
    ids: list[str] = []
    for sighting in seen:
        # A handset id that fails its check digit is left out of the entity, not guessed at.
        handsets = [h for h in sighting.handsets if clean_or_error("imei", h)[0] is not None]
        entity = add_entity(
            conn,
            "Phone",
            phone_id(sighting.number),
            {"number": sighting.number, "imei": handsets},
            _provenance(sighting),
        )
        ids.append(entity)
    return sorted(set(ids))


def _assess(conn: Connection, access: Access, item: DealLineScore) -> str:
    now = utcnow()
    assessment_id = make_id("as", item.phone_id, CLAIM, METHOD, METHOD_VERSION, now.isoformat())
    evidence: list[dict[str, Any]] = [
        {"kind": "production", "id": p} for p in item.figures.productions
    ]
    evidence.append({"kind": "figures", "id": item.number, "values": item.figures.as_dict()})
    conn.execute(
        tables.assessments.insert().values(
            id=assessment_id,
            subject_id=item.phone_id,
            claim=CLAIM,
            score=item.score,
            reasons=item.reasons,
            evidence=evidence,
            method=METHOD,
            method_version=METHOD_VERSION,
            created_at=now,
            created_by=access.actor.id,
        )
    )
    return assessment_id


def _assess_handover(conn: Connection, access: Access, item: Handover) -> str:
    """A LINE_HANDOVER assessment on the new number, with both numbers and the overlap."""
    now = utcnow()
    subject = phone_id(item.new_number)
    assessment_id = make_id(
        "as", subject, HANDOVER_CLAIM, item.old_number, HANDOVER_VERSION, now.isoformat()
    )
    evidence: list[dict[str, Any]] = [
        {"kind": "phone", "id": phone_id(item.old_number), "number": item.old_number},
        {"kind": "phone", "id": subject, "number": item.new_number},
        *({"kind": "imei", "id": imei} for imei in item.shared_imeis),
        *({"kind": "production", "id": p} for p in item.productions),
        {
            "kind": "figures",
            "id": f"{item.old_number}>{item.new_number}",
            "values": item.evidence_values(),
        },
    ]
    conn.execute(
        tables.assessments.insert().values(
            id=assessment_id,
            subject_id=subject,
            claim=HANDOVER_CLAIM,
            score=item.score,
            reasons=item.reasons(),
            evidence=evidence,
            method=HANDOVER_METHOD,
            method_version=HANDOVER_VERSION,
            created_at=now,
            created_by=access.actor.id,
        )
    )
    return assessment_id


def _record_contacts(conn: Connection, contacts: list[ContactCount], seen: list[Sighting]) -> int:
    synthetic: dict[str, bool] = defaultdict(bool)
    for sighting in seen:
        synthetic[sighting.production_id] |= sighting.is_synthetic
    for contact in contacts:
        add_link(
            conn,
            "CONTACTED",
            phone_id(contact.line),
            phone_id(contact.other),
            Provenance(
                source_kind="calls",
                source_id=contact.production_id,
                dataset=contact.production_id,
                is_synthetic=synthetic[contact.production_id],
            ),
            valid_from=contact.first_call,
            valid_to=contact.last_call,
            weight=float(contact.calls),
        )
    return len(contacts)
