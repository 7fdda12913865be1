"""Closure of a cuckooed address (Anti-social Behaviour, Crime and Policing Act 2014, Part 4
Ch.3), step by step, each step held to the legal limits (domain rules 3.5):

- a closure notice runs up to 24 hours on an inspector's authority, or up to 48 hours on a
  superintendent's (who may also extend an inspector's notice to 48 hours in all);
- the case must be heard by the magistrates' court within 48 hours of the notice;
- a closure order lasts up to 3 months, and may be extended, never beyond 6 months in total.

A step that breaks a limit is refused with a ``WorkflowError`` naming the field and the limit.
A notice cannot bar the owner or the people who habitually live there: for a cuckooing victim
it shuts out the exploiters, not the tenant.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, Vocabulary
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import aware, maybe_aware
from linewatch.safeguard.errors import NotFound, WorkflowError
from linewatch.safeguard.places import fold_same_homes
from linewatch.store import make_id, tables, utcnow


class NoticeRank(Vocabulary):
    INSPECTOR = "INSPECTOR", "Inspector (up to 24 hours)"
    SUPERINTENDENT = "SUPERINTENDENT", "Superintendent or council delegate (up to 48 hours)"


class ClosureStatus(Vocabulary):
    NONE = "NONE", "No closure"
    NOTICE_24H = "NOTICE_24H", "Closure notice (up to 24 hours)"
    NOTICE_48H = "NOTICE_48H", "Closure notice (up to 48 hours)"
    ORDER = "ORDER", "Closure order"
    ORDER_EXTENDED = "ORDER_EXTENDED", "Closure order, extended"
    EXPIRED = "EXPIRED", "Ended"


NOTICE_HOURS = {NoticeRank.INSPECTOR.value: 24, NoticeRank.SUPERINTENDENT.value: 48}
NOTICE_MAX_HOURS = 48
HEARING_WITHIN_HOURS = 48
ORDER_MONTHS = 3
ORDER_TOTAL_MONTHS = 6


def add_months(moment: datetime, months: int) -> datetime:
    """The same time ``months`` calendar months on (the last day of a shorter month)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _stamp(moment: datetime) -> str:
    return f"{moment:%d %b %Y %H:%M}"


@dataclass(frozen=True)
class Closure:
    id: str
    address_id: str
    notice_served_at: datetime
    notice_rank: str
    notice_authorised_by: str
    notice_expires_at: datetime
    notice_extended_by: str | None
    hearing_at: datetime | None
    order_made_at: datetime | None
    order_expires_at: datetime | None
    order_extended_until: datetime | None
    recorded_by: str

    @property
    def hearing_due_by(self) -> datetime:
        return self.notice_served_at + timedelta(hours=HEARING_WITHIN_HOURS)

    @property
    def order_ends_at(self) -> datetime | None:
        return self.order_extended_until or self.order_expires_at

    @property
    def latest_extension(self) -> datetime | None:
        if self.order_made_at is None:
            return None
        return add_months(self.order_made_at, ORDER_TOTAL_MONTHS)

    def status(self, at: datetime) -> ClosureStatus:
        if self.order_made_at is not None and self.order_ends_at is not None:
            if at >= self.order_ends_at:
                return ClosureStatus.EXPIRED
            if self.order_extended_until is not None:
                return ClosureStatus.ORDER_EXTENDED
            return ClosureStatus.ORDER
        # A notice lasts until it expires or the court decides, whichever comes first.
        if at >= self.notice_expires_at and (self.hearing_at is None or at >= self.hearing_at):
            return ClosureStatus.EXPIRED
        hours = (self.notice_expires_at - self.notice_served_at).total_seconds() / 3600
        return ClosureStatus.NOTICE_24H if hours <= 24 else ClosureStatus.NOTICE_48H

    def next_step(self, at: datetime) -> str | None:
        """The step that may be recorded next: notice_extension, hearing, order, extension."""
        state = self.status(at)
        if state is ClosureStatus.EXPIRED:
            return None
        if self.order_made_at is None:
            if self.hearing_at is None:
                return "hearing"
            return "order"
        return "extension" if self.order_extended_until is None else None


