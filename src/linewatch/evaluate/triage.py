"""Triage: the order in which new reports are worked, by threat, risk and harm.

Safeguarding comes first in every queue: a report that suggests a child or a vulnerable adult
at risk sorts above all others. Within that, reports graded E (suspected false) sort last, and
the rest by a score from indicators in the sanitised text, the grade, recency and priority.
Every item carries the reasons for its place, so the order can be questioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import ColumnElement, RowMapping, func, select

from linewatch.access import Access, Permission
from linewatch.evaluate.corroboration import independent_backing
from linewatch.evaluate.duplicates import CLAIM as NEAR_DUPLICATE
from linewatch.evaluate.processing import unprocessed
from linewatch.model import GradingScheme
from linewatch.store import tables, utcnow

OPEN_STATUSES = ("NEW",)


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    weight: float
    safeguarding: bool
    pattern: re.Pattern[str]
    # Which of threat, risk, harm and opportunity the indicator speaks to.
    category: str = "harm"


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "child",
        "child or young person",
        40,
        True,
        _words(
            r"\b(?:child(?:ren)?|kids?|youths?|young\s+(?:person|people|lads?|boys?|girls?)|"
            r"teen(?:age|ager|agers)?s?|juveniles?|minors?|school\s*(?:uniforms?|boys?|girls?|"
            r"kids|children)|pupils?|under[\s-]?(?:16|18)s?|year\s+(?:7|8|9|10|11)|"
            r"(?:1[0-7]|[5-9])[\s-]*(?:years?|yrs?)[\s-]*old|aged\s+(?:about\s+|around\s+)?"
            r"(?:1[0-7]|[5-9])\b)"
        ),
        category="risk",
    ),
    Indicator(
        "missing",
        "missing person",
        30,
        True,
        _words(r"\b(?:(?:gone|went|reported|goes)\s+missing|missing\s+(?:from|episodes?|person))"),
        category="risk",
    ),
    Indicator(
        "cuckooing",
        "cuckooing or vulnerable adult",
        35,
        True,
        _words(
            r"\b(?:cuckoo(?:ed|ing)?|(?:taken|took|taking)\s+over\s+(?:his|her|their|the)\s+"
            r"(?:flat|house|home|place)|vulnerable\s+(?:tenant|adult|man|woman|resident|"
            r"occupant|person|neighbour)|(?:elderly|disabled|frail)\s+(?:man|woman|tenant|"
            r"resident|neighbour|occupant)|learning\s+(?:difficult|disabilit)\w*)"
        ),
        category="risk",
    ),
    Indicator(
        "weapon",
        "weapon",
        25,
        False,
        _words(
            r"\b(?:knife|knives|machetes?|blades?|bladed|guns?|firearms?|pistols?|shotguns?|"
            r"weapons?|stab(?:bed|bing)?|acid\s+attack|baseball\s+bat)\b"
        ),
        category="threat",
    ),
    Indicator(
        "violence",
        "violence or threats",
        20,
        False,
        _words(
            r"\b(?:violen(?:ce|t)|assault(?:ed)?|beat(?:en|ing)?\s+up|threat(?:en|ened|ening|s)?|"
            r"intimidat\w*|attack(?:ed)?|punch(?:ed)?)\b"
        ),
        category="threat",
    ),
    Indicator(
        "deal",
        "drug dealing activity",
        10,
        False,
        _words(
            r"\b(?:deal(?:s|ing|er|ers)?|drugs?|crack|heroin|cocaine|wraps?|kerbside|"
            r"short\s+(?:stays?|visits?)|(?:cars?|people|visitors)\s+(?:pulling\s+up|coming\s+and"
            r"\s+going|in\s+and\s+out)|hand[\s-]?(?:overs?|to[\s-]hand)|county\s+lines?|"
            r"trap\s*house)\b"
        ),
        category="harm",
    ),
    Indicator(
        "bulk_texts",
        "bulk marketing texts",
        10,
        False,
        _words(
            r"\b(?:(?:bulk|mass|group)\s+(?:texts?|messages?|sms)|flares?|marketing\s+texts?|"
            r"texts?\s+advertising|offers?\s+texts?)\b"
        ),
        category="harm",
    ),
    Indicator(
        "opportunity",
        "a time or routine to act on",
        15,
        False,
        _words(
            r"\b(?:tonight|today|tomorrow|right\s+now|this\s+(?:evening|weekend|afternoon)|"
            r"every\s+(?:night|evening|morning|day|weekend)|most\s+(?:nights|days|evenings)|"
            r"same\s+(?:time|routine)|(?:due|expected|arriving)\s+(?:at|on|back|tonight))\b"
        ),
        category="opportunity",
    ),
)

_SOURCE_SCORE = {"1": 5.0, "2": 0.0, "3": -5.0}
_ASSESSMENT_SCORE = {"A": 8.0, "B": 6.0, "C": 2.0, "D": 0.0, "E": -50.0}
_PRIORITY_SCORE = {"HIGH": 20.0, "MEDIUM": 10.0}
_RECENCY = ((2, 15.0), (7, 10.0), (30, 5.0))
_CORROBORATION_SCORE = 10.0


@dataclass(frozen=True)
class TriageItem:
    report_id: str
    reference: str
    channel: str
    reported_at: datetime
    score: float
    safeguarding: bool
    suspected_false: bool
    grading: str
    priority: str | None
    summary: str
    sanitised: bool
    reasons: list[str]
    # Still waiting for near-duplicate detection (``processing``): it may yet prove a copy.
    processing: bool = False


def _aware(value: datetime) -> datetime:
    # SQLite gives back naive datetimes; Linewatch stores UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _grading_label(row: RowMapping) -> str:
    if row["intelligence_assessment"] is None:
        return "ungraded"
    codes = [row["source_evaluation"], row["intelligence_assessment"], row["handling_code"]]
    return f"{'/'.join(str(c) for c in codes)} ({row['grading_scheme']})"


@lru_cache(maxsize=65536)
def _indicators_in(text: str) -> tuple[tuple[Indicator, tuple[str, ...]], ...]:
    """Each indicator the text shows, with the words that show it. Kept for the texts seen
    last: the queue scores every open report on each view (a large partner file adds tens of
    thousands), and a report's text seldom changes."""
    found_in = []
    for indicator in INDICATORS:
        found = tuple(sorted({m.group().lower() for m in indicator.pattern.finditer(text)}))
        if found:
            found_in.append((indicator, found))
    return tuple(found_in)


