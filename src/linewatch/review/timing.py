"""Figures that need more than a count of rows: visits not made on time, deal lines that went
quiet, and how long it takes from a report to action on it.

A median rests on several records; one resting on fewer than the suppression threshold is not
shown, for the same reason a small count is not.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from linewatch import settings
from linewatch.review.figures import Figure, month_of, suppress
from linewatch.store import tables

TOO_FEW = "too few"
VISIT_GRACE = timedelta(days=1)


def _aware(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _count_figure(key: str, label: str, whens: list[datetime], threshold: int) -> Figure:
    months: dict[str, int] = defaultdict(int)
    for when in whens:
        months[month_of(when)] += 1
    return Figure(
        key,
        label,
        len(whens),
        suppress(len(whens), threshold),
        {m: suppress(n, threshold) for m, n in sorted(months.items())},
    )


def _median_figure(
    key: str, label: str, samples: list[tuple[datetime, float]], threshold: int, unit: str
) -> Figure:
    def shown(values: list[float]) -> str:
        return f"{statistics.median(values):.1f}" if len(values) >= threshold else TOO_FEW

    months: dict[str, list[float]] = defaultdict(list)
    for when, value in samples:
        months[month_of(when)].append(value)
    values = [v for _, v in samples]
    return Figure(
        key,
        label,
        round(statistics.median(values)) if values else 0,
        shown(values) if values else "0",
        {m: shown(v) for m, v in sorted(months.items())},
        unit,
    )


def visits_late(conn: Connection, start: datetime, end: datetime) -> list[datetime]:
    """When each visit due in the period was due, for those not made within a day of it."""
    v = tables.visits
    rows = conn.execute(
        select(v.c.scheduled_for, v.c.performed_at).where(
            v.c.scheduled_for >= start, v.c.scheduled_for < end
        )
    ).all()
    late = []
    for due, made in rows:
        due_at, made_at = _aware(due), _aware(made)
        assert due_at is not None
        if made_at is None or made_at > due_at + VISIT_GRACE or made_at >= end:
            late.append(due_at)
    return late


def lines_gone_quiet(
    conn: Connection, start: datetime, end: datetime, until: date
) -> list[datetime]:
    """When each flagged deal line was last used, for those last used in the period and quiet
    for two tasking cycles by its end (stopped or handed over: either way, out of use)."""
    quiet = timedelta(days=2 * int(settings.get("tasking_cadence_days")))
    threshold = float(settings.get("deal_line_threshold"))
    a = tables.assessments
    rows = conn.execute(
        select(a.c.evidence).where(
            a.c.claim == "DEAL_LINE", a.c.superseded_at.is_(None), a.c.score >= threshold
        )
    ).all()
    limit = datetime.combine(until, datetime.min.time(), UTC) - quiet
    stopped = []
    for (evidence,) in rows:
        seen = [
            _aware(e["values"]["last_seen"])
            for e in evidence or []
            if e.get("kind") == "figures" and (e.get("values") or {}).get("last_seen")
        ]
        last = max((s for s in seen if s is not None), default=None)
        if last is not None and start <= last < end and last <= limit:
            stopped.append(last)
    return stopped


def report_to_warrant(
    conn: Connection, start: datetime, end: datetime
) -> list[tuple[datetime, float]]:
    """Days from each report to the warrant application that cites it (applied in the period)."""
    w, r = tables.warrants, tables.reports
    warrants = conn.execute(
        select(w.c.applied_at, w.c.grounds_report_ids).where(
            w.c.applied_at >= start, w.c.applied_at < end
        )
    ).all()
    cited = {str(i) for _, ids in warrants for i in ids or []}
    reported = (
        {
            str(i): _aware(at)
            for i, at in conn.execute(select(r.c.id, r.c.reported_at).where(r.c.id.in_(cited)))
        }
        if cited
        else {}
    )
    samples = []
    for applied, ids in warrants:
        applied_at = _aware(applied)
        assert applied_at is not None
        for report_id in ids or []:
            at = reported.get(str(report_id))
            if at is not None and at <= applied_at:
                samples.append((applied_at, (applied_at - at).total_seconds() / 86400))
    return samples


def report_to_grading(
    conn: Connection, start: datetime, end: datetime
) -> list[tuple[datetime, float]]:
    """Hours from each report reaching the force to its grading (graded in the period)."""
    r = tables.reports
    rows = conn.execute(
        select(r.c.reported_at, r.c.graded_at).where(r.c.graded_at >= start, r.c.graded_at < end)
    ).all()
    samples = []
    for reported, graded in rows:
        reported_at, graded_at = _aware(reported), _aware(graded)
        if reported_at is not None and graded_at is not None and graded_at >= reported_at:
            samples.append((graded_at, (graded_at - reported_at).total_seconds() / 3600))
    return samples


def extra_figures(
    conn: Connection, start: datetime, end: datetime, until: date, threshold: int
) -> list[Figure]:
    return [
        _count_figure(
            "visits_overdue",
            "Welfare visits not made on time (due in the period)",
            visits_late(conn, start, end),
            threshold,
        ),
        _count_figure(
            "lines_closed",
            "Deal lines gone out of use (last used in the period)",
            lines_gone_quiet(conn, start, end, until),
            threshold,
        ),
        _median_figure(
            "report_to_warrant_days",
            "Median days from a report to a warrant application citing it",
            report_to_warrant(conn, start, end),
            threshold,
            "median days",
        ),
        _median_figure(
            "report_to_grading_hours",
            "Median hours from a report to its grading",
            report_to_grading(conn, start, end),
            threshold,
            "median hours",
        ),
    ]
