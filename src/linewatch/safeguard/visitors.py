"""Who comes to an address: ANPR reads of vehicles driven by people tied to a county line, and
officers' sightings of such people, close to an address whose coordinates are known.

More callers and cars at all hours are a sign of cuckooing (domain rules 3.3). Cameras stand on
main roads and a sighting is where an officer stood, so only a read or sighting within
``RADIUS_M`` of the address counts, and each day counts once: ten reads on one evening are one
visit. An address with no coordinates gets nothing from here, rather than its town's traffic.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from math import asin, cos, radians, sin, sqrt
from typing import Any

from sqlalchemy import Connection, select

from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import aware, valid_at
from linewatch.safeguard.entities import property_values
from linewatch.safeguard.lines import line_ties
from linewatch.safeguard.signals import Signals, fade
from linewatch.store import tables

RADIUS_M = 250.0
LOOK_BACK_DAYS = 365
POINTS_PER_DAY = 0.75
DAYS_CAP = 6
EVIDENCE_CAP = 20
EARTH_M = 6_371_000.0


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lat2 = radians(a[0]), radians(b[0])
    dlat, dlon = lat2 - lat1, radians(b[1] - a[1])
    h = sin(dlat / 2) ** 2 + cos(lat1) * cos(lat2) * sin(dlon / 2) ** 2
    return 2 * EARTH_M * asin(min(1.0, sqrt(h)))


def _points(conn: Connection, canonical: Canonical) -> dict[str, list[tuple[float, float]]]:
    """Canonical address -> its recorded coordinates."""
    s, e = tables.statements, tables.entities
    rows = conn.execute(
        select(s.c.entity_id, s.c.value)
        .join(e, e.c.id == s.c.entity_id)
        .where(e.c.schema == "Address", s.c.prop == "latlon")
    ).all()
    out: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for entity_id, value in rows:
        lat, lon = (float(x) for x in value.split(","))
        out[canonical.of(entity_id)].append((lat, lon))
    return out


def _events(
    conn: Connection, canonical: Canonical, at: datetime, people: set[str]
) -> list[tuple[str, str, datetime, tuple[float, float], list[dict[str, Any]]]]:
    """(kind, id, when, where, evidence) for reads of the tied people's vehicles and
    sightings of them, within the look-back window."""
    since = at - timedelta(days=LOOK_BACK_DAYS)
    ln = tables.links
    drives = [
        row
        for row in conn.execute(select(ln).where(ln.c.link_type == "DRIVES")).all()
        if canonical.of(row.source_id) in people and valid_at(row, at)
    ]
    plates = property_values(conn, {row.target_id for row in drives}, ["vrm"])
    by_vrm: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in drives:
        for vrm in plates.get(row.target_id, {}).get("vrm", ()):
            by_vrm[vrm].append({"kind": "link", "id": row.id, "link_type": "DRIVES"})
    out = []
    r = tables.anpr_reads
    vrms = sorted(by_vrm)
    for start in range(0, len(vrms), 500):
        for row in conn.execute(
            select(r.c.id, r.c.vrm, r.c.read_at, r.c.latitude, r.c.longitude).where(
                r.c.vrm.in_(vrms[start : start + 500]), r.c.read_at < at, r.c.read_at >= since
            )
        ).all():
            out.append(
                (
                    "anpr_read",
                    row.id,
                    aware(row.read_at),
                    (row.latitude, row.longitude),
                    by_vrm[row.vrm],
                )
            )
    g = tables.sightings
    members = sorted({m for p in people for m in canonical.members(p)})
    for start in range(0, len(members), 500):
        for row in conn.execute(
            select(g.c.id, g.c.person_id, g.c.seen_at, g.c.latitude, g.c.longitude).where(
                g.c.person_id.in_(members[start : start + 500]),
                g.c.seen_at < at,
                g.c.seen_at >= since,
            )
        ).all():
            person = {"kind": "person", "id": canonical.of(row.person_id)}
            out.append(
                ("sighting", row.id, aware(row.seen_at), (row.latitude, row.longitude), [person])
            )
    return out


def visitor_signals(
    conn: Connection, canonical: Canonical, at: datetime, signals: dict[str, Signals]
) -> None:
    """Days on which people tied to a line, or their vehicles, were close to an address."""
    places = _points(conn, canonical)
    if not places:
        return
    ties = line_ties(conn, canonical, at)
    if not ties:
        return
    events = _events(conn, canonical, at, set(ties))
    for address, points in places.items():
        near = [ev for ev in events if any(metres(point, ev[3]) <= RADIUS_M for point in points)]
        if not near:
            continue
        near.sort(key=lambda ev: ev[2], reverse=True)
        days: dict[date, datetime] = {}
        for ev in near:
            days.setdefault(ev[2].date(), ev[2])
        counted = sorted(days.values(), reverse=True)[:DAYS_CAP]
        entry = signals[address]
        entry.visitors += sum(POINTS_PER_DAY * fade(at, moment) for moment in counted)
        for kind, words in (
            ("anpr_read", "vehicles driven by people tied to a county line were read by ANPR"),
            ("sighting", "officers saw people tied to a county line"),
        ):
            mine = [ev for ev in near if ev[0] == kind]
            if not mine:
                continue
            on_days = len({ev[2].date() for ev in mine})
            entry.reasons.append(
                f"{words} within {RADIUS_M:.0f} m on {on_days} day{'s' if on_days != 1 else ''}"
                f" (latest {mine[0][2]:%d %b %Y})"
            )
            for ev in mine[:EVIDENCE_CAP]:
                entry.evidence.append({"kind": kind, "id": ev[1]})
                entry.evidence.extend(ev[4])
