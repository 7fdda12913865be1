"""Search warrants from application to outcome: apply, record the issue, execute, record finds.

An application rests on graded intelligence. Each report given as grounds must be graded on
3x5x2, sanitised (the application goes before a justice) and not assessed E (suspected false).
A justice issues the warrant; a supervisor records who issued it and when, and may not be the
applicant. Entry under a warrant must be within three months of issue (PACE 1984 s.16(3)). The
outcome records what was found and the arrests made, each an ``arrests`` row naming the warrant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from linewatch.access import Access, Permission
from linewatch.enforce.shown import consult
from linewatch.model import AuditOperation, Vocabulary
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.clock import aware, maybe_aware
from linewatch.safeguard.entities import find_or_add_address, property_values
from linewatch.store import Provenance, RowError, make_id, tables, utcnow

EXECUTION_WINDOW = timedelta(days=92)  # PACE s.16(3): three months from issue


class WarrantPower(Vocabulary):
    MDA_S23 = "MDA_S23", "Misuse of Drugs Act 1971 s.23(3)"
    PACE_S8 = "PACE_S8", "PACE 1984 s.8"
    OTHER = "OTHER", "Other"


class WarrantError(ValueError):
    """A step the warrant cannot take; ``field`` names what is at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class WarrantNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Ground:
    report_id: str
    reference: str
    grading: str
    handling_conditions: str | None
    text: str


@dataclass
class Warrant:
    id: str
    power: str
    address: str | None
    applied_at: datetime
    applied_by: str | None
    subject_person_id: str | None
    justification: str | None
    authorised_by: str | None
    authorised_at: datetime | None
    executed_at: datetime | None
    executed_by: str | None
    outcome: str | None
    finds: list[str]
    grounds: list[Ground] = field(default_factory=list)
    arrests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def power_label(self) -> str:
        try:
            return WarrantPower(self.power).label
        except ValueError:
            return self.power

    @property
    def status(self) -> str:
        if self.outcome is not None:
            # An application the justice refused ends with its refusal as the outcome.
            return "REFUSED" if self.authorised_at is None else "OUTCOME_RECORDED"
        if self.executed_at is not None:
            return "EXECUTED"
        if self.authorised_at is not None:
            return "ISSUED"
        return "APPLIED"


def _grading(row: Any) -> str:
    return "".join(
        row[k] or "-" for k in ("source_evaluation", "intelligence_assessment", "handling_code")
    )


def eligible_grounds(access: Access, limit: int = 200) -> list[Ground]:
    """Graded, sanitised reports that may be put to a justice, newest first; viewing is logged."""
    force_only(access)
    r = tables.reports
    with access.store.begin() as conn:
        rows = conn.execute(
            select(r)
            .where(
                r.c.grading_scheme == "3x5x2",
                r.c.sanitised.is_(True),
                r.c.source_evaluation.is_not(None),
                r.c.intelligence_assessment.is_not(None),
                r.c.intelligence_assessment != "E",
            )
            .order_by(r.c.reported_at.desc(), r.c.id)
            .limit(limit)
        ).mappings()
        grounds = [_ground(row) for row in rows]
        consult(access, conn, [f"reports:{g.report_id}" for g in grounds])
    return grounds


def _ground(row: Any) -> Ground:
    return Ground(
        row["id"],
        row["reference"],
        _grading(row),
        row["handling_conditions"],
        row["sanitised_text"],
    )


def _check_grounds(conn: Connection, report_ids: list[str]) -> None:
    if not report_ids:
        raise WarrantError("grounds", "choose at least one graded report as grounds")
    r = tables.reports
    rows = {
        row["id"]: row for row in conn.execute(select(r).where(r.c.id.in_(report_ids))).mappings()
    }
    for report_id in report_ids:
        row = rows.get(report_id)
        if row is None:
            raise WarrantError("grounds", f"no report {report_id!r} is recorded")
        ref = row["reference"]
        if row["grading_scheme"] != "3x5x2" or not row["source_evaluation"]:
            raise WarrantError("grounds", f"report {ref} is not graded on 3x5x2")
        if row["intelligence_assessment"] == "E":
            raise WarrantError("grounds", f"report {ref} is assessed E (suspected false)")
        if not row["sanitised"]:
            raise WarrantError("grounds", f"report {ref} is not sanitised")


