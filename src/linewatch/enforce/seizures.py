"""Vehicle seizures recorded by officers: the power, its conditions, and the vehicle's fate.

The power decides what else must be recorded (domain rules 5.2 and 5.3): RTA s.165A and PRA
s.59 need to say whether a warning was given; POCA s.47C needs prior approval by a justice or
an officer of inspector rank or above; a deprivation order is made by a court. POCA's "cash or
listed asset" power never applies: vehicles are not listed assets.

Status moves one way: HELD -> RETAINED_AS_EVIDENCE | RELEASED | FORFEITED | DISPOSED, then
RETAINED_AS_EVIDENCE -> RELEASED | FORFEITED | DISPOSED and FORFEITED -> DISPOSED. Forfeiture
needs a court's order (POCA or a deprivation order); an RTA s.165A vehicle may be disposed of
only after the recovery window its seizure notice gives. Each change is kept with who and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from linewatch import types
from linewatch.access import Access, Permission
from linewatch.enforce.bail import Rank
from linewatch.enforce.records import SeizureStatus
from linewatch.enforce.shown import consult
from linewatch.model import AuditOperation, SeizurePower
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.clock import aware
from linewatch.safeguard.entities import find_or_add, property_values
from linewatch.store import Provenance, make_id, tables, utcnow

S = SeizureStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.HELD: frozenset({S.RETAINED_AS_EVIDENCE, S.RELEASED, S.FORFEITED, S.DISPOSED}),
    S.RETAINED_AS_EVIDENCE: frozenset({S.RELEASED, S.FORFEITED, S.DISPOSED}),
    S.FORFEITED: frozenset({S.DISPOSED}),
    S.RELEASED: frozenset(),
    S.DISPOSED: frozenset(),
}
WARNING_POWERS = {SeizurePower.RTA_S165A, SeizurePower.PRA_S59}
COURT_POWERS = {SeizurePower.POCA_S47C, SeizurePower.COURT_DEPRIVATION_ORDER}
RECOVERY_WINDOW = timedelta(days=7)  # RTA s.165A notice: at least 7 days to recover
POCA_APPROVERS = {"JUSTICE"} | {
    r.value for r in Rank if r not in (Rank.SERGEANT, Rank.COURT)
}  # a justice, or inspector and above


class SeizureError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class SeizureNotFound(LookupError):
    pass


@dataclass
class Seizure:
    id: str
    vrm: str
    power: str
    grounds: str
    seized_at: datetime
    location: str | None
    seizing_officer: str | None
    status: str
    line_id: str | None
    line_brand: str | None
    warning_given: bool | None = None
    authorised_by: str | None = None
    authorisation_rank: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def next_statuses(self) -> list[str]:
        return sorted(TRANSITIONS.get(self.status, frozenset()))


def county_lines(access: Access) -> list[tuple[str, str]]:
    """(line id, brand) of every county line held, for choosing the line a vehicle served."""
    force_only(access)
    e = tables.entities
    with access.store.begin() as conn:
        ids = set(conn.execute(select(e.c.id).where(e.c.schema == "CountyLine")).scalars())
        brands = property_values(conn, ids, ["brand"])
    return sorted(((i, min(brands.get(i, {}).get("brand", {i}))) for i in ids), key=lambda x: x[1])


def record_seizure(
    access: Access,
    *,
    vrm: str,
    power: str,
    grounds: str,
    seized_at: datetime,
    location: str,
    line_id: str | None = None,
    warning_given: bool | None = None,
    authorised_by: str | None = None,
    authorisation_rank: str | None = None,
) -> Seizure:
    access.require(Permission.RECORD_OUTCOMES)
    try:
        plate = types.clean("vrm", vrm)
    except ValueError as exc:
        raise SeizureError("vrm", str(exc)) from None
    text = power.strip().upper()
    if text.startswith("POCA_CASH"):
        raise SeizureError("power", "vehicles are not listed assets: use POCA s.47C")
    try:
        chosen = SeizurePower(text)
    except ValueError:
        raise SeizureError("power", f"{power!r} is not a seizure power") from None
    if not grounds.strip():
        raise SeizureError("grounds", "give the grounds for the seizure")
    if not location.strip():
        raise SeizureError("location", "say where the vehicle was seized")
    seized_at = aware(seized_at)
    if seized_at > utcnow() + timedelta(minutes=5):
        raise SeizureError("seized_at", "cannot be in the future")
    if chosen in WARNING_POWERS and warning_given is None:
        raise SeizureError(
            "warning_given", f"{chosen.label} needs to say whether a warning was given"
        )
    if chosen is SeizurePower.POCA_S47C:
        if not (authorised_by or "").strip():
            raise SeizureError(
                "authorised_by", "POCA s.47C needs prior approval: name the approver"
            )
        if (authorisation_rank or "").upper() not in POCA_APPROVERS:
            raise SeizureError(
                "authorisation_rank", "POCA s.47C approval is by a justice or an inspector or above"
            )
    if chosen is SeizurePower.COURT_DEPRIVATION_ORDER and not (authorised_by or "").strip():
        raise SeizureError("authorised_by", "name the court that made the deprivation order")
    now = utcnow()
    seizure_id = make_id("seizure", plate, seized_at.isoformat())
    with access.store.begin() as conn:
        if line_id:
            e = tables.entities
            if conn.execute(select(e.c.schema).where(e.c.id == line_id)).scalar() != "CountyLine":
                raise SeizureError("line_id", f"no county line {line_id!r} is held")
        if conn.execute(
            select(tables.seizures.c.id).where(tables.seizures.c.id == seizure_id)
        ).first():
            raise SeizureError("vrm", f"a seizure of {plate} at that time is already recorded")
        provenance = Provenance(
            "record", f"seizures:{seizure_id}", dataset="seizures", observed_at=seized_at
        )
        vehicle_id = find_or_add(conn, "Vehicle", "vrm", plate, provenance)
        conn.execute(
            tables.seizures.insert().values(
                id=seizure_id,
                vehicle_id=vehicle_id,
                vrm=plate,
                power=chosen.value,
                grounds=grounds.strip(),
                seized_at=seized_at,
                location_text=location.strip(),
                seizing_officer=access.actor.id,
                status=S.HELD.value,
                line_id=line_id or None,
            )
        )
        conn.execute(
            tables.seizure_details.insert().values(
                seizure_id=seizure_id,
                warning_given=warning_given,
                authorised_by=(authorised_by or "").strip() or None,
                authorisation_rank=(authorisation_rank or "").upper() or None,
                recorded_by=access.actor.id,
                recorded_at=now,
            )
        )
        conn.execute(
            tables.seizure_events.insert().values(
                seizure_id=seizure_id,
                status=S.HELD.value,
                changed_at=now,
                changed_by=access.actor.id,
                note="Seized",
            )
        )
        access.log(conn, AuditOperation.COLLECTION, [f"seizures:{seizure_id}"])
        return _load(conn, seizure_id)


def change_status(access: Access, seizure_id: str, status: str, note: str) -> Seizure:
    """Move a seizure to its next status; the rules of the power are checked first."""
    access.require(Permission.RECORD_OUTCOMES)
    try:
        wanted = S(status.strip().upper())
    except ValueError:
        raise SeizureError("status", f"{status!r} is not a seizure status") from None
    with access.store.begin() as conn:
        seizure = _load(conn, seizure_id)
        if wanted.value not in TRANSITIONS.get(seizure.status, frozenset()):
            raise SeizureError(
                "status",
                f"a {S(seizure.status).label.lower()} vehicle cannot become {wanted.label.lower()}",
            )
        if wanted in (S.FORFEITED, S.DISPOSED) and not note.strip():
            raise SeizureError(
                "note", f"say on what authority the vehicle is {wanted.label.lower()}"
            )
        if wanted is S.FORFEITED and SeizurePower(seizure.power) not in COURT_POWERS:
            raise SeizureError(
                "status", "forfeiture needs a court order under POCA or a deprivation order"
            )
        now = utcnow()
        if (
            wanted is S.DISPOSED
            and seizure.power == SeizurePower.RTA_S165A
            and now < seizure.seized_at + RECOVERY_WINDOW
        ):
            raise SeizureError("status", "the keeper's 7-day recovery window has not yet passed")
        conn.execute(
            tables.seizures.update()
            .where(tables.seizures.c.id == seizure_id)
            .values(status=wanted.value)
        )
        conn.execute(
            tables.seizure_events.insert().values(
                seizure_id=seizure_id,
                status=wanted.value,
                changed_at=now,
                changed_by=access.actor.id,
                note=note.strip() or None,
            )
        )
        access.log(conn, AuditOperation.ALTERATION, [f"seizures:{seizure_id}"])
        return _load(conn, seizure_id)


def _load(conn: Connection, seizure_id: str) -> Seizure:
    s, d = tables.seizures, tables.seizure_details
    row = (
        conn.execute(
            select(s, d.c.warning_given, d.c.authorised_by, d.c.authorisation_rank)
            .outerjoin(d, d.c.seizure_id == s.c.id)
            .where(s.c.id == seizure_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise SeizureNotFound(f"no seizure {seizure_id!r}")
    brand = None
    if row["line_id"]:
        brands = property_values(conn, {row["line_id"]}, ["brand"]).get(row["line_id"], {})
        brand = min(brands.get("brand", set()), default=None)
    ev = tables.seizure_events
    history = [
        {**dict(h), "changed_at": aware(h["changed_at"])}
        for h in conn.execute(
            select(ev).where(ev.c.seizure_id == seizure_id).order_by(ev.c.id)
        ).mappings()
    ]
    return Seizure(
        id=row["id"],
        vrm=row["vrm"],
        power=row["power"],
        grounds=row["grounds"],
        seized_at=aware(row["seized_at"]),
        location=row["location_text"],
        seizing_officer=row["seizing_officer"],
        status=row["status"],
        line_id=row["line_id"],
        line_brand=brand,
        warning_given=row["warning_given"],
        authorised_by=row["authorised_by"],
        authorisation_rank=row["authorisation_rank"],
        history=history,
    )


def get_seizure(access: Access, seizure_id: str) -> Seizure:
    force_only(access)
    with access.store.begin() as conn:
        seizure = _load(conn, seizure_id)
        consult(access, conn, [f"seizures:{seizure_id}"])
    return seizure


def list_seizures(access: Access) -> list[Seizure]:
    force_only(access)
    s = tables.seizures
    with access.store.begin() as conn:
        ids = conn.execute(select(s.c.id).order_by(s.c.seized_at.desc(), s.c.id)).scalars().all()
        found = [_load(conn, i) for i in ids]
        consult(access, conn, [f"seizures:{x.id}" for x in found])
    return found
