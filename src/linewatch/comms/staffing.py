"""Who works each current deal line, concluded and written down with its evidence.

``analyse_staff`` reads the current deal-line assessments, finds each line's runner and holder
phones in the call records (``runners``), matches them to people in the picture
(``attribution``), and records both kinds of conclusion as assessments: ``RUNNER_PHONE`` or
``LINE_HOLDER_PHONE`` on the phone, resting on the line's deal-line assessment, the figures and
the productions; ``PHONE_ATTRIBUTION:<ROLE>`` on the person, resting on the phone's assessment
and the links that say the person uses it. One step out (``circle``), the numbers those phones
keep in touch with become ``CONTACTED`` links, and the line's controller's and storekeeper's
phones among them ``CONTROLLER_PHONE`` and ``STOREKEEPER_PHONE`` assessments. Each run
supersedes this method's earlier ones; the call records and links they rest on are facts and
are never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, update

from linewatch.access import Access, Permission
from linewatch.comms.analysis import phone_id
from linewatch.comms.attribution import Attribution, attribute
from linewatch.comms.callstore import CallStore
from linewatch.comms.circle import CIRCLE_CLAIMS, Circle, CirclePhone, line_circle
from linewatch.comms.contacts import record_contacts
from linewatch.comms.runners import (
    CLAIMS,
    LINE_HOLDER,
    METHOD,
    METHOD_VERSION,
    RUNNER,
    LineStaff,
    StaffPhone,
    StaffRules,
    line_staff,
)
from linewatch.comms.views import deal_lines
from linewatch.model import AuditOperation
from linewatch.store import Provenance, add_entity, make_id, tables, utcnow

ATTRIBUTION_CLAIM = "PHONE_ATTRIBUTION"


@dataclass
class StaffResult:
    staff: list[LineStaff] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    # (line, number) -> assessment id: a holder may work two numbers of one line.
    phone_assessments: dict[tuple[str, str], str] = field(default_factory=dict)
    person_assessments: list[str] = field(default_factory=list)
    circle: Circle = field(default_factory=Circle)
    circle_assessments: list[str] = field(default_factory=list)
    superseded: int = 0

    @property
    def runners(self) -> list[StaffPhone]:
        return [p for s in self.staff for p in s.runners]

    @property
    def holders(self) -> list[StaffPhone]:
        return [p for s in self.staff for p in s.holders]

    def summary(self) -> str:
        people = {p.id for a in self.attributions for p in a.people}
        return (
            f"{len({p.number for p in self.runners})} runner phones and "
            f"{len({p.number for p in self.holders})} holder phones found for "
            f"{len(self.staff)} deal lines; {len(people)} people in the picture use them; "
            f"{len(self.circle.placed)} controller or storekeeper phones in their circle"
        )


def analyse_staff(
    access: Access,
    progress: Callable[[str], None] | None = None,
    *,
    rules: StaffRules | None = None,
) -> StaffResult:
    """Find and record the runners and holders of every current deal line."""
    access.require(Permission.RUN_ANALYSIS)
    say = progress or (lambda _message: None)
    flagged = deal_lines(access)
    flag_of = {d.number: d.assessment_id for d in flagged if d.number}
    result = StaffResult()
    say(f"Placing the phones {len(flag_of)} deal lines ring by the cells that served them")
    with CallStore() as calls:
        result.staff = line_staff(calls, sorted(flag_of), rules)
        synthetic = _synthetic(calls, [p.number for s in result.staff for p in s.phones])
        say("Looking one step out, at the numbers the runners and holders keep in touch with")
        result.circle = line_circle(calls.con, result.staff)
    say("Matching runner and holder phones to people in the picture")
    result.attributions = attribute(access, result.staff)
    with access.store.begin() as conn:
        result.superseded = _supersede(conn)
        for staff in result.staff:
            for phone in staff.phones:
                if phone.role not in CLAIMS:
                    continue
                _record_phone(conn, phone, synthetic.get(phone.number, False))
                result.phone_assessments[(staff.line, phone.number)] = _assess_phone(
                    conn, access, phone, phone.phone_id, CLAIMS[phone.role], flag_of[staff.line]
                )
        for attribution in result.attributions:
            phone_assessment = result.phone_assessments[
                (attribution.line, attribution.phone.number)
            ]
            for person in attribution.people:
                result.person_assessments.append(
                    _assess_person(conn, access, attribution, person.id, phone_assessment)
                )
        record_contacts(conn, result.circle.ties, phone_id)
        for placed in result.circle.placed:
            assert placed.role is not None
            subject, claim = phone_id(placed.number), CIRCLE_CLAIMS[placed.role]
            result.circle_assessments.append(
                _assess_phone(conn, access, placed, subject, claim, flag_of[placed.line])
            )
        written = [
            *result.phone_assessments.values(),
            *result.person_assessments,
            *result.circle_assessments,
        ]
        if written:
            access.log(
                conn,
                AuditOperation.COMBINATION,
                written,
                operation_ref=f"{METHOD}/{METHOD_VERSION}",
            )
    return result


def _synthetic(calls: CallStore, numbers: list[str]) -> dict[str, bool]:
    rows = calls.con.execute(
        "SELECT calling_number, bool_or(is_synthetic) FROM calls "
        "WHERE list_contains($n, calling_number) GROUP BY ALL",
        {"n": sorted(set(numbers))},
    ).fetchall()
    return {str(n): bool(s) for n, s in rows}


def _supersede(conn: Connection) -> int:
    a = tables.assessments
    done = conn.execute(
        update(a)
        .where(a.c.method == METHOD, a.c.superseded_at.is_(None))
        .values(superseded_at=utcnow())
    )
    return max(done.rowcount, 0)


def _record_phone(conn: Connection, phone: StaffPhone, synthetic: bool) -> None:
    """The call data's Phone record for the number, so the assessment has an entity page."""
    production = phone.productions[0] if phone.productions else "calls"
    add_entity(
        conn,
        "Phone",
        phone.phone_id,
        {"number": phone.number},
        Provenance(
            source_kind="calls",
            source_id=production,
            dataset=production,
            observed_at=phone.last_contact,
            is_synthetic=synthetic,
        ),
    )