def apply_for_warrant(
    access: Access,
    *,
    power: str,
    address: str,
    postcode: str | None,
    grounds: list[str],
    justification: str,
    subject_person_id: str | None = None,
) -> Warrant:
    """Record an application; the grounds are checked before anything is written."""
    access.require(Permission.RECORD_OUTCOMES)
    try:
        chosen = WarrantPower(power.strip().upper())
    except ValueError:
        raise WarrantError("power", f"{power!r} is not a warrant power") from None
    if not address.strip():
        raise WarrantError("address", "enter the address to be searched")
    if not justification.strip():
        raise WarrantError("justification", "say why the warrant is needed")
    grounds = list(dict.fromkeys(grounds))
    now = utcnow()
    with access.store.begin() as conn:
        _check_grounds(conn, grounds)
        if subject_person_id:
            e = tables.entities
            found = conn.execute(select(e.c.schema).where(e.c.id == subject_person_id)).scalar()
            if found != "Person":
                raise WarrantError("subject_person_id", f"no person {subject_person_id!r}")
        w = tables.warrants
        count = conn.execute(select(func.count()).select_from(w)).scalar_one()
        warrant_id = f"W-{now:%Y%m%d}-{count + 1:04d}"
        while conn.execute(select(w.c.id).where(w.c.id == warrant_id)).first() is not None:
            count += 1
            warrant_id = f"W-{now:%Y%m%d}-{count + 1:04d}"
        try:
            address_id = find_or_add_address(
                conn,
                address.strip(),
                postcode,
                Provenance("record", f"warrants:{warrant_id}", dataset="warrants"),
            )
        except RowError as exc:
            raise WarrantError(exc.field_name, exc.reason) from None
        conn.execute(
            tables.warrants.insert().values(
                id=warrant_id,
                address_id=address_id,
                power=chosen.value,
                grounds_report_ids=grounds,
                applied_at=now,
            )
        )
        conn.execute(
            tables.warrant_details.insert().values(
                warrant_id=warrant_id,
                applied_by=access.actor.id,
                subject_person_id=subject_person_id or None,
                justification=justification.strip(),
            )
        )
        access.log(
            conn,
            AuditOperation.COMBINATION,
            [f"warrants:{warrant_id}", *(f"reports:{g}" for g in grounds)],
        )
        return _load(conn, warrant_id)


def record_issue(access: Access, warrant_id: str, issued_by: str, issued_at: datetime) -> Warrant:
    """A supervisor records the justice who issued the warrant, and when."""
    access.require(Permission.MANAGE_TASKS)
    if not issued_by.strip():
        raise WarrantError("issued_by", "name the justice who issued the warrant")
    issued_at = aware(issued_at)
    with access.store.begin() as conn:
        warrant = _load(conn, warrant_id)
        if warrant.status != "APPLIED":
            raise WarrantError("issued_by", f"warrant {warrant_id} is no longer awaiting issue")
        if warrant.applied_by == access.actor.id:
            raise WarrantError("issued_by", "the applicant cannot record their own warrant's issue")
        # Forms give minutes: an issue in the same minute as the application is not before it.
        applied = warrant.applied_at.replace(second=0, microsecond=0)
        if issued_at < applied or issued_at > utcnow() + timedelta(minutes=5):
            raise WarrantError("issued_at", "must be after the application and not in the future")
        _update(conn, warrant_id, authorised_by=issued_by.strip(), authorised_at=issued_at)
        _details(conn, warrant_id, access, authorised_recorded_by=access.actor.id)
        access.log(conn, AuditOperation.ALTERATION, [f"warrants:{warrant_id}"])
        return _load(conn, warrant_id)


