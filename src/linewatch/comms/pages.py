"""What a line's page and a phone's page show, gathered from assessments and call records.

A line's page answers "why was this flagged": its current deal-line assessment with reasons
and figures, the handovers it took part in, its weeks, the phones it talks to most, its runner
and holder phones with their reasons, and the people and vehicles the picture ties to them. A
phone's page shows who it talks to, when it is active, which cells served it and where they
stand day by day, and any line it works for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from linewatch.access import Access, Permission
from linewatch.comms.analysis import phone_id
from linewatch.comms.attribution import Attribution, LinkedPerson, LinkedVehicle, attribute
from linewatch.comms.callstore import CallStore
from linewatch.comms.handovers import CLAIM as HANDOVER_CLAIM
from linewatch.comms.presence import DayPlaces, days_by_area, week_grid
from linewatch.comms.runners import LineStaff, StaffPhone, line_staff
from linewatch.comms.timeline import LineLife, activity_by_hour, line_life
from linewatch.comms.views import DealLineView, deal_lines
from linewatch.store import tables


@dataclass(frozen=True)
class HandoverView:
    old_number: str
    new_number: str
    score: float
    reasons: list[str]
    figures: dict[str, Any]
    method: str
    assessed_at: datetime


@dataclass(frozen=True)
class Contact:
    number: str
    calls: int
    texts: int
    first: datetime
    last: datetime


@dataclass(frozen=True)
class CellSite:
    cell_id: str
    latitude: float | None
    longitude: float | None
    events: int
    first: datetime
    last: datetime


@dataclass
class LinePage:
    number: str
    phone_id: str
    deal: DealLineView | None
    life: LineLife
    handovers: list[HandoverView] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    staff: LineStaff | None = None
    attributions: list[Attribution] = field(default_factory=list)

    def users(self, number: str) -> list[LinkedPerson]:
        return [p for a in self.attributions if a.phone.number == number for p in a.people]

    @property
    def people(self) -> list[tuple[LinkedPerson, StaffPhone]]:
        """Everyone the picture says uses one of the line's runner or holder phones."""
        return [(p, a.phone) for a in self.attributions for p in a.people]

    @property
    def vehicles(self) -> list[tuple[LinkedVehicle, LinkedPerson]]:
        return [(v, p) for p, _ in self.people for v in p.vehicles]


@dataclass
class PhonePage:
    number: str
    phone_id: str
    deal: DealLineView | None
    contacts: list[Contact]
    hours: list[int]
    cells: list[CellSite]
    week: list[list[int]] = field(default_factory=list)
    days: list[DayPlaces] = field(default_factory=list)
    # The deal lines this phone works for, as runner, holder or other worker.
    works_for: list[tuple[LineStaff, StaffPhone]] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)


def line_page(access: Access, number: str, top: int = 10) -> LinePage:
    """Everything a line's page shows; every read is a logged consultation."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    deal = next((d for d in deal_lines(access) if d.number == number), None)
    with CallStore() as calls:
        life = line_life(access, calls, number)
        contacts = _contacts(calls, number, top)
        staff = line_staff(calls, [number])[0] if deal else None
    page = LinePage(number, phone_id(number), deal, life, handovers(access, number), contacts)
    if staff is not None:
        _consult(access, [p.phone_id for p in staff.phones])
        page.staff, page.attributions = staff, attribute(access, [staff])
    return page


def phone_page(access: Access, number: str, top: int = 20) -> PhonePage:
    access.require(Permission.VIEW_PERSONAL_DATA)
    current = deal_lines(access)
    deal = next((d for d in current if d.number == number), None)
    with CallStore() as calls:
        hours = activity_by_hour(access, calls, number)
        week = week_grid(access, calls, number)
        days = days_by_area(access, calls, number)
        lines = _lines_in_contact(
            calls, number, sorted({d.number for d in current if d.number and d.number != number})
        )
        works_for = [
            (staff, phone)
            for staff in line_staff(calls, lines)
            for phone in staff.phones
            if phone.number == number
        ]
        contacts = _contacts(calls, number, top)
        cells = [
            CellSite(*row)
            for row in calls.con.execute(
                "SELECT cell_id, any_value(cell_latitude), any_value(cell_longitude), count(*), "
                "min(timestamp), max(timestamp) FROM calls "
                "WHERE calling_number = ? AND cell_id IS NOT NULL "
                "GROUP BY cell_id ORDER BY count(*) DESC, cell_id",
                [number],
            ).fetchall()
        ]
    page = PhonePage(number, phone_id(number), deal, contacts, hours, cells, week, days)
    if works_for:
        _consult(access, [phone_id(s.line) for s, _ in works_for])
        page.works_for = works_for
        page.attributions = attribute(access, [_only(staff, phone) for staff, phone in works_for])
    return page


def _lines_in_contact(calls: CallStore, number: str, lines: list[str]) -> list[str]:
    """Which of ``lines`` the phone exchanged calls or texts with: one pass over the records,
    so only those lines' staff are worked out, not every line's."""
    if not lines:
        return []
    rows = calls.con.execute(
        "SELECT DISTINCT other FROM (SELECT CASE WHEN calling_number = $n THEN called_number "
        "ELSE calling_number END AS other FROM calls "
        "WHERE calling_number = $n OR called_number = $n) WHERE list_contains($lines, other)",
        {"n": number, "lines": lines},
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def _only(staff: LineStaff, phone: StaffPhone) -> LineStaff:
    """The line's staff narrowed to one phone, to find only that phone's users."""
    return LineStaff(
        staff.line, staff.target_area, staff.hub, staff.line_weeks, staff.selling_days, [phone]
    )


def _consult(access: Access, ids: list[str]) -> None:
    if ids:
        with access.store.begin() as conn:
            access.consult(conn, sorted(set(ids)))


def handovers(access: Access, number: str) -> list[HandoverView]:
    """Current LINE_HANDOVER assessments naming ``number`` as the old or the new line."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    assessments = tables.assessments
    found = []
    with access.store.begin() as conn:
        rows = conn.execute(
            select(assessments).where(
                assessments.c.claim == HANDOVER_CLAIM, assessments.c.superseded_at.is_(None)
            )
        ).all()
        for row in rows:
            figures: dict[str, Any] = next(
                (e.get("values", {}) for e in row.evidence or [] if e.get("kind") == "figures"),
                {},
            )
            if number not in (figures.get("old_number"), figures.get("new_number")):
                continue
            found.append(
                HandoverView(
                    figures["old_number"],
                    figures["new_number"],
                    float(row.score),
                    list(row.reasons or []),
                    dict(figures),
                    f"{row.method} version {row.method_version}",
                    row.created_at,
                )
            )
        if found:
            access.consult(conn, [row.id for row in rows])
    return found


def _contacts(calls: CallStore, number: str, top: int) -> list[Contact]:
    rows = calls.con.execute(
        """
        WITH ev AS (
            SELECT called_number AS other, event_type, timestamp FROM calls
            WHERE calling_number = $n
            UNION ALL
            SELECT calling_number, event_type, timestamp FROM calls WHERE called_number = $n
        )
        SELECT other, count(*) FILTER (WHERE event_type = 'CALL'),
               count(*) FILTER (WHERE event_type = 'SMS'), min(timestamp), max(timestamp)
        FROM ev WHERE other <> $n GROUP BY other
        ORDER BY count(*) FILTER (WHERE event_type = 'CALL') DESC, count(*) DESC, other
        LIMIT $top
        """,
        {"n": number, "top": top},
    ).fetchall()
    return [Contact(*row) for row in rows]