def _insert(
    conn: Connection,
    access: Access,
    subject: str,
    claim: str,
    score: float,
    reasons: list[str],
    evidence: list[dict[str, Any]],
    key: str,
) -> str:
    now = utcnow()
    assessment_id = make_id("as", subject, claim, key, METHOD_VERSION, now.isoformat())
    conn.execute(
        tables.assessments.insert().values(
            id=assessment_id,
            subject_id=subject,
            claim=claim,
            score=score,
            reasons=reasons,
            evidence=evidence,
            method=METHOD,
            method_version=METHOD_VERSION,
            created_at=now,
            created_by=access.actor.id,
        )
    )
    return assessment_id


def _assess_phone(
    conn: Connection,
    access: Access,
    phone: StaffPhone | CirclePhone,
    subject: str,
    claim: str,
    flag: str,
) -> str:
    """The assessment of a phone placed with a line (a worker's, or one in its circle), resting
    on the line's own assessment, the productions and the figures behind its place."""
    evidence: list[dict[str, Any]] = [
        {"kind": "assessment", "id": flag, "claim": "DEAL_LINE", "number": phone.line},
        *({"kind": "production", "id": p} for p in phone.productions),
        {"kind": "figures", "id": f"{phone.line}>{phone.number}", "values": phone.figures()},
    ]
    return _insert(
        conn, access, subject, claim, phone.score, list(phone.reasons), evidence, phone.line
    )


def _assess_person(
    conn: Connection, access: Access, attribution: Attribution, person_id: str, phone_flag: str
) -> str:
    person = next(p for p in attribution.people if p.id == person_id)
    evidence: list[dict[str, Any]] = [
        {"kind": "assessment", "id": phone_flag, "claim": CLAIMS[attribution.role]},
        *(
            {"kind": "link", "id": s.link_id, "source": s.evidence_id, "grading": s.grading}
            for s in person.sources
        ),
    ]
    role = attribution.role if attribution.role in (RUNNER, LINE_HOLDER) else "WORKER"
    return _insert(
        conn,
        access,
        person_id,
        f"{ATTRIBUTION_CLAIM}:{role}",
        attribution.score,
        attribution.reasons(person),
        evidence,
        f"{attribution.line}>{attribution.phone.number}",
    )
