"""Safeguarding counts for the tasking briefing and the PCC report: aggregates only."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from linewatch.safeguard.clock import period
from linewatch.store import tables


@dataclass(frozen=True)
class SafeguardingSummary:
    since: datetime
    until: datetime
    referrals_by_type: dict[str, int] = field(default_factory=dict)
    referrals_of_children: int = 0
    visits_made: int = 0
    visits_overdue: int = 0

    @property
    def referrals(self) -> int:
        return sum(self.referrals_by_type.values())

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["since"], out["until"] = self.since.isoformat(), self.until.isoformat()
        out["referrals"] = self.referrals
        return out


def safeguarding_summary(
    conn: Connection, since: date | datetime, until: date | datetime
) -> SafeguardingSummary:
    """Referrals by type and visits made from ``since`` to ``until`` (days inclusive), and the
    visits still not made at the end of the period though their day had come."""
    start, end = period(since, until)
    f, v = tables.referrals, tables.visits
    in_period = (f.c.made_at >= start, f.c.made_at < end)
    by_type: dict[str, int] = dict(
        conn.execute(
            select(f.c.referral_type, func.count()).where(*in_period).group_by(f.c.referral_type)
        ).all()
    )
    children = conn.execute(
        select(func.count()).select_from(f).where(*in_period, f.c.is_child.is_(True))
    ).scalar_one()
    made = conn.execute(
        select(func.count()).select_from(v).where(v.c.performed_at >= start, v.c.performed_at < end)
    ).scalar_one()
    overdue = conn.execute(
        select(func.count())
        .select_from(v)
        .where(v.c.performed_at.is_(None), v.c.scheduled_for < end)
    ).scalar_one()
    return SafeguardingSummary(
        since=start,
        until=end,
        referrals_by_type={str(k): int(n) for k, n in sorted(by_type.items())},
        referrals_of_children=int(children),
        visits_made=int(made),
        visits_overdue=int(overdue),
    )
