"""Enforcement counts for the tasking briefing and the PCC report: aggregates only."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select

from linewatch.model import ReleaseType
from linewatch.safeguard.clock import period
from linewatch.store import tables

# Release types under which a person is on bail (and so may be under conditions).
ON_BAIL = (
    ReleaseType.PRE_CHARGE_BAIL_CONDITIONAL.value,
    ReleaseType.PRE_CHARGE_BAIL_UNCONDITIONAL.value,
    ReleaseType.CHARGED_BAIL.value,
)


@dataclass(frozen=True)
class EnforcementSummary:
    since: datetime
    until: datetime
    warrants_executed: int
    arrests: int
    charges: int
    seizures: int
    bail_live: int

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["since"], out["until"] = self.since.isoformat(), self.until.isoformat()
        return out


def _count(conn: Connection, column: Any, start: datetime, end: datetime) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(column.table).where(column >= start, column < end)
        ).scalar_one()
    )


def enforcement_summary(
    conn: Connection, since: date | datetime, until: date | datetime
) -> EnforcementSummary:
    """What happened from ``since`` to ``until`` (days inclusive), and bail live at the end."""
    start, end = period(since, until)
    t = tables
    b = t.bail_records
    bail_live = conn.execute(
        select(func.count())
        .select_from(b)
        .where(
            b.c.release_type.in_(ON_BAIL),
            b.c.bail_start < end,
            or_(b.c.ended_at.is_(None), b.c.ended_at >= end),
            # Pre-charge bail lapses when its period runs out without an extension.
            or_(
                b.c.release_type == ReleaseType.CHARGED_BAIL.value,
                b.c.abp_expires_at.is_(None),
                b.c.abp_expires_at >= end,
            ),
        )
    ).scalar_one()
    return EnforcementSummary(
        since=start,
        until=end,
        warrants_executed=_count(conn, t.warrants.c.executed_at, start, end),
        arrests=_count(conn, t.arrests.c.arrested_at, start, end),
        charges=_count(conn, t.arrests.c.charged_at, start, end),
        seizures=_count(conn, t.seizures.c.seized_at, start, end),
        bail_live=int(bail_live),
    )