def _closure(r: Any) -> Closure:
    return Closure(
        id=r.id,
        address_id=r.address_id,
        notice_served_at=aware(r.notice_served_at),
        notice_rank=r.notice_rank,
        notice_authorised_by=r.notice_authorised_by,
        notice_expires_at=aware(r.notice_expires_at),
        notice_extended_by=r.notice_extended_by,
        hearing_at=maybe_aware(r.hearing_at),
        order_made_at=maybe_aware(r.order_made_at),
        order_expires_at=maybe_aware(r.order_expires_at),
        order_extended_until=maybe_aware(r.order_extended_until),
        recorded_by=r.recorded_by,
    )


def closures_of(conn: Connection, address_ids: set[str]) -> list[Closure]:
    """Every closure recorded against these address records, newest notice first."""
    c = tables.closure_orders
    rows = conn.execute(
        select(c).where(c.c.address_id.in_(sorted(address_ids))).order_by(c.c.notice_served_at)
    ).all()
    return sorted((_closure(r) for r in rows), key=lambda x: x.notice_served_at, reverse=True)


def _required(value: datetime | None, name: str) -> datetime:
    if value is None:
        raise WorkflowError(name, "is required")
    return aware(value)


def check_notice(served_at: datetime, rank: str, expires_at: datetime) -> None:
    if rank not in NOTICE_HOURS:
        raise WorkflowError("notice_rank", "select the rank that authorised the notice")
    if expires_at <= served_at:
        raise WorkflowError("notice_expires_at", "must be after the notice was served")
    limit = NOTICE_HOURS[rank]
    if expires_at > served_at + timedelta(hours=limit):
        who = NoticeRank(rank).label.split(" (")[0].lower()
        raise WorkflowError(
            "notice_expires_at",
            f"a notice authorised by {'an' if who[0] in 'aeiou' else 'a'} {who} runs at most "
            f"{limit} hours: expiry no later than {_stamp(served_at + timedelta(hours=limit))}",
        )


def _change(access: Access, closure_id: str, **values: object) -> Closure:
    c = tables.closure_orders
    with access.store.begin() as conn:
        conn.execute(
            c.update()
            .where(c.c.id == closure_id)
            .values(**values, recorded_by=access.actor.id, updated_at=utcnow())
        )
        access.log(conn, AuditOperation.ALTERATION, [f"closure_orders:{closure_id}"])
        return _closure(conn.execute(select(c).where(c.c.id == closure_id)).one())


def get_closure(access: Access, closure_id: str) -> Closure:
    force_only(access)
    access.require(Permission.VIEW_PERSONAL_DATA)
    c = tables.closure_orders
    with access.store.begin() as conn:
        row = conn.execute(select(c).where(c.c.id == closure_id)).first()
    if row is None:
        raise NotFound(f"no closure {closure_id!r}")
    return _closure(row)


def _writable(access: Access, closure_id: str) -> Closure:
    access.require(Permission.RECORD_OUTCOMES)
    return get_closure(access, closure_id)


def serve_notice(
    access: Access,
    address_id: str,
    served_at: datetime | None,
    rank: str,
    authorised_by: str,
    expires_at: datetime | None,
    *,
    bars_residents: bool | None = False,
) -> Closure:
    """Record a closure notice served on an address; refused past the rank's limit, while an
    earlier notice or order there is still in force, or if it bars the people who live there
    (``bars_residents``; None when the officer has not said)."""
    access.require(Permission.RECORD_OUTCOMES)
    force_only(access)
    if bars_residents is None:
        raise WorkflowError(
            "bars_residents", "say whether the notice bars the people who live there"
        )
    if bars_residents:
        raise WorkflowError(
            "bars_residents",
            "a closure notice cannot bar the owner or the people who habitually live there: "
            "it shuts out the exploiters, not the tenant",
        )
    served = _required(served_at, "notice_served_at")
    if served > utcnow() + timedelta(minutes=10):
        raise WorkflowError("notice_served_at", "is in the future")
    if not authorised_by.strip():
        raise WorkflowError("notice_authorised_by", "say who authorised the notice")
    expires = _required(expires_at, "notice_expires_at")
    check_notice(served, rank, expires)
    with access.store.begin() as conn:
        e = tables.entities
        if conn.execute(select(e.c.schema).where(e.c.id == address_id)).scalar() != "Address":
            raise WorkflowError("address_id", f"no address {address_id!r}")
        canonical = fold_same_homes(conn, Canonical.load(conn))
        for earlier in closures_of(conn, canonical.members(address_id)):
            if earlier.status(served) is not ClosureStatus.EXPIRED:
                raise WorkflowError(
                    "notice_served_at",
                    "a closure notice or order is already in force at this address "
                    f"(served {_stamp(earlier.notice_served_at)})",
                )
        closure_id = make_id("closure", canonical.of(address_id), served.isoformat())
        conn.execute(
            tables.closure_orders.insert().values(
                id=closure_id,
                address_id=canonical.of(address_id),
                notice_served_at=served,
                notice_rank=rank,
                notice_authorised_by=authorised_by.strip(),
                notice_expires_at=expires,
                recorded_by=access.actor.id,
                updated_at=utcnow(),
            )
        )
        access.log(conn, AuditOperation.COLLECTION, [f"closure_orders:{closure_id}"])
    return get_closure(access, closure_id)


