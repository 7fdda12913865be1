"""Welfare visits to addresses at risk of cuckooing: the schedule, what is due, what was found.

The cadence follows the latest risk level (settings ``visit_cadence_high_days`` and so on).
An address gets its next visit when none is pending: the last visit plus the cadence, or at
once if it was never visited or the next visit is already late. What an officer records feeds
the next risk run, and a visit that finds more indicators than the one before raises an alert.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Row, select

from linewatch import settings
from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, ReferralType, RiskLevel
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import AsOf, aware, day_start, maybe_aware
from linewatch.safeguard.cuckoo import current_risks
from linewatch.safeguard.entities import caption, property_values
from linewatch.safeguard.places import STREET_WORDS, address_tokens, fold_same_homes
from linewatch.safeguard.records import normalise_indicator
from linewatch.safeguard.rows import raise_alert
from linewatch.store import insert_ignore, make_id, tables, utcnow

WORSE_KIND = "VISIT_INDICATORS_WORSE"
WORSE_METHOD = "safeguard.visit_feedback"


class VisitNotFound(LookupError):
    """No visit has this id."""


@dataclass(frozen=True)
class Visit:
    id: str
    address_id: str
    address: str
    scheduled_for: datetime
    assigned_to: str | None
    performed_at: datetime | None
    performed_by: str | None
    occupant_seen: bool | None
    occupant_seen_alone: bool | None
    indicators: list[str]
    outcome: str | None

    @property
    def pending(self) -> bool:
        return self.performed_at is None


def cadence_days(level: RiskLevel) -> int:
    return int(settings.get(f"visit_cadence_{level.value.lower()}_days"))


def visit_rows(conn: Connection, rows: Iterable[Row[tuple[object, ...]]]) -> list[Visit]:
    found = list(rows)
    labels = property_values(conn, {r.address_id for r in found}, ["full", "postcode"])
    out = []
    for r in found:
        values = labels.get(r.address_id, {})
        address = ", ".join(x for x in (caption(values, "full"), caption(values, "postcode")) if x)
        out.append(
            Visit(
                r.id,
                r.address_id,
                address,
                aware(r.scheduled_for),
                r.assigned_to,
                maybe_aware(r.performed_at),
                r.performed_by,
                r.occupant_seen,
                r.occupant_seen_alone,
                list(r.indicators or []),
                r.outcome,
            )
        )
    return out


def schedule_visits(
    access: Access, as_of: AsOf = None, assigned_to: str | None = None
) -> list[Visit]:
    """Create the next visit for each at-risk address with none pending; the ones created."""
    if not (access.can(Permission.MANAGE_TASKS) or access.can(Permission.RUN_ANALYSIS)):
        access.require(Permission.MANAGE_TASKS)
    today = day_start(as_of)
    v = tables.visits
    with access.store.begin() as conn:
        if (
            assigned_to is not None
            and conn.execute(
                select(tables.users.c.id).where(tables.users.c.id == assigned_to)
            ).first()
            is None
        ):
            raise ValueError(f"no user {assigned_to!r} to assign visits to")
        canonical = fold_same_homes(conn, Canonical.load(conn))
        pending: set[str] = set()
        last_made: dict[str, datetime] = {}
        for row in conn.execute(select(v.c.address_id, v.c.performed_at)).all():
            address = canonical.of(row[0])
            if row[1] is None:
                pending.add(address)
            else:
                made = aware(row[1])
                last_made[address] = max(made, last_made.get(address, made))
        risks = {canonical.of(a): r for a, r in sorted(current_risks(conn).items())}
        findable = visitable(conn, canonical, risks)
        rows = []
        for address, risk in sorted(risks.items()):
            if address in pending or address not in findable:
                continue
            due = today
            if address in last_made:
                due = max(
                    today, day_start(last_made[address]) + timedelta(days=cadence_days(risk.level))
                )
            pending.add(address)
            rows.append(
                {
                    "id": make_id("visit", address, due.isoformat()),
                    "address_id": address,
                    "scheduled_for": due,
                    "assigned_to": assigned_to,
                }
            )
        insert_ignore(conn, v, rows, ["id"])
        created = visit_rows(
            conn, conn.execute(select(v).where(v.c.id.in_([r["id"] for r in rows]))).all()
        )
        if created:
            access.log(conn, AuditOperation.ALTERATION, [f"visits:{x.id}" for x in created])
    return sorted(created, key=lambda x: (x.scheduled_for, x.id))


def visitable(conn: Connection, canonical: Canonical, addresses: Iterable[str]) -> set[str]:
    """The canonical addresses an officer can find: a postcode, or a street in the address."""
    wanted = set(addresses)
    members = {m: a for a in wanted for m in canonical.members(a)}
    found: set[str] = set()
    for entity_id, props in property_values(conn, members, ["full", "postcode"]).items():
        streets = any(set(address_tokens(f)) & STREET_WORDS for f in props.get("full", ()))
        if props.get("postcode") or streets:
            found.add(members[entity_id])
    return found


def _one_per_home(conn: Connection, rows: list[Row[tuple[object, ...]]]) -> list[Visit]:
    """The earliest pending visit of each home: one home written several ways is one visit."""
    canonical = fold_same_homes(conn, Canonical.load(conn))
    first: dict[str, Row[tuple[object, ...]]] = {}
    for row in rows:
        first.setdefault(canonical.of(str(row.address_id)), row)
    return visit_rows(conn, sorted(first.values(), key=lambda r: (r.scheduled_for, r.id)))


def _pending_before(access: Access, before: datetime) -> list[Visit]:
    force_only(access)
    v = tables.visits
    with access.store.begin() as conn:
        rows = conn.execute(
            select(v)
            .where(v.c.performed_at.is_(None), v.c.scheduled_for < before)
            .order_by(v.c.scheduled_for, v.c.id)
        ).all()
        visits = _one_per_home(conn, list(rows))
        if visits:
            access.consult(conn, [f"visits:{x.id}" for x in visits])
        else:
            access.require(Permission.VIEW_PERSONAL_DATA)
    return visits


def get_visit(access: Access, visit_id: str) -> Visit:
    """One visit, for the officer recording it; viewing it is logged."""
    force_only(access)
    v = tables.visits
    with access.store.begin() as conn:
        found = visit_rows(conn, conn.execute(select(v).where(v.c.id == visit_id)).all())
        if not found:
            raise VisitNotFound(f"no visit {visit_id!r}")
        access.consult(conn, [f"visits:{visit_id}"])
    return found[0]


def visits_due(access: Access, as_of: AsOf = None, within_days: int = 7) -> list[Visit]:
    """Visits not yet made that fall due within ``within_days`` of ``as_of`` (late ones too)."""
    return _pending_before(access, day_start(as_of) + timedelta(days=within_days))


def overdue_visits(access: Access, as_of: AsOf = None) -> list[Visit]:
    """Visits whose day has passed without the visit being made."""
    return _pending_before(access, day_start(as_of))


def record_visit(
    access: Access,
    visit_id: str,
    performed_by: str,
    occupant_seen: bool,
    occupant_seen_alone: bool,
    indicators: Iterable[str],
    outcome: str,
    performed_at: datetime | None = None,
    *,
    present: Sequence[str] = (),
    advice: str | None = None,
    referral: ReferralType | None = None,
) -> Visit:
    """An officer records a visit made; a rise in indicators since the last visit is alerted.

    ``present`` names who was there (the occupant, visitors by name or description), ``advice``
    what the officer advised, ``referral`` a referral made at the visit. The signs found feed
    the next cuckooing risk run.
    """
    access.require(Permission.RECORD_OUTCOMES)
    if occupant_seen_alone and not occupant_seen:
        raise ValueError("the occupant cannot be seen alone but not seen")
    if not performed_by.strip():
        raise ValueError("say who made the visit")
    found = sorted({normalise_indicator(i) for i in indicators if i.strip()})
    when = aware(performed_at) if performed_at else utcnow()
    v = tables.visits
    with access.store.begin() as conn:
        row = conn.execute(select(v).where(v.c.id == visit_id)).first()
        if row is None:
            raise VisitNotFound(f"no visit {visit_id!r}")
        if row.performed_at is not None:
            raise ValueError(f"visit {visit_id} was already recorded")
        conn.execute(
            v.update()
            .where(v.c.id == visit_id)
            .values(
                performed_at=when,
                performed_by=performed_by.strip(),
                occupant_seen=occupant_seen,
                occupant_seen_alone=occupant_seen_alone,
                indicators=found,
                outcome=outcome.strip() or None,
            )
        )
        conn.execute(
            tables.visit_details.insert().values(
                visit_id=visit_id,
                present=[p.strip() for p in present if p.strip()],
                advice=(advice or "").strip() or None,
                referral_type=referral.value if referral else None,
                recorded_by=access.actor.id,
                recorded_at=utcnow(),
            )
        )
        access.log(conn, AuditOperation.COLLECTION, [f"visits:{visit_id}"])
        _alert_if_worse(conn, row.address_id, visit_id, found, when)
        return visit_rows(conn, conn.execute(select(v).where(v.c.id == visit_id)).all())[0]


def _alert_if_worse(
    conn: Connection, address_id: str, visit_id: str, found: list[str], when: datetime
) -> None:
    canonical = fold_same_homes(conn, Canonical.load(conn))
    members = canonical.members(address_id)
    v = tables.visits
    earlier = conn.execute(
        select(v.c.id, v.c.indicators, v.c.performed_at).where(
            v.c.address_id.in_(sorted(members)), v.c.id != visit_id, v.c.performed_at.is_not(None)
        )
    ).all()
    before = [r for r in earlier if aware(r.performed_at) < when]
    if not before:
        return
    previous = max(before, key=lambda r: aware(r.performed_at))
    had = set(previous.indicators or [])
    new = sorted(set(found) - had)
    if len(found) <= len(had) or not new:
        return
    words = ", ".join(i.replace("_", " ").lower() for i in new)
    raise_alert(
        conn,
        kind=WORSE_KIND,
        subject_id=canonical.of(address_id),
        dedupe_key=f"{WORSE_KIND}:{visit_id}",
        summary=(
            f"Cuckooing indicators got worse at a visited address: {len(found)} found now "
            f"against {len(had)} at the visit before; new: {words}."
        ),
        evidence=[
            {"kind": "visit", "id": visit_id, "indicators": found},
            {"kind": "visit", "id": previous.id, "indicators": sorted(had)},
            {"kind": "method", "id": WORSE_METHOD, "version": "1"},
        ],
        method=WORSE_METHOD,
        raised_at=utcnow(),
    )
