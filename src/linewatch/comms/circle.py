"""A line's circle: the phones its holder and runners keep in touch with, besides the line.

The people who run a line without working its phone leave their trace one step out. The
controller directs the holder and the runners from a phone of their own: the holder is in
touch with it throughout, it stays away from the street where the line sells, and now and
then it calls or texts the line itself to check on it. The storekeeper keeps the stock where
the line sells: several of the line's runners are in touch with it while they work, it is
served in the target area, and it has no dealings with the holder or the line. Friends the
workers share are in touch with them too, but a friend neither checks on the line nor keeps
its runners' company across the target area, which is what these rules ask for.

Every tie (a worker's calls and texts with a number, per production) is a fact and becomes a
``CONTACTED`` link from the worker's phone; the conclusions are ``CONTROLLER_PHONE`` and
``STOREKEEPER_PHONE`` assessments that ``staffing`` writes with the line staff's.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb

from linewatch import geo
from linewatch.comms.contacts import PhoneContact
from linewatch.comms.duck import temp_table
from linewatch.comms.runners import LINE_HOLDER, LOCAL_ZONE, RUNNER, LineStaff

CONTROLLER = "CONTROLLER"
STOREKEEPER = "STOREKEEPER"
CIRCLE_CLAIMS = {CONTROLLER: "CONTROLLER_PHONE", STOREKEEPER: "STOREKEEPER_PHONE"}


@dataclass(frozen=True)
class CircleRules:
    """What makes a number part of a line's circle, and its controller or storekeeper."""

    # Calls and texts with one worker phone, on this many days at least, make a tie.
    tie_events: int = 3
    tie_days: int = 2
    # A storekeeper is tied to this many of the line's runners, and served in the target
    # area for at least this share of its located events.
    storekeeper_runners: int = 2
    storekeeper_target_share: float = 0.5
    # A controller is served in the target area for at most this share: it stays away.
    controller_target_share: float = 0.1
    hub_radius_km: float = 30.0


@dataclass
class CirclePhone:
    """A number a line's workers are tied to, and what its ties and cells suggest."""

    line: str
    number: str
    role: str | None = None
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    holder_events: int = 0
    runners: dict[str, int] = field(default_factory=dict)  # runner number -> events
    line_events: int = 0  # calls and texts with the line itself
    located_events: int = 0
    target_events: int = 0
    hub_events: int = 0
    productions: list[str] = field(default_factory=list)

    @property
    def target_share(self) -> float:
        return self.target_events / self.located_events if self.located_events else 0.0

    def figures(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "number": self.number,
            "events_with_holder": self.holder_events,
            "runners_tied": len(self.runners),
            "events_with_runners": sum(self.runners.values()),
            "events_with_line": self.line_events,
            "located_events": self.located_events,
            "target_area_events": self.target_events,
            "hub_events": self.hub_events,
        }


@dataclass
class Circle:
    ties: list[PhoneContact] = field(default_factory=list)
    phones: list[CirclePhone] = field(default_factory=list)

    @property
    def placed(self) -> list[CirclePhone]:
        return [p for p in self.phones if p.role is not None]


def line_circle(
    con: duckdb.DuckDBPyConnection, staff: list[LineStaff], rules: CircleRules | None = None
) -> Circle:
    """The ties of every line's holder and runner phones, and who among them runs the line."""
    rules = rules or CircleRules()
    lines = sorted({s.line for s in staff})
    workers = {p.number: p.role for s in staff for p in s.phones}
    if not workers:
        return Circle()
    temp_table(con, "circle_workers", {"number": sorted(workers)})
    temp_table(con, "circle_lines", {"number": lines})
    rows = con.execute(_TIES_SQL, {"zone": LOCAL_ZONE}).fetchall()
    contacts: dict[tuple[str, str], list[PhoneContact]] = defaultdict(list)
    days: dict[tuple[str, str], int] = defaultdict(int)
    for worker, other, production, events, calls, first, last, synthetic, on in rows:
        if other in workers:
            continue  # workers with one another are the line's staff, placed already
        contact = PhoneContact(worker, other, production, int(events), int(calls), first, last)
        contacts[(worker, other)].append(replace(contact, is_synthetic=bool(synthetic)))
        days[(worker, other)] += int(on)  # productions hold each side's calls apart
    circle = Circle()
    tied: dict[str, dict[str, int]] = defaultdict(dict)  # worker -> other -> events
    productions: dict[str, set[str]] = defaultdict(set)
    for (worker, other), rows_of_pair in contacts.items():
        events = sum(c.contacts for c in rows_of_pair)
        if events >= rules.tie_events and days[(worker, other)] >= rules.tie_days:
            circle.ties += rows_of_pair
            tied[worker][other] = events
            productions[other] |= {c.production_id for c in rows_of_pair}
    others = sorted({o for ties in tied.values() for o in ties})
    with_line = _with_lines(con, others)
    places = _places(con, others)
    for s in staff:
        target = geo.named_area(s.target_area)
        found: dict[str, CirclePhone] = {}
        for p in s.phones:
            for other, events in tied.get(p.number, {}).items():
                phone = found.setdefault(other, CirclePhone(s.line, other))
                if p.role == LINE_HOLDER:
                    phone.holder_events += events
                elif p.role == RUNNER:
                    phone.runners[p.number] = events
        for phone in found.values():
            phone.line_events = with_line.get((phone.number, s.line), 0)
            phone.productions = sorted(productions[phone.number])
            for lat, lon, events in places.get(phone.number, []):
                phone.located_events += events
                if target.contains(lat, lon):
                    phone.target_events += events
                elif s.hub and _km(lat, lon, s.hub.latitude, s.hub.longitude) <= (
                    rules.hub_radius_km
                ):
                    phone.hub_events += events
            _judge(phone, s, rules)
            circle.phones.append(phone)
    return circle