def record_refusal(access: Access, warrant_id: str, refused_by: str, reason: str) -> Warrant:
    """A supervisor records that the justice refused the application, and why."""
    access.require(Permission.MANAGE_TASKS)
    if not refused_by.strip():
        raise WarrantError("refused_by", "name the justice who refused the warrant")
    if not reason.strip():
        raise WarrantError("reason", "give the reason the justice gave")
    with access.store.begin() as conn:
        warrant = _load(conn, warrant_id)
        if warrant.status != "APPLIED":
            raise WarrantError(
                "refused_by", f"warrant {warrant_id} is no longer awaiting a decision"
            )
        _update(conn, warrant_id, outcome=f"Refused by {refused_by.strip()}: {reason.strip()}")
        _details(
            conn,
            warrant_id,
            access,
            authorised_recorded_by=access.actor.id,
            outcome_recorded_by=access.actor.id,
            outcome_recorded_at=utcnow(),
        )
        access.log(conn, AuditOperation.ALTERATION, [f"warrants:{warrant_id}"])
        return _load(conn, warrant_id)


def record_execution(access: Access, warrant_id: str, executed_at: datetime) -> Warrant:
    access.require(Permission.RECORD_OUTCOMES)
    executed_at = aware(executed_at)
    with access.store.begin() as conn:
        warrant = _load(conn, warrant_id)
        if warrant.authorised_at is None:
            raise WarrantError("executed_at", "a warrant must be issued before it is executed")
        if warrant.executed_at is not None:
            raise WarrantError("executed_at", f"warrant {warrant_id} was already executed")
        if executed_at < warrant.authorised_at:
            raise WarrantError("executed_at", "is before the warrant was issued")
        if executed_at > warrant.authorised_at + EXECUTION_WINDOW:
            raise WarrantError("executed_at", "is more than three months after issue (PACE s.16)")
        if executed_at > utcnow() + timedelta(minutes=5):
            raise WarrantError("executed_at", "cannot be in the future")
        _update(conn, warrant_id, executed_at=executed_at)
        _details(conn, warrant_id, access, executed_by=access.actor.id)
        access.log(conn, AuditOperation.ALTERATION, [f"warrants:{warrant_id}"])
        return _load(conn, warrant_id)


def record_outcome(
    access: Access,
    warrant_id: str,
    *,
    outcome: str,
    finds: list[str],
    arrests: Sequence[tuple[str, str]] = (),
) -> Warrant:
    """What the search found, and the arrests made: (person id, offence) each."""
    access.require(Permission.RECORD_OUTCOMES)
    if not outcome.strip():
        raise WarrantError("outcome", "describe the outcome")
    with access.store.begin() as conn:
        warrant = _load(conn, warrant_id)
        if warrant.executed_at is None:
            raise WarrantError("outcome", "record the execution before the outcome")
        if warrant.outcome is not None:
            raise WarrantError("outcome", f"warrant {warrant_id} already has an outcome")
        e = tables.entities
        written = []
        for index, (person_id, offence) in enumerate(arrests):
            if conn.execute(select(e.c.schema).where(e.c.id == person_id)).scalar() != "Person":
                raise WarrantError("arrests", f"no person {person_id!r} is recorded")
            if not offence.strip():
                raise WarrantError("arrests", "each arrest needs its offence")
            arrest_id = make_id("arrest", warrant_id, index)
            conn.execute(
                tables.arrests.insert().values(
                    id=arrest_id,
                    person_id=person_id,
                    arrested_at=warrant.executed_at,
                    offence=offence.strip(),
                    warrant_id=warrant_id,
                    location_text=warrant.address,
                )
            )
            written.append(f"arrests:{arrest_id}")
        _update(conn, warrant_id, outcome=outcome.strip())
        clean = [f.strip() for f in finds if f.strip()]
        _details(
            conn,
            warrant_id,
            access,
            finds=clean,
            outcome_recorded_by=access.actor.id,
            outcome_recorded_at=utcnow(),
        )
        access.log(conn, AuditOperation.ALTERATION, [f"warrants:{warrant_id}"])
        if written:
            access.log(conn, AuditOperation.COLLECTION, written)
        return _load(conn, warrant_id)


