"""What a line's page and a phone's page show, gathered from assessments and call records.

A line's page answers "why was this flagged": its current deal-line assessment with reasons
and figures, the handovers it took part in, its weeks, and the phones it talks to most. A
phone's page shows who it talks to, when it is active, and which cells served it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from linewatch.access import Access, Permission
from linewatch.comms.analysis import phone_id
from linewatch.comms.callstore import CallStore
from linewatch.comms.handovers import CLAIM as HANDOVER_CLAIM
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


@dataclass
class PhonePage:
    number: str
    phone_id: str
    deal: DealLineView | None
    contacts: list[Contact]
    hours: list[int]
    cells: list[CellSite]


def line_page(access: Access, number: str, top: int = 10) -> LinePage:
    """Everything a line's page shows; every read is a logged consultation."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    deal = next((d for d in deal_lines(access) if d.number == number), None)
    with CallStore() as calls:
        life = line_life(access, calls, number)
        contacts = _contacts(calls, number, top)
    return LinePage(number, phone_id(number), deal, life, handovers(access, number), contacts)


def phone_page(access: Access, number: str, top: int = 20) -> PhonePage:
    access.require(Permission.VIEW_PERSONAL_DATA)
    deal = next((d for d in deal_lines(access) if d.number == number), None)
    with CallStore() as calls:
        hours = activity_by_hour(access, calls, number)
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
    return PhonePage(number, phone_id(number), deal, contacts, hours, cells)


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