def _judge(phone: CirclePhone, staff: LineStaff, rules: CircleRules) -> None:
    area = staff.target_area
    where = f"{phone.target_events} of its {phone.located_events} located events"
    if (
        phone.holder_events
        and phone.line_events
        and phone.located_events
        and phone.target_share <= rules.controller_target_share
    ):
        phone.role = CONTROLLER
        grounds = [0.4, 0.3]
        phone.reasons += [
            f"in touch with the line's holder {phone.holder_events} times: "
            "someone the holder answers to or works with",
            f"called or texted the line itself {phone.line_events} times, without the line "
            "ringing it as it does its workers: checking on the line, not working it",
            f"served in {area}, where the line sells, for only {where}: it stays off the street",
        ]
        if phone.runners:
            grounds.append(0.3)
            phone.reasons.append(
                f"also in touch with {len(phone.runners)} of the line's runners "
                f"({sum(phone.runners.values())} times)"
            )
        phone.score = _combine(grounds)
    elif (
        len(phone.runners) >= rules.storekeeper_runners
        and not phone.holder_events
        and not phone.line_events
        and phone.target_share >= rules.storekeeper_target_share
    ):
        phone.role = STOREKEEPER
        grounds = [0.4, 0.3, min(0.4, 0.1 * len(phone.runners))]
        phone.reasons += [
            f"in touch with {len(phone.runners)} of the line's runners "
            f"({sum(phone.runners.values())} times), and never with its holder or the line",
            f"served in {area}, where the line sells, for {where}: "
            "local to the runners' work, as a stash is",
        ]
        phone.score = _combine(grounds)


def _combine(scores: list[float]) -> float:
    doubt = 1.0
    for s in scores:
        doubt *= 1 - s
    return round(1 - doubt, 3)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


def _with_lines(con: duckdb.DuckDBPyConnection, others: list[str]) -> dict[tuple[str, str], int]:
    temp_table(con, "circle_others", {"number": others})
    rows = con.execute(_WITH_LINES_SQL).fetchall()
    return {(str(o), str(line)): int(n) for o, line, n in rows}


def _places(
    con: duckdb.DuckDBPyConnection, others: list[str]
) -> dict[str, list[tuple[float, float, int]]]:
    temp_table(con, "circle_others", {"number": others})
    out: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for number, lat, lon, events in con.execute(_PLACES_SQL).fetchall():
        out[str(number)].append((float(lat), float(lon), int(events)))
    return out


# A worker's calls and texts with every other number (not a line), per production.
_TIES_SQL = """
WITH ev AS (
    SELECT calling_number AS worker, called_number AS other, production_id, event_type,
           timestamp, is_synthetic
    FROM calls WHERE calling_number IN (SELECT number FROM circle_workers)
    UNION ALL
    SELECT called_number, calling_number, production_id, event_type, timestamp, is_synthetic
    FROM calls WHERE called_number IN (SELECT number FROM circle_workers)
)
SELECT worker, other, production_id, count(*), count(*) FILTER (WHERE event_type = 'CALL'),
       min(timestamp), max(timestamp), bool_or(coalesce(is_synthetic, false)),
       count(DISTINCT CAST(timezone($zone, timestamp) AS DATE))
FROM ev
WHERE other IS NOT NULL AND other <> worker
  AND other NOT IN (SELECT number FROM circle_lines)
GROUP BY worker, other, production_id
ORDER BY worker, other, production_id
"""

_WITH_LINES_SQL = """
SELECT o.number, l.number, count(*)
FROM calls AS k
JOIN circle_others AS o ON o.number IN (k.calling_number, k.called_number)
JOIN circle_lines AS l ON l.number IN (k.calling_number, k.called_number)
GROUP BY ALL
"""

_PLACES_SQL = """
SELECT calling_number, cell_latitude, cell_longitude, count(*)
FROM calls
WHERE calling_number IN (SELECT number FROM circle_others)
  AND cell_latitude IS NOT NULL AND cell_longitude IS NOT NULL
GROUP BY ALL
"""
