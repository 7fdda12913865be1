"""Safeguarding referrals and the decisions that follow them, as a workflow with rules.

An NRM referral waits for the Single Competent Authority's reasonable grounds (RG) decision;
a positive RG starts a recovery period of at least 30 days before the conclusive grounds (CG)
decision (MSA 2015 statutory guidance, Nationality and Borders Act 2022). A negative RG or any
CG decision ends it. A social care referral waits for the council's response. Each decision is
kept in order with when it was made, by whom and who recorded it; ``referrals.outcome`` holds
the latest so the counts read one column. A referral is a disclosure to the receiving agency
and is logged as one (DPA 2018 s.62).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, ReferralOutcome, ReferralType, Vocabulary
from linewatch.safeguard.age import age_status
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import AsOf, aware, cutoff
from linewatch.safeguard.entities import caption, property_values
from linewatch.safeguard.errors import NotFound, WorkflowError
from linewatch.safeguard.subjects import SafeguardingSubject, people_to_safeguard
from linewatch.store import make_id, tables, utcnow


class SocialCareDecision(Vocabulary):
    """A council's response to a children's or adult safeguarding referral."""

    ACCEPTED = "ACCEPTED", "Accepted: assessment or enquiry started"
    NFA = "NFA", "No further action"
    CLOSED = "CLOSED", "Closed after support"


AWAITING = frozenset({ReferralOutcome.PENDING.value, ReferralOutcome.NOT_APPLICABLE.value})
NRM_NEXT: dict[str, tuple[str, ...]] = {
    ReferralOutcome.PENDING.value: (
        ReferralOutcome.POSITIVE_RG.value,
        ReferralOutcome.NEGATIVE_RG.value,
    ),
    ReferralOutcome.POSITIVE_RG.value: (
        ReferralOutcome.POSITIVE_CG.value,
        ReferralOutcome.NEGATIVE_CG.value,
    ),
}
CARE_NEXT: dict[str, tuple[str, ...]] = {
    ReferralOutcome.PENDING.value: (
        SocialCareDecision.ACCEPTED.value,
        SocialCareDecision.NFA.value,
    ),
    SocialCareDecision.ACCEPTED.value: (SocialCareDecision.CLOSED.value,),
}
RECIPIENTS = {
    ReferralType.NRM.value: "Single Competent Authority (Home Office)",
    ReferralType.DUTY_TO_NOTIFY.value: "Home Office (Duty to Notify, anonymous)",
    ReferralType.CHILDRENS_SOCIAL_CARE.value: "Children's social care",
    ReferralType.ADULT_SOCIAL_CARE.value: "Adult safeguarding",
    ReferralType.OTHER.value: "Partner agency",
}
# A positive RG decision starts a recovery period of at least 30 days before a CG decision.
RECOVERY_DAYS = 30
# When the next decision is due, by what is awaited. The SCA aims to decide RG within five
# working days; a council decides what response a child's referral needs within one working
# day (Working Together 2023); adult safeguarding concerns are triaged within two days in
# local procedures. A CG decision has no deadline: past this it is chased.
DUE_DAYS = {
    "RG": 7,
    "CG": RECOVERY_DAYS + 60,
    ReferralType.CHILDRENS_SOCIAL_CARE.value: 1,
    ReferralType.ADULT_SOCIAL_CARE.value: 2,
    ReferralType.OTHER.value: 7,
}
# A clock a few minutes fast on a phone should not refuse a decision recorded just now.
SKEW = timedelta(minutes=10)


def _label(code: str) -> str:
    for vocabulary in (ReferralOutcome, SocialCareDecision):
        try:
            return vocabulary(code).label
        except ValueError:
            continue
    return code


@dataclass(frozen=True)
class Decision:
    decision: str
    decided_at: datetime
    decided_by: str
    recorded_by: str
    recorded_at: datetime
    note: str | None

    @property
    def label(self) -> str:
        return _label(self.decision)


@dataclass
class Referral:
    id: str
    person_id: str
    name: str
    referral_type: str
    made_at: datetime
    made_by: str
    consent_obtained: bool | None
    is_child: bool | None
    status: str
    decisions: list[Decision] = field(default_factory=list)
    next_decisions: tuple[str, ...] = ()
    awaiting: str | None = None
    due_at: datetime | None = None
    overdue: bool = False

    @property
    def type_label(self) -> str:
        return ReferralType(self.referral_type).label

    @property
    def status_label(self) -> str:
        if self.status in AWAITING:
            if self.referral_type == ReferralType.DUTY_TO_NOTIFY.value:
                return "Notified"
            return "Referred: awaiting a decision"
        return _label(self.status)


def next_decisions(referral_type: str, status: str) -> tuple[str, ...]:
    """The decisions that may follow ``status`` on a referral of this type."""
    if referral_type == ReferralType.DUTY_TO_NOTIFY.value:
        return ()
    current = ReferralOutcome.PENDING.value if status in AWAITING else status
    table = NRM_NEXT if referral_type == ReferralType.NRM.value else CARE_NEXT
    return table.get(current, ())


def check_transition(referral_type: str, status: str, decision: str) -> None:
    """Refuse a decision that cannot follow the referral's status, saying what can."""
    allowed = next_decisions(referral_type, status)
    if decision in allowed:
        return
    kind = ReferralType(referral_type).label
    if referral_type == ReferralType.DUTY_TO_NOTIFY.value:
        raise WorkflowError("decision", "a Duty to Notify report is anonymous: no decision follows")
    if not allowed:
        raise WorkflowError(
            "decision", f"this {kind} referral is closed ({_label(status)}): no decision follows"
        )
    if decision in (ReferralOutcome.POSITIVE_CG.value, ReferralOutcome.NEGATIVE_CG.value):
        raise WorkflowError(
            "decision",
            "a conclusive grounds decision needs a positive reasonable grounds decision first",
        )
    expected = " or ".join(_label(d).lower() for d in allowed)
    raise WorkflowError(
        "decision", f"{_label(decision).lower()} cannot follow; this referral awaits {expected}"
    )


