"""The ANPR hotlist (vehicles of interest) and the hits its entries raise on imported reads.

A vehicle of interest carries why (a reason category and text), what an officer should do, a
handling code (C needs its conditions) and a mandatory expiry. A read is a hit when its
registration matches an entry that was live when the vehicle was read and is still live when
the reads are checked: an expired or withdrawn entry stops producing hits. Reads held from
before an entry was made are checked too: where a newly listed vehicle has been is what the
officer needs. Each hit is an alert (one per entry and read, so re-importing raises nothing
twice) for an officer to acknowledge.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, RowMapping, func, or_, select

from linewatch import types
from linewatch.access import Access, Permission
from linewatch.enforce.alerts import Alert, load_alert
from linewatch.enforce.breaches import vrm_key
from linewatch.enforce.shown import consult
from linewatch.model import AuditOperation, HandlingCode, Vocabulary
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.clock import AsOf, aware, cutoff, maybe_aware
from linewatch.safeguard.rows import raise_alert
from linewatch.store import ImportResult, make_id, tables, utcnow

KIND = "ANPR_HIT"
METHOD = "enforce.anpr_hotlist"
METHOD_VERSION = "1"
LONGEST_ENTRY = timedelta(days=366)  # an entry is reviewed at least yearly


class ReasonCategory(Vocabulary):
    COUNTY_LINES_COURIER = "COUNTY_LINES_COURIER", "County lines courier"
    BAIL_EXCLUSION_VEHICLE = "BAIL_EXCLUSION_VEHICLE", "Vehicle of a person excluded on bail"
    LINE_HOLDER_VEHICLE = "LINE_HOLDER_VEHICLE", "Line holder's vehicle"
    STOLEN = "STOLEN", "Stolen"
    OTHER = "OTHER", "Other"


class ActionRequired(Vocabulary):
    INFORMATION_ONLY = "INFORMATION_ONLY", "Information only"
    STOP_CHECK = "STOP_CHECK", "Stop and check"
    DO_NOT_STOP_REPORT = "DO_NOT_STOP_REPORT", "Do not stop: report sighting"


class VoiError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class VehicleOfInterest:
    id: str
    vrm: str
    reason_category: str
    reason: str
    action_required: str
    handling_code: str
    handling_conditions: str | None
    linked_report_id: str | None
    created_by: str
    created_at: datetime
    expires_at: datetime
    withdrawn_at: datetime | None

    def live_at(self, moment: datetime) -> bool:
        """Listed at ``moment``: a read from before the vehicle was listed is no hit (the
        hotlist alerts on what it was told to watch for; earlier sightings are history)."""
        return self.created_at <= moment < self.expires_at and (
            self.withdrawn_at is None or moment < self.withdrawn_at
        )

    @classmethod
    def from_row(cls, row: RowMapping) -> VehicleOfInterest:
        return cls(
            **{
                **dict(row),
                "created_at": aware(row["created_at"]),
                "expires_at": aware(row["expires_at"]),
                "withdrawn_at": maybe_aware(row["withdrawn_at"]),
            }
        )


@dataclass(frozen=True)
class EntryFields:
    """The checked, cleaned content of a hotlist entry."""

    vrm: str
    reason_category: str
    reason: str
    action_required: str
    handling_code: str
    handling_conditions: str | None


def check_entry(
    *,
    vrm: str,
    reason_category: str,
    reason: str,
    action_required: str,
    handling_code: str,
    handling_conditions: str | None,
) -> EntryFields:
    """The rules every entry keeps, however it arrives; ``VoiError`` names the field."""
    try:
        plate = types.clean("vrm", vrm)
    except ValueError as exc:
        raise VoiError("vrm", str(exc)) from None
    checks: list[tuple[str, str, type[Vocabulary]]] = [
        ("reason_category", reason_category, ReasonCategory),
        ("action_required", action_required, ActionRequired),
        ("handling_code", handling_code, HandlingCode),
    ]
    for name, value, vocabulary in checks:
        if value not in {m.value for m in vocabulary}:
            raise VoiError(name, f"{value!r} is not a {name.replace('_', ' ')}")
    if not reason.strip():
        raise VoiError("reason", "say why the vehicle is of interest")
    if handling_code == "C" and not (handling_conditions or "").strip():
        raise VoiError("handling_conditions", "handling code C needs its conditions")
    return EntryFields(
        plate,
        reason_category,
        reason.strip(),
        action_required,
        handling_code,
        (handling_conditions or "").strip() or None,
    )


def check_expiry(created_at: datetime, expires_at: datetime) -> None:
    if expires_at <= created_at:
        raise VoiError("expires_at", "the expiry must be in the future")
    if expires_at > created_at + LONGEST_ENTRY:
        raise VoiError("expires_at", "an entry must be reviewed within a year")


def check_linked_report(conn: Connection, linked_report_id: str | None) -> None:
    if linked_report_id:
        r = tables.reports
        if conn.execute(select(r.c.id).where(r.c.id == linked_report_id)).first() is None:
            raise VoiError("linked_report_id", f"no report {linked_report_id!r}")


def add_vehicle_of_interest(
    access: Access,
    *,
    vrm: str,
    reason_category: str,
    reason: str,
    action_required: str,
    handling_code: str,
    expires_at: datetime,
    handling_conditions: str | None = None,
    linked_report_id: str | None = None,
) -> VehicleOfInterest:
    access.require(Permission.RECORD_OUTCOMES)
    force_only(access)
    fields = check_entry(
        vrm=vrm,
        reason_category=reason_category,
        reason=reason,
        action_required=action_required,
        handling_code=handling_code,
        handling_conditions=handling_conditions,
    )
    now = utcnow()
    expires_at = aware(expires_at)
    check_expiry(now, expires_at)
    entry_id = make_id("voi", fields.vrm, now.isoformat())
    with access.store.begin() as conn:
        check_linked_report(conn, linked_report_id)
        conn.execute(
            tables.vehicles_of_interest.insert().values(
                id=entry_id,
                **asdict(fields),
                linked_report_id=linked_report_id or None,
                created_by=access.actor.id,
                created_at=now,
                expires_at=expires_at,
            )
        )
        access.log(conn, AuditOperation.COLLECTION, [f"vehicles_of_interest:{entry_id}"])
        return _load(conn, entry_id)


def withdraw(access: Access, entry_id: str) -> VehicleOfInterest:
    access.require(Permission.RECORD_OUTCOMES)
    force_only(access)
    v = tables.vehicles_of_interest
    with access.store.begin() as conn:
        entry = _load(conn, entry_id)
        if entry.withdrawn_at is not None:
            raise VoiError("id", f"{entry.vrm} was already withdrawn")
        conn.execute(v.update().where(v.c.id == entry_id).values(withdrawn_at=utcnow()))
        access.log(conn, AuditOperation.ALTERATION, [f"vehicles_of_interest:{entry_id}"])
        return _load(conn, entry_id)


def _load(conn: Connection, entry_id: str) -> VehicleOfInterest:
    v = tables.vehicles_of_interest
    row = conn.execute(select(v).where(v.c.id == entry_id)).mappings().first()
    if row is None:
        raise VoiError("id", f"no vehicle of interest {entry_id!r}")
    return VehicleOfInterest.from_row(row)


def vehicles_of_interest(access: Access, *, live_only: bool = True) -> list[VehicleOfInterest]:
    """The hotlist, soonest expiry first; viewing it is logged."""
    force_only(access)
    v = tables.vehicles_of_interest
    now = utcnow()
    query = select(v).order_by(v.c.expires_at, v.c.id)
    if live_only:
        query = query.where(v.c.expires_at > now, v.c.withdrawn_at.is_(None))
    with access.store.begin() as conn:
        found = [VehicleOfInterest.from_row(r) for r in conn.execute(query).mappings()]
        consult(access, conn, [f"vehicles_of_interest:{e.id}" for e in found])
    return found


def _evidence(read: dict[str, Any], entry: VehicleOfInterest, grading: str | None) -> list[Any]:
    return [
        {
            "kind": "anpr_read",
            "id": read["id"],
            "vrm": read["vrm"],
            "camera_id": read["camera_id"],
            "site": read["site"],
            "read_at": aware(read["read_at"]).isoformat(),
            "latitude": read["latitude"],
            "longitude": read["longitude"],
        },
        {
            "kind": "vehicle_of_interest",
            "id": entry.id,
            "vrm": entry.vrm,
            "reason_category": entry.reason_category,
            "reason": entry.reason,
            "action_required": entry.action_required,
            "handling_code": entry.handling_code,
            "handling_conditions": entry.handling_conditions,
            "expires_at": entry.expires_at.isoformat(),
            "linked_report_id": entry.linked_report_id,
            "grading": grading,
        },
        {"kind": "method", "id": METHOD, "version": METHOD_VERSION},
    ]


def raise_hits(access: Access, batch_id: int | None = None, as_of: AsOf = None) -> list[Alert]:
    """Check reads (one import batch, or all held) against the hotlist live at ``as_of``
    (default now; a day means its end); one alert per entry and read. Returns every hit found,
    earlier ones included (``is_new`` tells)."""
    access.require(Permission.RUN_ANALYSIS)
    now = utcnow()
    checked_at = cutoff(as_of)
    v, r, reports = tables.vehicles_of_interest, tables.anpr_reads, tables.reports
    with access.store.begin() as conn:
        entries = [
            VehicleOfInterest.from_row(row)
            for row in conn.execute(
                select(v).where(
                    v.c.created_at <= checked_at,
                    v.c.expires_at > checked_at,
                    or_(v.c.withdrawn_at.is_(None), v.c.withdrawn_at > checked_at),
                )
            ).mappings()
        ]
        by_plate: dict[str, list[VehicleOfInterest]] = {}
        for entry in entries:
            by_plate.setdefault(vrm_key(entry.vrm), []).append(entry)
        if not by_plate:
            return []
        gradings = {
            row.id: f"{row.source_evaluation or '-'}{row.intelligence_assessment or '-'}"
            f"{row.handling_code or '-'}"
            for row in conn.execute(
                select(reports).where(
                    reports.c.id.in_(
                        sorted({e.linked_report_id for e in entries if e.linked_report_id})
                    )
                )
            )
        }
        compact = func.upper(func.replace(r.c.vrm, " ", ""))
        query = select(r).where(compact.in_(sorted(by_plate))).order_by(r.c.read_at, r.c.id)
        if batch_id is not None:
            query = query.where(r.c.batch_id == batch_id)
        alerts = []
        for read in conn.execute(query).mappings():
            moment = aware(read["read_at"])
            for entry in by_plate[vrm_key(read["vrm"])]:
                if not entry.live_at(moment):
                    continue
                alert_id, is_new = raise_alert(
                    conn,
                    kind=KIND,
                    subject_id=entry.id,
                    dedupe_key=f"{KIND}:{entry.id}:{read['id']}",
                    summary=(
                        f"ANPR hit: {entry.vrm} ({ReasonCategory(entry.reason_category).label}) "
                        f"read at {read['site'] or read['camera_id']} on {moment:%d %b %Y %H:%M}. "
                        f"Action: {ActionRequired(entry.action_required).label}."
                    ),
                    evidence=_evidence(
                        dict(read), entry, gradings.get(entry.linked_report_id or "")
                    ),
                    method=METHOD,
                    raised_at=now,
                )
                alerts.append(load_alert(conn, alert_id, is_new=is_new))
        if alerts:
            access.log(conn, AuditOperation.COMBINATION, [f"alerts:{a.id}" for a in alerts])
    return alerts


def import_reads_with_hits(access: Access, path: Path) -> tuple[ImportResult, list[Alert]]:
    """Import an ANPR read file, then check its reads against the hotlist."""
    from linewatch import collect

    result = collect.import_anpr(access, path)
    batch = result.duplicate_of_batch if result.already_imported else result.batch_id
    if batch is None:
        return result, []
    return result, raise_hits(access, batch)
