"""One address as safeguarding sees it: its cuckooing risk with every reason and the evidence
behind each, the vulnerable people living there, its visits (made and next) and any closure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from linewatch.access import Access, Permission
from linewatch.model import RiskLevel
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import AsOf, aware, cutoff
from linewatch.safeguard.closure import Closure, ClosureStatus, closures_of
from linewatch.safeguard.cuckoo import CLAIM, METHOD, risk_level
from linewatch.safeguard.entities import caption, property_values
from linewatch.safeguard.errors import NotFound
from linewatch.safeguard.evidence import Item, open_evidence
from linewatch.safeguard.places import fold_same_homes
from linewatch.safeguard.register import ADDRESS_MARKERS, Marker, build_register
from linewatch.safeguard.visits import Visit, visit_rows
from linewatch.store import tables


@dataclass
class Risk:
    score: float
    level: RiskLevel
    reasons: list[str]
    evidence: list[tuple[str, list[Item]]]
    assessed_at: datetime
    method: str


@dataclass
class AddressPicture:
    address_id: str
    address: str
    members: list[str]
    risk: Risk | None
    markers: list[Marker]
    tenants: list[tuple[str, str]]
    visits_made: list[Visit] = field(default_factory=list)
    next_visit: Visit | None = None
    closures: list[Closure] = field(default_factory=list)
    closure_status: ClosureStatus = ClosureStatus.NONE
    at: datetime | None = None

    @property
    def open_closure(self) -> Closure | None:
        if self.closures and self.closure_status is not ClosureStatus.EXPIRED:
            return self.closures[0]
        return None


def address_picture(access: Access, address_id: str, as_of: AsOf = None) -> AddressPicture:
    """Everything safeguarding holds on one address (any of its merged records); logged."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    force_only(access)
    at = cutoff(as_of)
    with access.store.begin() as conn:
        e = tables.entities
        if conn.execute(select(e.c.schema).where(e.c.id == address_id)).scalar() != "Address":
            raise NotFound(f"no address {address_id!r}")
        canonical = fold_same_homes(conn, Canonical.load(conn))
        root = canonical.of(address_id)
        members = canonical.members(root)
        labels = property_values(conn, members, ["full", "postcode"])
        merged: dict[str, set[str]] = {}
        for values in labels.values():
            for prop, found in values.items():
                merged.setdefault(prop, set()).update(found)
        label = ", ".join(x for x in (caption(merged, "full"), caption(merged, "postcode")) if x)
        a = tables.assessments
        row = conn.execute(
            select(a)
            .where(
                a.c.subject_id.in_(sorted(members)),
                a.c.claim == CLAIM,
                a.c.method == METHOD,
                a.c.superseded_at.is_(None),
            )
            .order_by(a.c.created_at.desc())
        ).first()
        risk = None
        if row is not None:
            reasons = [r for r in (row.reasons or []) if not str(r).startswith("risk level ")]
            risk = Risk(
                float(row.score),
                risk_level(float(row.score)),
                reasons,
                open_evidence(conn, list(row.evidence or [])),
                aware(row.created_at),
                f"{row.method} version {row.method_version}",
            )
        entry = next(
            (x for x in build_register(conn, at, "address").addresses if x.address_id == root),
            None,
        )
        v = tables.visits
        visits = visit_rows(
            conn,
            conn.execute(
                select(v).where(v.c.address_id.in_(sorted(members))).order_by(v.c.scheduled_for)
            ).all(),
        )
        made = sorted(
            (x for x in visits if x.performed_at is not None),
            key=lambda x: x.performed_at or x.scheduled_for,
            reverse=True,
        )
        pending = [x for x in visits if x.performed_at is None]
        closures = closures_of(conn, members)
        picture = AddressPicture(
            root,
            label or "Address not written",
            sorted(members),
            risk,
            [m for m in (entry.markers if entry else []) if m.code in ADDRESS_MARKERS],
            entry.tenants if entry else [],
            made,
            pending[0] if pending else None,
            closures,
            closures[0].status(at) if closures else ClosureStatus.NONE,
            at,
        )
        people = [f"entities:{p}" for p, _ in picture.tenants]
        access.consult(conn, [f"entities:{root}", *people])
    return picture