def _awaiting(referral: Referral) -> None:
    """What the referral waits for and by when."""
    if not referral.next_decisions:
        return
    last = referral.decisions[-1].decided_at if referral.decisions else referral.made_at
    if referral.referral_type == ReferralType.NRM.value:
        stage = "RG" if referral.status in AWAITING else "CG"
        referral.awaiting = (
            "reasonable grounds decision" if stage == "RG" else "conclusive grounds decision"
        )
        referral.due_at = last + timedelta(days=DUE_DAYS[stage])
    else:
        referral.awaiting = (
            "council's response" if referral.status in AWAITING else "closing of the case"
        )
        if referral.status in AWAITING:
            referral.due_at = last + timedelta(days=DUE_DAYS[referral.referral_type])


def _load(conn: Connection, ids: list[str] | None, at: datetime) -> list[Referral]:
    f, d = tables.referrals, tables.referral_decisions
    query = select(f).where(f.c.made_at < at)
    if ids is not None:
        query = query.where(f.c.id.in_(ids))
    rows = conn.execute(query).all()
    decisions: dict[str, list[Decision]] = {}
    wanted = [r.id for r in rows]
    for start in range(0, len(wanted), 500):
        for row in conn.execute(
            select(d)
            .where(d.c.referral_id.in_(wanted[start : start + 500]), d.c.decided_at < at)
            .order_by(d.c.decided_at, d.c.recorded_at)
        ).all():
            decisions.setdefault(row.referral_id, []).append(
                Decision(
                    row.decision,
                    aware(row.decided_at),
                    row.decided_by,
                    row.recorded_by,
                    aware(row.recorded_at),
                    row.note,
                )
            )
    canonical = Canonical.load(conn)
    people = {canonical.of(r.person_id) for r in rows}
    names = property_values(
        conn, {m for p in people for m in canonical.members(p)}, ["name", "street_name"]
    )
    out = []
    for row in rows:
        person = canonical.of(row.person_id)
        merged: dict[str, set[str]] = {}
        for member in canonical.members(person):
            for prop, values in names.get(member, {}).items():
                merged.setdefault(prop, set()).update(values)
        made = decisions.get(row.id, [])
        status = made[-1].decision if made else row.outcome
        referral = Referral(
            id=row.id,
            person_id=person,
            name=caption(merged, "name", "street_name") or "Name not known",
            referral_type=row.referral_type,
            made_at=aware(row.made_at),
            made_by=row.made_by,
            consent_obtained=row.consent_obtained,
            is_child=row.is_child,
            status=status,
            decisions=made,
            next_decisions=next_decisions(row.referral_type, status),
        )
        _awaiting(referral)
        referral.overdue = referral.due_at is not None and referral.due_at < at
        out.append(referral)
    out.sort(key=lambda r: (not r.overdue, -r.made_at.timestamp(), r.id))
    return out


