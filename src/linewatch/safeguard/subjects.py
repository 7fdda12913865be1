"""People to safeguard: children exploited by lines, and vulnerable adults in cuckooed homes.

Safeguarding comes first in every queue. A child tied to a county line is a suspect and a
victim at once; the list never asks which. A person tied to a line whose age is unknown may be
a child (MSA 2015 s.51), so they are listed and prompted for referral like a child.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from linewatch.access import Access, Permission
from linewatch.collect import partner_record_id
from linewatch.model import ReferralType, RiskLevel, VulnerabilityMarker
from linewatch.safeguard.age import AgeStatus, age_status
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import AsOf, aware, cutoff, valid_at
from linewatch.safeguard.cuckoo import current_risks
from linewatch.safeguard.entities import caption, property_values
from linewatch.safeguard.indicators import EXPLOITATION_TEXT, found
from linewatch.safeguard.lines import line_ties, unique_evidence
from linewatch.safeguard.places import fold_same_homes
from linewatch.store import tables

CHILD = "CHILD"
VULNERABLE_ADULT = "VULNERABLE_ADULT"
CHILD_ROUTES = frozenset({ReferralType.CHILDRENS_SOCIAL_CARE.value, ReferralType.NRM.value})
ADULT_ROUTES = frozenset(
    {
        ReferralType.ADULT_SOCIAL_CARE.value,
        ReferralType.NRM.value,
        ReferralType.DUTY_TO_NOTIFY.value,
    }
)
CUCKOOED_LEVELS = frozenset({RiskLevel.HIGH, RiskLevel.MEDIUM})


@dataclass
class SafeguardingSubject:
    person_id: str
    name: str
    category: str
    age: int | None
    is_child: bool
    presumed_child: bool
    age_basis: str
    reasons: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    referral_ids: list[str] = field(default_factory=list)
    prompt_referral: bool = False

    @property
    def referral_exists(self) -> bool:
        return bool(self.referral_ids)


@dataclass
class _Candidate:
    reasons: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    tied_to_line: bool = False
    child_signal: bool = False
    cuckooed_home: bool = False
    markers: set[str] = field(default_factory=set)


def _report_mentions(
    conn: Connection, canonical: Canonical, at: datetime, candidates: dict[str, _Candidate]
) -> None:
    s, e, r = tables.statements, tables.entities, tables.reports
    rows = conn.execute(
        select(s.c.entity_id, r.c.id, r.c.reference, r.c.sanitised_text)
        .join(e, e.c.id == s.c.entity_id)
        .join(r, r.c.id == s.c.source_id)
        .where(e.c.schema == "Person", s.c.source_kind == "report", r.c.reported_at < at)
        .distinct()
    ).all()
    seen: set[tuple[str, str]] = set()
    for row in rows:
        person = canonical.of(row.entity_id)
        hits = found(EXPLOITATION_TEXT, row.sanitised_text)
        if not hits or (person, row.id) in seen:
            continue
        seen.add((person, row.id))
        entry = candidates[person]
        labels = ", ".join(h.label for h in hits)
        entry.reasons.append(f"report {row.reference} mentions them: {labels}")
        entry.evidence.append({"kind": "report", "id": row.id, "reference": row.reference})
        entry.child_signal |= any(h.code == "CHILD_DEALING" for h in hits)


CHILD_RECORD_TYPES = frozenset({"childrens_social_care", "school"})


def _partner_records(
    conn: Connection, canonical: Canonical, at: datetime, candidates: dict[str, _Candidate]
) -> None:
    """Agency records whose concern, in the agency's words, shows signs of exploitation."""
    s, e, pr = tables.statements, tables.entities, tables.partner_records
    sources = conn.execute(
        select(s.c.entity_id, s.c.source_id)
        .join(e, e.c.id == s.c.entity_id)
        .where(e.c.schema == "Person", s.c.source_kind == "record")
        .distinct()
    ).all()
    people: dict[str, set[str]] = defaultdict(set)
    for entity_id, source_id in sources:
        if ":" in source_id:
            people[partner_record_id(*source_id.split(":", 1))].add(canonical.of(entity_id))
    ids = sorted(people)
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(pr.c.id, pr.c.organisation, pr.c.record_type, pr.c.content).where(
                pr.c.id.in_(ids[start : start + 500]), pr.c.recorded_at < at
            )
        ).all()
        for row in rows:
            hits = found(EXPLOITATION_TEXT, row.content)
            if not hits:
                continue
            for person in people[row.id]:
                entry = candidates[person]
                labels = ", ".join(h.label for h in hits)
                entry.reasons.append(f"a record of {row.organisation} notes: {labels}")
                entry.evidence.append({"kind": "partner_record", "id": row.id})
                entry.child_signal |= row.record_type in CHILD_RECORD_TYPES


def _markers(conn: Connection, canonical: Canonical, people: set[str]) -> dict[str, set[str]]:
    members = {m: p for p in people for m in canonical.members(p)}
    values = property_values(conn, members, ["vulnerability"])
    out: dict[str, set[str]] = defaultdict(set)
    for member, person in members.items():
        out[person].update(values.get(member, {}).get("vulnerability", set()))
    return out