def score_report(
    row: RowMapping, as_of: datetime, backed_by: list[str] | None = None
) -> tuple[float, bool, bool, list[str]]:
    """(score, safeguarding, suspected false, reasons) for one report row.

    ``backed_by`` names reports from independent sources that mention what this one does:
    corroborated intelligence is a better opportunity to act.
    """
    text = str(row["sanitised_text"] or "")
    score = 0.0
    safeguarding = False
    reasons: list[str] = []
    for indicator, found in _indicators_in(text):
        score += indicator.weight
        safeguarding = safeguarding or indicator.safeguarding
        prefix = "safeguarding: " if indicator.safeguarding else f"{indicator.category}: "
        reasons.append(f"{prefix}{indicator.label} ({', '.join(found[:3])})")
    suspected_false = False
    label = _grading_label(row)
    if label == "ungraded":
        reasons.append("ungraded: needs grading")
    elif row["grading_scheme"] == GradingScheme.LEGACY_FIVE.value:
        reasons.append(f"legacy grade {label}: not mapped to 3x5x2, not scored")
    else:
        source = str(row["source_evaluation"])
        assessment = str(row["intelligence_assessment"])
        score += _SOURCE_SCORE.get(source, 0.0) + _ASSESSMENT_SCORE.get(assessment, 0.0)
        suspected_false = assessment == "E"
        if suspected_false:
            reasons.append(f"graded {label}: suspected false, placed last")
        else:
            reasons.append(f"graded {label}")
    reported_at = row["reported_at"]
    assert isinstance(reported_at, datetime)
    age_days = (as_of - _aware(reported_at)).total_seconds() / 86400
    for limit, points in _RECENCY:
        if age_days <= limit:
            score += points
            reasons.append(f"recent: reported within {limit} days")
            break
    if backed_by:
        score += _CORROBORATION_SCORE
        shown = ", ".join(backed_by[:3]) + (" and more" if len(backed_by) > 3 else "")
        reasons.append(f"opportunity: corroborated by independent reports ({shown})")
    priority = row["priority"]
    if isinstance(priority, str) and priority in _PRIORITY_SCORE:
        score += _PRIORITY_SCORE[priority]
        reasons.append(f"priority {priority.lower()}")
    return score, safeguarding, suspected_false, reasons


def _summary(text: str, length: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def _not_a_copy() -> ColumnElement[bool]:
    """Reports not judged a near-duplicate copy: a copy is worked as its original."""
    a = tables.assessments
    copies = select(a.c.subject_id).where(a.c.claim == NEAR_DUPLICATE, a.c.superseded_at.is_(None))
    return tables.reports.c.id.not_in(copies)


def triage_queue(
    access: Access, limit: int = 50, *, as_of: datetime | None = None
) -> list[TriageItem]:
    """The open reports in the order to work them, safeguarding first, with reasons.

    A near-duplicate copy is left out: its original stands for both.

    ``as_of`` is the moment recency is measured from (now by default); the order is fully
    determined by the data and ``as_of``, with the report reference as the last tie-break.
    """
    access.require(Permission.GRADE_REPORTS)
    moment = _aware(as_of) if as_of is not None else utcnow()
    with access.store.begin() as conn:
        backing = independent_backing(conn)
        rows = conn.execute(
            select(tables.reports).where(tables.reports.c.status.in_(OPEN_STATUSES), _not_a_copy())
        ).mappings()
        items: list[TriageItem] = []
        for row in rows:
            score, safeguarding, suspected_false, reasons = score_report(
                row, moment, backing.get(row["id"])
            )
            items.append(
                TriageItem(
                    report_id=row["id"],
                    reference=row["reference"],
                    channel=row["channel"],
                    reported_at=_aware(row["reported_at"]),
                    score=score,
                    safeguarding=safeguarding,
                    suspected_false=suspected_false,
                    grading=_grading_label(row),
                    priority=row["priority"],
                    summary=_summary(row["sanitised_text"]),
                    sanitised=bool(row["sanitised"]),
                    reasons=reasons,
                )
            )
        items.sort(
            key=lambda i: (
                not i.safeguarding,
                i.suspected_false,
                -i.score,
                -i.reported_at.timestamp(),
                i.reference,
            )
        )
        shown = items[:limit]
        waiting = unprocessed(conn, [i.report_id for i in shown])
        shown = [replace(i, processing=i.report_id in waiting) for i in shown]
        if shown:
            access.consult(conn, [i.report_id for i in shown])
    return shown


def triage_count(access: Access) -> int:
    """How many reports wait in the queue: a count, so it reads no personal data and logs none."""
    access.require(Permission.GRADE_REPORTS)
    with access.store.connect() as conn:
        total = conn.execute(
            select(func.count())
            .select_from(tables.reports)
            .where(tables.reports.c.status.in_(OPEN_STATUSES), _not_a_copy())
        ).scalar_one()
    return int(total)
