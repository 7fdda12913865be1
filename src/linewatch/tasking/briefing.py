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
from linewatch.tasking.gaps import line_holders, line_users
from linewatch.tasking.hotspots import Hotspot, hotspots
from linewatch.tasking.patrol import PatrolPlan, patrol_plan
from linewatch.tasking.tasks import DONE, ProposedTask, Task, existing_task_ids, list_tasks


@dataclass(frozen=True)
class LineStatus:
    phone_id: str
    number: str
    score: float
    reasons: list[str]
    known_users: list[str]
    status: str = "ACTIVE"
    first_seen: str | None = None
    last_seen: str | None = None


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
    new_lines: list[str] = field(default_factory=list)
    hotspots: list[Hotspot] = field(default_factory=list)
    patrol: PatrolPlan | None = None
    open_tasks: list[Task] = field(default_factory=list)
    overdue_tasks: list[Task] = field(default_factory=list)
    done_since: list[Task] = field(default_factory=list)

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


def _seen(line: DealLineView, key: str) -> str | None:
    value = line.figures.get(key) if isinstance(line.figures, dict) else None
    return str(value)[:10] if value else None


def line_status(last_seen: str | None, as_of: date) -> str:
    """ACTIVE if the deal number was in use within two tasking cycles, else DORMANT (stopped,
    or handed over to a new number)."""
    if last_seen is None:
        return "ACTIVE"
    quiet = (as_of - date.fromisoformat(last_seen)).days
    return "ACTIVE" if quiet <= 2 * int(settings.get("tasking_cadence_days")) else "DORMANT"


def _line_statuses(access: Access, flagged: list[DealLineView], as_of: date) -> list[LineStatus]:
    users = line_users(access, [line.phone_id for line in flagged])
    holders = line_holders(access, [line.number for line in flagged])
    return [
        LineStatus(
            line.phone_id,
            line.number,
            line.score,
            line.reasons[:3],
            users.get(line.phone_id)
            or [f"{name} (holder)" for name in holders.get(line.number, [])],
            line_status(_seen(line, "last_seen"), as_of),
            _seen(line, "first_seen"),
            _seen(line, "last_seen"),
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
    if brief.patrol is not None:
        tasks += [
            ProposedTask(
                f"Patrol {area.place} ({area.name}) {area.start_hour:02d}:00 to "
                f"{area.end_hour:02d}:00",
                "PATROL",
                area.code,
                area.reasons[1] if len(area.reasons) > 1 else area.reasons[0],
                brief.as_of + timedelta(days=1),
                "OFFICER",
            )
            for area in brief.patrol.areas[:3]
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
    brief.lines = _line_statuses(access, deal_lines(access), day)
    brief.new_lines = [
        line.number
        for line in brief.lines
        if line.first_seen and line.first_seen >= f"{brief.since}"
    ]
    brief.safeguard = people_to_safeguard(access, day)
    brief.breaches = open_alerts(access, kind="POSSIBLE_BAIL_BREACH")
    brief.visits_due = visits_due(access, day)
    brief.visits_overdue = overdue_visits(access, day)
    brief.hotspots = hotspots(access, day).top("lsoa", 5)
    brief.patrol = patrol_plan(access, day)
    every_task = list_tasks(access)
    brief.open_tasks = [t for t in every_task if t.status != DONE]
    brief.overdue_tasks = [t for t in brief.open_tasks if t.overdue(day)]
    brief.done_since = [
        t
        for t in every_task
        if t.status == DONE and t.completed_at and t.completed_at.date() >= brief.since
    ]
    brief.changes["Deal lines first active"] = len(brief.new_lines)
    brief.changes["Tasks completed"] = len(brief.done_since)
    brief.gaps = [
        f"Who holds or uses the deal line {line.number}?"
        for line in brief.lines
        if not line.known_users
    ]
    brief.gaps += [
        f"Is the deal line {line.number} closed, or handed over to a new number? "
        f"(last in use {line.last_seen})"
        for line in brief.lines
        if line.status == "DORMANT"
    ]
    proposed = _propose(brief)
    with access.store.connect() as conn:
        already = existing_task_ids(conn, [t.task_id for t in proposed])
    brief.tasks = [t for t in proposed if t.task_id not in already]
    return brief