def _cuckooed_homes(
    conn: Connection, canonical: Canonical, at: datetime, candidates: dict[str, _Candidate]
) -> None:
    risks = {
        canonical.of(a): r for a, r in current_risks(conn).items() if r.level in CUCKOOED_LEVELS
    }
    if not risks:
        return
    ln = tables.links
    for row in conn.execute(select(ln).where(ln.c.link_type == "LIVES_AT")).all():
        if not valid_at(row, at):
            continue
        risk = risks.get(canonical.of(row.target_id))
        if risk is None:
            continue
        entry = candidates[canonical.of(row.source_id)]
        entry.cuckooed_home = True
        entry.reasons.append(
            f"lives at an address at {risk.level.value.lower()} risk of cuckooing "
            f"(score {risk.score:.2f})"
        )
        entry.evidence.append({"kind": "assessment", "id": risk.assessment_id})
        entry.evidence.append({"kind": "link", "id": row.id, "link_type": "LIVES_AT"})


def _referrals(
    conn: Connection, canonical: Canonical, at: datetime
) -> dict[str, list[tuple[str, str]]]:
    f = tables.referrals
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for referral_id, person_id, kind, made_at in conn.execute(
        select(f.c.id, f.c.person_id, f.c.referral_type, f.c.made_at)
    ).all():
        if aware(made_at) < at:
            out[canonical.of(person_id)].append((referral_id, kind))
    return out


def _subject(
    person: str, entry: _Candidate, age: AgeStatus, name: str, referrals: list[tuple[str, str]]
) -> SafeguardingSubject | None:
    # Being described or recorded as a child outweighs an estimate of age; being tied to a
    # line is a reason to ask only when nothing at all is known of the age.
    as_child = [
        why
        for why, present in (
            ("described or recorded as a child", entry.child_signal),
            (
                "recorded as a child at risk",
                VulnerabilityMarker.CHILD_AT_RISK_CCE.value in entry.markers,
            ),
        )
        if present
    ]
    pointers = as_child + (["tied to a county line"] if entry.tied_to_line else [])
    presumed = not age.is_child and (
        age.presumed_child
        or (age.uncertain and bool(as_child))
        or (age.unknown and entry.tied_to_line)
    )
    if age.is_child or presumed:
        category, routes = CHILD, CHILD_ROUTES
        if presumed:
            known = "age not known" if age.unknown else f"estimated age {age.age}"
            grounds = "; ".join([known, *pointers])
            entry.reasons.append(f"may be under 18 ({grounds}), so treated as a child (s.51)")
    elif entry.cuckooed_home and entry.markers:
        category, routes = VULNERABLE_ADULT, ADULT_ROUTES
        labels = sorted(VulnerabilityMarker(m).label.lower() for m in entry.markers)
        entry.reasons.append(f"vulnerable: {', '.join(labels)}")
    else:
        return None
    referral_ids = sorted(r for r, _ in referrals)
    entry.reasons = list(dict.fromkeys(entry.reasons))
    return SafeguardingSubject(
        person_id=person,
        name=name,
        category=category,
        age=age.age,
        is_child=age.is_child,
        presumed_child=presumed,
        age_basis=age.basis,
        reasons=entry.reasons,
        evidence=unique_evidence(entry.evidence),
        referral_ids=referral_ids,
        prompt_referral=not any(kind in routes for _, kind in referrals),
    )


def find_subjects(conn: Connection, at: datetime) -> list[SafeguardingSubject]:
    canonical = fold_same_homes(conn, Canonical.load(conn))
    candidates: dict[str, _Candidate] = defaultdict(_Candidate)
    for person, tie in line_ties(conn, canonical, at).items():
        entry = candidates[person]
        entry.tied_to_line = True
        entry.reasons.extend(f"tied to a county line: {reason}" for reason in tie.reasons)
        entry.evidence.extend(tie.evidence)
    _report_mentions(conn, canonical, at, candidates)
    _partner_records(conn, canonical, at, candidates)
    _cuckooed_homes(conn, canonical, at, candidates)
    markers = _markers(conn, canonical, set(candidates))
    marked = conn.execute(
        select(tables.statements.c.entity_id).where(
            tables.statements.c.prop == "vulnerability",
            tables.statements.c.value == VulnerabilityMarker.CHILD_AT_RISK_CCE.value,
        )
    ).scalars()
    for entity_id in marked:
        person = canonical.of(entity_id)
        entry = candidates[person]
        if (
            "a partner records them as a child at risk of criminal exploitation"
            not in entry.reasons
        ):
            entry.reasons.append(
                "a partner records them as a child at risk of criminal exploitation"
            )
            entry.evidence.append({"kind": "person", "id": entity_id})
        markers.setdefault(person, set()).add(VulnerabilityMarker.CHILD_AT_RISK_CCE.value)
    referrals = _referrals(conn, canonical, at)
    names = property_values(
        conn, {m for p in candidates for m in canonical.members(p)}, ["name", "street_name"]
    )
    subjects = []
    for person, entry in candidates.items():
        entry.markers = markers.get(person, set())
        members = canonical.members(person)
        merged: dict[str, set[str]] = defaultdict(set)
        for member in members:
            for prop, values in names.get(member, {}).items():
                merged[prop].update(values)
        subject = _subject(
            person,
            entry,
            age_status(conn, members, at),
            caption(merged, "name", "street_name"),
            referrals.get(person, []),
        )
        if subject is not None:
            subjects.append(subject)
    subjects.sort(
        key=lambda s: (s.category != CHILD, not s.prompt_referral, -len(s.reasons), s.person_id)
    )
    return subjects


def people_to_safeguard(access: Access, as_of: AsOf = None) -> list[SafeguardingSubject]:
    """Children and vulnerable adults to safeguard, children first; viewing them is logged."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    force_only(access)
    with access.store.begin() as conn:
        subjects = find_subjects(conn, cutoff(as_of))
        if subjects:
            access.consult(conn, [f"entities:{s.person_id}" for s in subjects])
    return subjects