def list_referrals(access: Access, as_of: AsOf = None) -> list[Referral]:
    """Every referral made by ``as_of`` with its status, overdue ones first; logged."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    force_only(access)
    with access.store.begin() as conn:
        found = _load(conn, None, cutoff(as_of))
        access.consult(conn, [f"referrals:{r.id}" for r in found] or ["referrals:*"])
    return found


def get_referral(access: Access, referral_id: str) -> Referral:
    force_only(access)
    with access.store.begin() as conn:
        found = _load(conn, [referral_id], utcnow() + SKEW)
        if not found:
            raise NotFound(f"no referral {referral_id!r}")
        access.consult(conn, [f"referrals:{referral_id}", f"entities:{found[0].person_id}"])
    return found[0]


def _moment(value: datetime | None, name: str, now: datetime) -> datetime:
    if value is None:
        raise WorkflowError(name, "is required")
    moment = aware(value)
    if moment > now + SKEW:
        raise WorkflowError(name, "is in the future")
    return moment


def make_referral(
    access: Access,
    person_id: str,
    referral_type: ReferralType,
    made_at: datetime | None,
    *,
    consent_obtained: bool | None = None,
    may_be_child: bool = False,
) -> Referral:
    """Record a referral made by the acting officer; a child needs no consent, an adult
    referred to the NRM does (without it, the route is an anonymous Duty to Notify).

    ``may_be_child`` is the officer's view that a person whose age is unknown or only
    estimated may be under 18: they are then treated as a child (MSA 2015 s.51). It cannot
    make a child of someone whose recorded date of birth says they are an adult.
    """
    access.require(Permission.RECORD_OUTCOMES)
    force_only(access)
    now = utcnow()
    when = _moment(made_at, "made_at", now)
    with access.store.begin() as conn:
        canonical = Canonical.load(conn)
        person = canonical.of(person_id)
        e = tables.entities
        schema = conn.execute(select(e.c.schema).where(e.c.id == person)).scalar()
        if schema != "Person":
            raise WorkflowError("person_id", f"no person {person_id!r}")
        age = age_status(conn, canonical.members(person), when)
        child = age.treated_as_child or (may_be_child and age.uncertain)
        if referral_type is ReferralType.NRM and not child and consent_obtained is not True:
            raise WorkflowError(
                "consent_obtained",
                "an adult is referred to the NRM only with their consent; without it, make an "
                "anonymous Duty to Notify report instead",
            )
        referral_id = make_id("ref", person, referral_type.value, when.isoformat())
        f = tables.referrals
        if conn.execute(select(f.c.id).where(f.c.id == referral_id)).first() is not None:
            raise WorkflowError("made_at", "this referral is already recorded")
        conn.execute(
            f.insert().values(
                id=referral_id,
                person_id=person,
                referral_type=referral_type.value,
                made_at=when,
                made_by=access.actor.id,
                consent_obtained=None if child else consent_obtained,
                outcome=ReferralOutcome.PENDING.value,
                is_child=child,
                is_synthetic=False,
            )
        )
        records = [f"referrals:{referral_id}", f"entities:{person}"]
        access.log(conn, AuditOperation.COLLECTION, records)
        access.log(
            conn,
            AuditOperation.DISCLOSURE,
            records,
            recipients=[RECIPIENTS[referral_type.value]],
        )
        return _load(conn, [referral_id], now + SKEW)[0]


def record_decision(
    access: Access,
    referral_id: str,
    decision: str,
    decided_at: datetime | None,
    decided_by: str,
    note: str | None = None,
) -> Referral:
    """Record the next decision on a referral; one that cannot follow is refused."""
    access.require(Permission.RECORD_OUTCOMES)
    force_only(access)
    now = utcnow()
    when = _moment(decided_at, "decided_at", now)
    if not decided_by.strip():
        raise WorkflowError("decided_by", "say who made the decision")
    with access.store.begin() as conn:
        found = _load(conn, [referral_id], now + SKEW)
        if not found:
            raise NotFound(f"no referral {referral_id!r}")
        referral = found[0]
        check_transition(referral.referral_type, referral.status, decision)
        last = referral.decisions[-1].decided_at if referral.decisions else referral.made_at
        if when < last:
            what = "the decision before" if referral.decisions else "the referral"
            raise WorkflowError("decided_at", f"is before {what} ({last:%d %b %Y %H:%M})")
        if decision in (ReferralOutcome.POSITIVE_CG.value, ReferralOutcome.NEGATIVE_CG.value):
            earliest = last + timedelta(days=RECOVERY_DAYS)
            if when < earliest:
                raise WorkflowError(
                    "decided_at",
                    f"a conclusive grounds decision comes after the recovery period of at "
                    f"least {RECOVERY_DAYS} days from the positive reasonable grounds "
                    f"decision: not before {earliest:%d %b %Y}",
                )
        conn.execute(
            tables.referral_decisions.insert().values(
                id=make_id("refdec", referral_id, decision, when.isoformat()),
                referral_id=referral_id,
                decision=decision,
                decided_at=when,
                decided_by=decided_by.strip(),
                note=(note or "").strip() or None,
                recorded_by=access.actor.id,
                recorded_at=now,
            )
        )
        f = tables.referrals
        conn.execute(f.update().where(f.c.id == referral_id).values(outcome=decision))
        access.log(conn, AuditOperation.ALTERATION, [f"referrals:{referral_id}"])
        return _load(conn, [referral_id], now + SKEW)[0]


def needs_referral(access: Access, as_of: AsOf = None) -> list[SafeguardingSubject]:
    """People to safeguard with no referral on a route that fits them: every child tied to a
    county line, or who may be a child (s.51), is listed until one is made; children first."""
    return [s for s in people_to_safeguard(access, as_of) if s.prompt_referral]