def extend_notice(
    access: Access, closure_id: str, extended_by: str, expires_at: datetime | None
) -> Closure:
    """A superintendent extends a notice, to 48 hours from service at most."""
    closure = _writable(access, closure_id)
    expires = _required(expires_at, "notice_expires_at")
    if not extended_by.strip():
        raise WorkflowError("notice_extended_by", "name the superintendent extending the notice")
    if closure.hearing_at is not None or closure.order_made_at is not None:
        raise WorkflowError("notice_expires_at", "the court has heard the case: extend the order")
    if expires <= closure.notice_expires_at:
        raise WorkflowError(
            "notice_expires_at",
            f"must be later than the current expiry ({_stamp(closure.notice_expires_at)})",
        )
    latest = closure.notice_served_at + timedelta(hours=NOTICE_MAX_HOURS)
    if expires > latest:
        raise WorkflowError(
            "notice_expires_at",
            f"a closure notice runs at most {NOTICE_MAX_HOURS} hours in all: "
            f"no later than {_stamp(latest)}",
        )
    return _change(
        access,
        closure_id,
        notice_expires_at=expires,
        notice_extended_by=extended_by.strip(),
        notice_rank=NoticeRank.SUPERINTENDENT.value,
    )


def record_hearing(access: Access, closure_id: str, hearing_at: datetime | None) -> Closure:
    """The magistrates' court hearing, within 48 hours of the notice."""
    closure = _writable(access, closure_id)
    when = _required(hearing_at, "hearing_at")
    if when < closure.notice_served_at:
        raise WorkflowError("hearing_at", "is before the notice was served")
    if when > closure.hearing_due_by:
        raise WorkflowError(
            "hearing_at",
            f"the court must hear the case within {HEARING_WITHIN_HOURS} hours of the notice: "
            f"by {_stamp(closure.hearing_due_by)}",
        )
    return _change(access, closure_id, hearing_at=when)


def record_order(
    access: Access, closure_id: str, made_at: datetime | None, expires_at: datetime | None
) -> Closure:
    """The closure order the court made, for 3 months at most."""
    closure = _writable(access, closure_id)
    if closure.hearing_at is None:
        raise WorkflowError("hearing_at", "record the court hearing before the order")
    if closure.order_made_at is not None:
        raise WorkflowError("order_made_at", "an order is already recorded: extend it instead")
    made = _required(made_at, "order_made_at")
    expires = _required(expires_at, "order_expires_at")
    if made < closure.hearing_at:
        raise WorkflowError("order_made_at", "is before the hearing")
    if expires <= made:
        raise WorkflowError("order_expires_at", "must be after the order was made")
    latest = add_months(made, ORDER_MONTHS)
    if expires > latest:
        raise WorkflowError(
            "order_expires_at",
            f"a closure order lasts at most {ORDER_MONTHS} months: no later than {_stamp(latest)}",
        )
    return _change(access, closure_id, order_made_at=made, order_expires_at=expires)


def extend_order(access: Access, closure_id: str, until: datetime | None) -> Closure:
    """Extend an order; never beyond 6 months from when it was made."""
    closure = _writable(access, closure_id)
    if closure.order_made_at is None or closure.order_expires_at is None:
        raise WorkflowError("order_made_at", "record the closure order before extending it")
    end = _required(until, "order_extended_until")
    current = closure.order_ends_at or closure.order_expires_at
    if end <= current:
        raise WorkflowError(
            "order_extended_until", f"must be later than the current end ({_stamp(current)})"
        )
    latest = add_months(closure.order_made_at, ORDER_TOTAL_MONTHS)
    if end > latest:
        raise WorkflowError(
            "order_extended_until",
            f"an order can never run beyond {ORDER_TOTAL_MONTHS} months in total: "
            f"no later than {_stamp(latest)}",
        )
    return _change(access, closure_id, order_extended_until=end)
