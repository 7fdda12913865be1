"""Year-to-date performance figures for the Police and Crime Commissioner.

Only aggregate counts leave this module. A count above zero but below the suppression
threshold (the setting ``pcc_suppression_threshold``) is shown as "<N", so that a small number
cannot point at a person; what is serialised for the PCC office (``to_dict``, the page, CSV and
PDF) carries only the shown values, never the raw count behind a "<N".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Column, Connection, Select, select

from linewatch import settings
from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, Channel
from linewatch.store import tables

METHOD = "review.pcc_figures"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    display: str
    by_month: dict[str, str]
    unit: str = "count"

    @property
    def empty(self) -> str:
        """How a month with nothing to count shows: nought, or a dash for a median."""
        return "0" if self.unit == "count" else "-"

    @property
    def suppressed(self) -> bool:
        return self.display.startswith("<")

    def shown(self) -> dict[str, Any]:
        """The figure as the PCC office may see it: shown values only."""
        return {
            "key": self.key,
            "label": self.label,
            "display": self.display,
            "by_month": self.by_month,
            "unit": self.unit,
            "empty": self.empty,
        }


@dataclass
class PccFigures:
    since: date
    until: date
    threshold: int
    figures: list[Figure] = field(default_factory=list)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "suppression_threshold": self.threshold,
            "figures": [f.shown() for f in self.figures],
        }

    def print(self, console: Console) -> None:
        table = Table(
            "measure",
            "total",
            title=f"Performance {self.since:%d %b %Y} to {self.until:%d %b %Y}",
            caption=f"Counts from 1 to {self.threshold - 1} are shown as <{self.threshold}.",
        )
        for figure in self.figures:
            table.add_row(figure.label, figure.display)
        console.print(table)


def _window(since: date, until: date) -> tuple[datetime, datetime]:
    start = datetime.combine(since, time.min, UTC)
    end = datetime.combine(until + timedelta(days=1), time.min, UTC)
    return start, end


def suppress(value: int, threshold: int) -> str:
    return f"<{threshold}" if 0 < value < threshold else str(value)


def month_of(value: Any) -> str:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return f"{moment:%Y-%m}"


Query = Callable[[datetime, datetime], Select[Any, Any]]


def _measure(
    conn: Connection, query: Query, start: datetime, end: datetime
) -> tuple[int, dict[str, int]]:
    """A count over the period and its split by month, from rows of (when, counted key)."""
    keys: set[Any] = set()
    months: dict[str, set[Any]] = {}
    for moment, key in conn.execute(query(start, end)):
        keys.add(key)
        months.setdefault(month_of(moment), set()).add(key)
    return len(keys), {m: len(k) for m, k in sorted(months.items())}


def _counting(when: Column[Any], key: Column[Any], *where: Any) -> Query:
    """A query of (when, key) rows inside a period, with any extra conditions."""

    def query(start: datetime, end: datetime) -> Select[Any, Any]:
        return select(when, key).where(when >= start, when < end, *where)

    return query


def _measures() -> list[tuple[str, str, Query]]:
    t = tables
    by_channel = [
        (
            f"reports_{c.value.lower()}",
            f"Reports received: {c.label}",
            _counting(t.reports.c.reported_at, t.reports.c.id, t.reports.c.channel == c.value),
        )
        for c in Channel
    ]
    return [
        ("arrests", "Arrests", _counting(t.arrests.c.arrested_at, t.arrests.c.id)),
        ("charges", "Charges", _counting(t.arrests.c.charged_at, t.arrests.c.id)),
        (
            "warrants_executed",
            "Warrants executed",
            _counting(t.warrants.c.executed_at, t.warrants.c.id),
        ),
        ("vehicles_seized", "Vehicles seized", _counting(t.seizures.c.seized_at, t.seizures.c.id)),
        (
            "lines_disrupted",
            "County lines disrupted (courier vehicle seized)",
            _counting(
                t.seizures.c.seized_at, t.seizures.c.line_id, t.seizures.c.line_id.is_not(None)
            ),
        ),
        ("referrals", "Safeguarding referrals", _counting(t.referrals.c.made_at, t.referrals.c.id)),
        ("visits_made", "Welfare visits made", _counting(t.visits.c.performed_at, t.visits.c.id)),
        (
            "reports_received",
            "Intelligence reports received",
            _counting(t.reports.c.reported_at, t.reports.c.id),
        ),
        *by_channel,
    ]


def pcc_figures(access: Access, since: date, until: date) -> PccFigures:
    """Counts of what happened between ``since`` and ``until`` inclusive, aggregate only."""
    access.require(Permission.VIEW_AGGREGATES)
    if until < since:
        raise ValueError(f"the period ends ({until}) before it starts ({since})")
    threshold = int(settings.get("pcc_suppression_threshold"))
    start, end = _window(since, until)
    result = PccFigures(since, until, threshold)
    with access.store.begin() as conn:
        for key, label, query in _measures():
            total, months = _measure(conn, query, start, end)
            result.figures.append(
                Figure(
                    key,
                    label,
                    total,
                    suppress(total, threshold),
                    {m: suppress(n, threshold) for m, n in months.items()},
                )
            )
        from linewatch.review.timing import extra_figures

        result.figures += extra_figures(conn, start, end, until, threshold)
        # Producing the report reads personal records in aggregate; the log says so.
        access.log(conn, AuditOperation.CONSULTATION, [f"aggregate:{METHOD}:{since}:{until}"])
    return result
