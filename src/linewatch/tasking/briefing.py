"""The briefing for the tactical tasking and co-ordination group (TT&CG).

It gathers what each stage already concluded (flags, alerts, visits, people to safeguard) into
one document: what changed since the last meeting, the lines, who to safeguard first, possible
bail breaches, visits, the gaps in what is known, and the tasks proposed. Every line of it
points back at the record that justifies it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from linewatch import settings
from linewatch.access import Access, Permission
from linewatch.comms import DealLineView, deal_lines
from linewatch.enforce import Alert, enforcement_summary, open_alerts
from linewatch.model import Channel
from linewatch.safeguard import (
    SafeguardingSubject,
    Visit,
    overdue_visits,
    people_to_safeguard,
    safeguarding_summary,
    visits_due,
)
from linewatch.store import tables
from linewatch.tasking.gaps import line_users


@dataclass(frozen=True)
class ProposedTask:
    title: str
    kind: str
    subject_id: str
    reason: str
    due: date
    owner_role: str


@dataclass(frozen=True)
class LineStatus:
    phone_id: str
    number: str
    score: float
    reasons: list[str]
    known_users: list[str]


@dataclass
class Briefing:
    as_of: date
    since: date
    changes: dict[str, int] = field(default_factory=dict)
    reports_by_channel: dict[str, int] = field(default_factory=dict)
    lines: list[LineStatus] = field(default_factory=list)
    safeguard: list[SafeguardingSubject] = field(default_factory=list)
    breaches: list[Alert] = field(default_factory=list)
    visits_due: list[Visit] = field(default_factory=list)
    visits_overdue: list[Visit] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    tasks: list[ProposedTask] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def print(self, console: Any) -> None:
        from linewatch.tasking.render import print_briefing

        print_briefing(self, console)


def _since(as_of: date) -> date:
    return as_of - timedelta(days=int(settings.get("tasking_cadence_days")))


def _reports_by_channel(access: Access, since: date, as_of: date) -> dict[str, int]:
    start = datetime.combine(since, time.min, UTC)
    end = datetime.combine(as_of + timedelta(days=1), time.min, UTC)
    r = tables.reports
    with access.store.connect() as conn:
        rows = conn.execute(
            select(r.c.channel, func.count())
            .where(r.c.reported_at >= start, r.c.reported_at < end)
            .group_by(r.c.channel)
        ).all()
    counts = {str(channel): int(n) for channel, n in rows}
    return {c.label: counts.get(c.value, 0) for c in Channel}


def _line_statuses(access: Access, flagged: list[DealLineView]) -> list[LineStatus]:
    users = line_users(access, [line.phone_id for line in flagged])
    return [
        LineStatus(
            line.phone_id, line.number, line.score, line.reasons[:3], users.get(line.phone_id, [])
        )
        for line in sorted(flagged, key=lambda x: -x.score)
    ]


def _propose(brief: Briefing) -> list[ProposedTask]:
    soon = brief.as_of + timedelta(days=2)
    tasks = [
        ProposedTask(
            f"Review possible bail breach: {alert.summary}",
            "BAIL_BREACH_REVIEW",
            alert.subject_id,
            "ANPR reads inside an exclusion area while bail is live",
            brief.as_of,
            "SUPERVISOR",
        )
        for alert in brief.breaches
    ]
    tasks += [
        ProposedTask(
            f"Make a safeguarding referral for {person.name}",
            "REFERRAL",
            person.person_id,
            "; ".join(person.reasons[:2]),
            brief.as_of,
            "OFFICER",
        )
        for person in brief.safeguard
        if person.prompt_referral
    ]
    tasks += [
        ProposedTask(
            f"Welfare visit overdue: {visit.address}",
            "VISIT",
            visit.address_id,
            f"due {visit.scheduled_for:%d %b}",
            brief.as_of,
            "OFFICER",
        )
        for visit in brief.visits_overdue
    ]
    tasks += [
        ProposedTask(
            f"Develop a subject profile: who holds the line on {line.number}?",
            "SUBJECT_PROFILE",
            line.phone_id,
            "; ".join(line.reasons[:1]),
            soon,
            "ANALYST",
        )
        for line in brief.lines
        if not line.known_users
    ]
    return tasks


def briefing(access: Access, as_of: date | None = None) -> Briefing:
    """Assemble the briefing as of a day (default today) for the next TT&CG."""
    access.require(Permission.VIEW_PICTURE)
    day = as_of or datetime.now(UTC).date()
    brief = Briefing(as_of=day, since=_since(day))
    with access.store.connect() as conn:
        enforcement = enforcement_summary(conn, brief.since, day)
        safeguarding = safeguarding_summary(conn, brief.since, day)
    brief.reports_by_channel = _reports_by_channel(access, brief.since, day)
    brief.changes = {
        "Intelligence reports received": sum(brief.reports_by_channel.values()),
        "Warrants executed": enforcement.warrants_executed,
        "Arrests": enforcement.arrests,
        "Charges": enforcement.charges,
        "Vehicles seized": enforcement.seizures,
        "Safeguarding referrals": safeguarding.referrals,
        "Welfare visits made": safeguarding.visits_made,
        "People on bail now": enforcement.bail_live,
    }
    brief.lines = _line_statuses(access, deal_lines(access))
    brief.safeguard = people_to_safeguard(access, day)
    brief.breaches = open_alerts(access, kind="POSSIBLE_BAIL_BREACH")
    brief.visits_due = visits_due(access, day)
    brief.visits_overdue = overdue_visits(access, day)
    brief.gaps = [
        f"Who holds or uses the deal line {line.number}?"
        for line in brief.lines
        if not line.known_users
    ]
    brief.tasks = _propose(brief)
    return brief