def _update(conn: Connection, warrant_id: str, **values: Any) -> None:
    conn.execute(
        tables.warrants.update().where(tables.warrants.c.id == warrant_id).values(**values)
    )


def _details(conn: Connection, warrant_id: str, access: Access, **values: Any) -> None:
    d = tables.warrant_details
    if conn.execute(select(d.c.warrant_id).where(d.c.warrant_id == warrant_id)).first() is None:
        # A warrant imported whole gains its workflow record at its first step here.
        conn.execute(
            d.insert().values(
                warrant_id=warrant_id,
                applied_by="(imported)",
                justification="(imported)",
                **values,
            )
        )
    else:
        conn.execute(d.update().where(d.c.warrant_id == warrant_id).values(**values))


def _load(conn: Connection, warrant_id: str) -> Warrant:
    w, d = tables.warrants, tables.warrant_details
    row = (
        conn.execute(
            select(w, d).outerjoin(d, d.c.warrant_id == w.c.id).where(w.c.id == warrant_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise WarrantNotFound(f"no warrant {warrant_id!r}")
    address = None
    if row["address_id"]:
        st = tables.statements
        address = conn.execute(
            select(st.c.value)
            .where(st.c.entity_id == row["address_id"], st.c.prop == "full")
            .order_by(st.c.created_at)
        ).scalar()
    warrant = Warrant(
        id=row["id"],
        power=row["power"],
        address=address,
        applied_at=aware(row["applied_at"]),
        applied_by=row["applied_by"],
        subject_person_id=row["subject_person_id"],
        justification=row["justification"],
        authorised_by=row["authorised_by"],
        authorised_at=maybe_aware(row["authorised_at"]),
        executed_at=maybe_aware(row["executed_at"]),
        executed_by=row["executed_by"],
        outcome=row["outcome"],
        finds=list(row["finds"] or []),
    )
    ids = list(row["grounds_report_ids"] or [])
    if ids:
        r = tables.reports
        found = {g["id"]: g for g in conn.execute(select(r).where(r.c.id.in_(ids))).mappings()}
        warrant.grounds = [_ground(found[i]) for i in ids if i in found]
    a = tables.arrests
    warrant.arrests = [
        dict(x)
        for x in conn.execute(select(a).where(a.c.warrant_id == warrant_id).order_by(a.c.id))
        .mappings()
        .all()
    ]
    names = property_values(conn, {x["person_id"] for x in warrant.arrests}, ["name"])
    for arrest in warrant.arrests:
        arrest["name"] = min(names.get(arrest["person_id"], {}).get("name", set()), default=None)
    return warrant


def get_warrant(access: Access, warrant_id: str) -> Warrant:
    force_only(access)
    with access.store.begin() as conn:
        warrant = _load(conn, warrant_id)
        access.consult(conn, [f"warrants:{warrant_id}"])
    return warrant


def list_warrants(access: Access) -> list[Warrant]:
    """Every warrant, newest application first; viewing the list is logged."""
    force_only(access)
    w = tables.warrants
    with access.store.begin() as conn:
        ids = conn.execute(select(w.c.id).order_by(w.c.applied_at.desc(), w.c.id)).scalars().all()
        warrants = [_load(conn, i) for i in ids]
        consult(access, conn, [f"warrants:{x.id}" for x in warrants])
    return warrants


def people_by_reference(access: Access, references: list[str]) -> dict[str, str]:
    """Person ids for police nominal references (or ids) typed into an outcome form."""
    from linewatch.safeguard.entities import person_by_reference

    force_only(access)
    access.require(Permission.VIEW_PERSONAL_DATA)
    e = tables.entities
    out: dict[str, str] = {}
    with access.store.begin() as conn:
        for reference in references:
            schema = conn.execute(select(e.c.schema).where(e.c.id == reference)).scalar()
            found = reference if schema == "Person" else person_by_reference(conn, reference)
            if found is None:
                raise WarrantError("arrests", f"no person with the reference {reference!r}")
            out[reference] = found
    return out
