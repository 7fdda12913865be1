"""The located events hotspots are built from, each with its weight and the record behind it.

Five kinds: graded intelligence reports with a place (their own coordinates, or those of the
address they mention), ANPR reads of vehicles tied to a flagged line, reads raised as possible
bail breaches, addresses assessed at risk of cuckooing, and the force's published street crime.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, select

from linewatch import settings
from linewatch.enforce.breaches import vrm_key
from linewatch.resolve import canonical_links, canonical_map
from linewatch.store import tables

REPORT = "REPORT"
FLAGGED_VEHICLE = "FLAGGED_VEHICLE"
BREACH = "BREACH"
CUCKOOING = "CUCKOOING"
CRIME = "CRIME"

# 3x5x2 intelligence assessment (and its 5x5x5 counterpart): A/B count fully, C/D half;
# E (suspected false) is left out; an ungraded report counts for less than a graded one.
GRADE_WEIGHT = {"A": 1.0, "B": 1.0, "C": 0.5, "D": 0.5, "1": 1.0, "2": 1.0, "3": 0.5, "4": 0.5}
EXCLUDED_GRADES = frozenset({"E", "5"})
UNGRADED_WEIGHT = 0.3
FLAGGED_READ_WEIGHT = 0.5
BREACH_WEIGHT = 2.0
CUCKOO_WEIGHT = {"HIGH": 3.0, "MEDIUM": 1.5, "LOW": 0.5}
# Published crime is a background: the categories that go with drug supply weigh most.
CRIME_WEIGHT = {
    "Drugs": 1.0,
    "Possession of weapons": 0.8,
    "Robbery": 0.6,
    "Anti-social behaviour": 0.2,
    "Violence and sexual offences": 0.2,
}
CRIME_MONTHS = 12


@dataclass(frozen=True)
class Signal:
    kind: str
    latitude: float
    longitude: float
    at: datetime
    weight: float
    ref: dict[str, str]
    note: str


def half_life_days() -> float:
    return float(settings.get("hotspot_half_life_days"))


def _aware(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _window(as_of: date) -> tuple[datetime, datetime]:
    """Events older than eight half-lives weigh under 0.4% and are left out."""
    end = datetime.combine(as_of + timedelta(days=1), time.min, UTC)
    return end - timedelta(days=8 * half_life_days()), end


def _report_signals(conn: Connection, start: datetime, end: datetime) -> list[Signal]:
    r = tables.reports
    rows = conn.execute(
        select(
            r.c.id,
            r.c.reference,
            r.c.reported_at,
            r.c.occurred_at,
            r.c.latitude,
            r.c.longitude,
            r.c.intelligence_assessment,
        ).where(r.c.reported_at >= start, r.c.reported_at < end, r.c.latitude.is_not(None))
    ).all()
    signals = []
    for rid, reference, reported, occurred, lat, lon, grade in rows:
        if grade in EXCLUDED_GRADES:
            continue
        weight = GRADE_WEIGHT.get(grade or "", UNGRADED_WEIGHT)
        graded = f"graded {grade}" if grade else "ungraded"
        signals.append(
            Signal(
                REPORT,
                float(lat),
                float(lon),
                _aware(occurred or reported),
                weight,
                {"kind": "report", "id": str(rid)},
                f"{reference} ({graded})",
            )
        )
    return signals


def report_places(conn: Connection) -> dict[str, tuple[float, float]]:
    """Where each report with coordinates was, by report id."""
    r = tables.reports
    rows = conn.execute(
        select(r.c.id, r.c.latitude, r.c.longitude).where(r.c.latitude.is_not(None))
    ).all()
    return {str(i): (float(lat), float(lon)) for i, lat, lon in rows}


def _median(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def _cuckoo_signals(
    conn: Connection, places: dict[str, tuple[float, float]], end: datetime
) -> list[Signal]:
    """Addresses at risk, placed where the reports behind the assessment were made."""
    a = tables.assessments
    rows = conn.execute(
        select(a.c.id, a.c.subject_id, a.c.score, a.c.reasons, a.c.evidence, a.c.created_at).where(
            a.c.claim == "CUCKOOING_RISK", a.c.superseded_at.is_(None)
        )
    ).all()
    signals = []
    for aid, subject, _score, reasons, evidence, created in rows:
        level = next(
            (str(x).split()[-1] for x in reasons or [] if str(x).startswith("risk level")), "LOW"
        )
        where = _median(
            [
                places[e["id"]]
                for e in evidence or []
                if e.get("kind") == "report" and e.get("id") in places
            ]
        )
        if where is None or level not in CUCKOO_WEIGHT:
            continue
        signals.append(
            Signal(
                CUCKOOING,
                where[0],
                where[1],
                min(_aware(created), end),
                CUCKOO_WEIGHT[level],
                {"kind": "assessment", "id": str(aid), "subject": str(subject)},
                f"address at {level.lower()} risk of cuckooing",
            )
        )
    return signals


def _breach_signals(
    conn: Connection, start: datetime, end: datetime
) -> tuple[list[Signal], set[str]]:
    al = tables.alerts
    rows = conn.execute(
        select(al.c.id, al.c.evidence).where(
            al.c.kind == "POSSIBLE_BAIL_BREACH", al.c.status != "DISMISSED"
        )
    ).all()
    signals, read_ids = [], set()
    for alert_id, evidence in rows:
        for item in evidence or []:
            if item.get("kind") != "anpr_read" or item.get("latitude") is None:
                continue
            at = _aware(item["read_at"])
            if not start <= at < end:
                continue
            read_ids.add(str(item["id"]))
            signals.append(
                Signal(
                    BREACH,
                    float(item["latitude"]),
                    float(item["longitude"]),
                    at,
                    BREACH_WEIGHT,
                    {"kind": "alert", "id": str(alert_id), "read": str(item["id"])},
                    f"possible bail breach at {item.get('site') or 'a camera'}",
                )
            )
    return signals, read_ids


def flagged_vrms(conn: Connection) -> dict[str, str]:
    """Registrations tied to a flagged line, each with why: courier vehicles, vehicles seized
    from a line, and vehicles driven or kept by a user of a flagged deal-line phone."""
    threshold = float(settings.get("deal_line_threshold"))
    a = tables.assessments
    canon = canonical_map(conn)
    flagged = {
        canon.get(str(s), str(s))
        for (s,) in conn.execute(
            select(a.c.subject_id).where(
                a.c.claim == "DEAL_LINE", a.c.superseded_at.is_(None), a.c.score >= threshold
            )
        )
    }
    links = list(canonical_links(conn))
    holders = {
        link.source
        for link in links
        if (link.link_type == "USES_PHONE" and link.target in flagged)
        or link.link_type in ("RUNS_FOR", "HOLDS_LINE")
    }
    why: dict[str, str] = {}
    for link in links:
        if link.link_type == "COURIER_FOR":
            why.setdefault(link.source, "courier vehicle of a line")
        elif link.link_type in ("DRIVES", "KEEPER_OF") and link.source in holders:
            why.setdefault(link.target, "used by someone tied to a flagged line")
    members = defaultdict(set)
    for entity, canonical in canon.items():
        members[canonical].add(entity)
    ids = {m for v in why for m in members.get(v, {v}) | {v}}
    s = tables.statements
    result: dict[str, str] = {}
    if ids:
        for entity, value in conn.execute(
            select(s.c.entity_id, s.c.value).where(s.c.entity_id.in_(ids), s.c.prop == "vrm")
        ):
            result.setdefault(vrm_key(str(value)), why[canon.get(str(entity), str(entity))])
    sz = tables.seizures
    for (vrm,) in conn.execute(select(sz.c.vrm).where(sz.c.line_id.is_not(None))):
        result.setdefault(vrm_key(str(vrm)), "seized from a line")
    return result


def _vehicle_signals(
    conn: Connection, start: datetime, end: datetime, skip: set[str]
) -> list[Signal]:
    vrms = flagged_vrms(conn)
    if not vrms:
        return []
    n = tables.anpr_reads
    rows = conn.execute(
        select(n.c.id, n.c.vrm, n.c.site, n.c.latitude, n.c.longitude, n.c.read_at).where(
            n.c.read_at >= start, n.c.read_at < end
        )
    ).all()
    signals = []
    keys: dict[str, str] = {}  # cleaning a plate is slow; the same plates are read again and again
    for rid, vrm, site, lat, lon, at in rows:
        key = keys.get(str(vrm)) or keys.setdefault(str(vrm), vrm_key(str(vrm)))
        if key not in vrms or str(rid) in skip:
            continue
        signals.append(
            Signal(
                FLAGGED_VEHICLE,
                float(lat),
                float(lon),
                _aware(at),
                FLAGGED_READ_WEIGHT,
                {"kind": "anpr_read", "id": str(rid)},
                f"{key} ({vrms[key]}) read at {site or 'a camera'}",
            )
        )
    return signals


def newest_crime_month(conn: Connection) -> str | None:
    c = tables.police_crimes
    value = conn.execute(select(c.c.month).order_by(c.c.month.desc()).limit(1)).scalar()
    return str(value) if value else None


def _month_start(month: str) -> datetime:
    return datetime(int(month[:4]), int(month[5:7]), 1, tzinfo=UTC)


def crime_signals(conn: Connection) -> tuple[list[Signal], str | None]:
    """The last twelve published months, dated as if the newest were this month: open data
    lags, so its age is measured from the newest month held, not from today."""
    newest = newest_crime_month(conn)
    if newest is None:
        return [], None
    year, month = int(newest[:4]), int(newest[5:7]) - (CRIME_MONTHS - 1)
    while month < 1:
        year, month = year - 1, month + 12
    first = f"{year:04d}-{month:02d}"
    c = tables.police_crimes
    rows = conn.execute(
        select(c.c.id, c.c.month, c.c.latitude, c.c.longitude, c.c.crime_type).where(
            c.c.month >= first,
            c.c.latitude.is_not(None),
            c.c.crime_type.in_(list(CRIME_WEIGHT)),
        )
    ).all()
    signals = [
        Signal(
            CRIME,
            float(lat),
            float(lon),
            _month_start(str(m)),
            CRIME_WEIGHT[str(kind)],
            {"kind": "police_crime", "id": str(cid)},
            str(kind),
        )
        for cid, m, lat, lon, kind in rows
    ]
    return signals, newest


def gather_between(conn: Connection, start: datetime, end: datetime) -> list[Signal]:
    """The located signals of Linewatch's own records from ``start`` up to ``end``."""
    signals = _report_signals(conn, start, end)
    signals += [s for s in _cuckoo_signals(conn, report_places(conn), end) if s.at >= start]
    breaches, breach_reads = _breach_signals(conn, start, end)
    signals += breaches
    signals += _vehicle_signals(conn, start, end, breach_reads)
    return signals


def gather(conn: Connection, as_of: date) -> tuple[list[Signal], str | None]:
    """Every located signal up to the end of ``as_of``, and the newest crime month held."""
    start, end = _window(as_of)
    crimes, newest = crime_signals(conn)
    return gather_between(conn, start, end) + crimes, newest
