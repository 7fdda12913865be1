"""The people working a deal line, seen through their phones: runners and the line holder.

A deal line rings few numbers: its customers ring it and are sent its flares, but the calls it
makes go to the people working it. Each number a line rings often is placed by the cells that
served it. A runner's phone is served in the target area (Rutland) where the line sells, and a
runner sent from the exporting hub is served near the hub and in the target area on the same
day: the journey, and on the days the line was selling. The holder's phone stays at the hub,
where the line's own phone is served, and never in the target area; it is in touch with the
line for most of its life. The hub is found from the data, not assumed: it is where the line's
own phone is served outside the target area.

Every conclusion keeps its figures and reasons; ``record_line_staff`` writes them as
assessments on the phones, resting on the line's deal-line assessment and the productions.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from linewatch import geo
from linewatch.comms.analysis import phone_id
from linewatch.comms.callstore import CallStore

RUNNER = "RUNNER"
LINE_HOLDER = "LINE_HOLDER"
WORKER = "WORKER"  # works with the line, but where it is served says no more
CLAIMS = {RUNNER: "RUNNER_PHONE", LINE_HOLDER: "LINE_HOLDER_PHONE"}
METHOD = "comms.line_staff"
METHOD_VERSION = "1"
LOCAL_ZONE = "Europe/London"


@dataclass(frozen=True)
class StaffRules:
    """What it takes for a number to count as working a line, and as its runner or holder."""

    target_area: str = "Rutland"
    # The line rang it at least this often, on at least this many days.
    min_calls_out: int = 5
    min_days: int = 3
    # Cells within this distance of the line's own hub cells count as the hub.
    hub_radius_km: float = 30.0
    # A runner is served in the target area for at least this share of its located events.
    runner_target_share: float = 0.3
    # Days served both at the hub and in the target area, on days the line was selling.
    travel_days: int = 2
    # A holder is served in the target area for at most this share, at the hub for at least
    # the other, and in touch with the line for at least ``holder_span`` of the line's weeks.
    holder_target_share: float = 0.05
    holder_hub_share: float = 0.6
    holder_span: float = 0.5
    # A day the line exchanged with at least this many numbers is a day it was selling.
    selling_contacts: int = 3


@dataclass(frozen=True)
class Hub:
    """Where a line's own phone is served outside the target area."""

    latitude: float
    longitude: float
    cells: int
    district: str | None

    @property
    def label(self) -> str:
        place = self.district or "an area outside Leicestershire and Rutland"
        return f"{place} (around {self.latitude:.3f}, {self.longitude:.3f})"


@dataclass
class StaffPhone:
    """A number a deal line rings often, with where it was served and what that suggests."""

    line: str
    number: str
    role: str
    score: float
    reasons: list[str]
    calls_from_line: int
    calls_to_line: int
    texts: int
    days_in_contact: int
    first_contact: datetime
    last_contact: datetime
    weeks_in_contact: int = 0
    located_events: int = 0
    target_events: int = 0
    hub_events: int = 0
    target_days: int = 0
    travel_days: list[date] = field(default_factory=list)
    selling_travel_days: list[date] = field(default_factory=list)
    productions: list[str] = field(default_factory=list)

    @property
    def phone_id(self) -> str:
        return phone_id(self.number)

    @property
    def target_share(self) -> float:
        return self.target_events / self.located_events if self.located_events else 0.0

    @property
    def hub_share(self) -> float:
        return self.hub_events / self.located_events if self.located_events else 0.0

    def figures(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "number": self.number,
            "calls_from_line": self.calls_from_line,
            "calls_to_line": self.calls_to_line,
            "texts": self.texts,
            "days_in_contact": self.days_in_contact,
            "weeks_in_contact": self.weeks_in_contact,
            "first_contact": self.first_contact.isoformat(),
            "last_contact": self.last_contact.isoformat(),
            "located_events": self.located_events,
            "target_area_events": self.target_events,
            "hub_events": self.hub_events,
            "target_area_days": self.target_days,
            "travel_days": len(self.travel_days),
            "travel_days_while_selling": len(self.selling_travel_days),
            "first_travel_days": [d.isoformat() for d in self.selling_travel_days[:5]],
        }


@dataclass
class LineStaff:
    """The numbers working one deal line, runners and holder first."""

    line: str
    target_area: str
    hub: Hub | None
    line_weeks: int
    selling_days: int
    phones: list[StaffPhone] = field(default_factory=list)

    @property
    def runners(self) -> list[StaffPhone]:
        return [p for p in self.phones if p.role == RUNNER]

    @property
    def method(self) -> str:
        return f"{METHOD} version {METHOD_VERSION}"

    @property
    def holders(self) -> list[StaffPhone]:
        return [p for p in self.phones if p.role == LINE_HOLDER]


def line_staff(
    calls: CallStore, lines: list[str], rules: StaffRules | None = None
) -> list[LineStaff]:
    """The runners, holder and other workers of each of ``lines``, from the call records."""
    rules = rules or StaffRules()
    if not lines:
        return []
    con = calls.con
    contacts = con.execute(_CONTACTS_SQL, {"lines": lines, "zone": LOCAL_ZONE}).fetchall()
    working: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in contacts:
        if row[2] >= rules.min_calls_out and row[5] >= rules.min_days:
            working[row[0]].append(row)
    numbers = sorted({*lines, *(r[1] for rows in working.values() for r in rows)})
    placed: dict[str, list[tuple[date, str, float, float, int]]] = defaultdict(list)
    for number, day, cell, lat, lon, events in con.execute(
        _PLACES_SQL, {"numbers": numbers, "zone": LOCAL_ZONE}
    ).fetchall():
        placed[number].append((day, cell, float(lat), float(lon), int(events)))
    selling: dict[str, set[date]] = defaultdict(set)
    weeks: dict[str, int] = {}
    for line, day, others in con.execute(
        _SELLING_SQL, {"lines": lines, "zone": LOCAL_ZONE}
    ).fetchall():
        if others >= rules.selling_contacts:
            selling[line].add(day)
    for line, count in con.execute(_WEEKS_SQL, {"lines": lines, "zone": LOCAL_ZONE}).fetchall():
        weeks[line] = int(count)
    target = geo.named_area(rules.target_area)
    found = []
    for line in lines:
        hub = _hub(placed[line], target, rules)
        staff = LineStaff(line, rules.target_area, hub, weeks.get(line, 0), len(selling[line]))
        for row in working.get(line, []):
            phone = _phone(row)
            _place(phone, placed[phone.number], target, hub, selling[line], rules)
            _judge(phone, staff, rules)
            staff.phones.append(phone)
        staff.phones.sort(key=lambda p: (_ORDER[p.role], -p.score, p.number))
        found.append(staff)
    return found


_ORDER = {LINE_HOLDER: 0, RUNNER: 1, WORKER: 2}


def _phone(row: tuple[Any, ...]) -> StaffPhone:
    line, other, out, back, texts, days, weeks, first, last, productions = row
    return StaffPhone(
        line,
        other,
        WORKER,
        0.0,
        [],
        int(out),
        int(back),
        int(texts),
        int(days),
        first,
        last,
        weeks_in_contact=int(weeks),
        productions=sorted(productions or []),
    )


@cache
def _inside(area: str, latitude: float, longitude: float) -> bool:
    return geo.named_area(area).contains(latitude, longitude)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), plenty for tens of kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


def _hub(
    places: list[tuple[date, str, float, float, int]], target: geo.Area, rules: StaffRules
) -> Hub | None:
    away = [p for p in places if not _inside(target.name, p[2], p[3])]
    total = sum(p[4] for p in away)
    if not total:
        return None
    # The event-weighted centre of the line's own cells outside the target area.
    lat = sum(p[2] * p[4] for p in away) / total
    lon = sum(p[3] * p[4] for p in away) / total
    district = next((a.name for a in geo.districts() if a.contains(lat, lon)), None)
    return Hub(round(lat, 4), round(lon, 4), len({p[1] for p in away}), district)


def _place(
    phone: StaffPhone,
    places: list[tuple[date, str, float, float, int]],
    target: geo.Area,
    hub: Hub | None,
    selling: set[date],
    rules: StaffRules,
) -> None:
    """Count where the phone was served: the target area, the line's hub, by day."""
    at_target: set[date] = set()
    at_hub: set[date] = set()
    for day, _cell, lat, lon, events in places:
        phone.located_events += events
        if _inside(target.name, lat, lon):
            phone.target_events += events
            at_target.add(day)
        elif hub is None or _km(lat, lon, hub.latitude, hub.longitude) <= rules.hub_radius_km:
            phone.hub_events += events
            at_hub.add(day)
    phone.target_days = len(at_target)
    phone.travel_days = sorted(at_target & at_hub)
    phone.selling_travel_days = sorted(at_target & at_hub & selling)


def _combine(scores: list[float]) -> float:
    """Independent grounds raise confidence: one minus the product of the doubts."""
    doubt = 1.0
    for s in scores:
        doubt *= 1 - s
    return round(1 - doubt, 3)


def _judge(phone: StaffPhone, staff: LineStaff, rules: StaffRules) -> None:
    area = staff.target_area
    hub = staff.hub.label if staff.hub else f"outside {area}"
    grounds = [0.4]
    phone.reasons.append(
        f"the line rang it {phone.calls_from_line} times on {phone.days_in_contact} days "
        f"(it rang the line {phone.calls_to_line} times): a line rings the people working it, "
        "not its customers"
    )
    if not phone.located_events:
        phone.reasons.append("no serving cell recorded for its own calls, so not placed")
        phone.score = _combine(grounds)
        return
    share = f"{phone.target_events} of its {phone.located_events} located events"
    if phone.target_share >= rules.runner_target_share:
        phone.role = RUNNER
        grounds.append(0.5)
        phone.reasons.append(
            f"served by cells in {area}, where the line sells, for {share} "
            f"on {phone.target_days} days"
        )
        if len(phone.selling_travel_days) >= rules.travel_days:
            grounds.append(0.4)
            phone.reasons.append(
                f"served near the line's hub, {hub}, and in {area} on the same day "
                f"{len(phone.selling_travel_days)} times while the line was selling "
                f"(first {phone.selling_travel_days[0]:%d %b %Y}): travelling out to deal"
            )
    elif (
        phone.target_share <= rules.holder_target_share
        and phone.hub_share >= rules.holder_hub_share
    ):
        span = phone.weeks_in_contact / staff.line_weeks if staff.line_weeks else 0.0
        phone.reasons.append(
            f"served near the line's hub, {hub}, for {phone.hub_events} of its "
            f"{phone.located_events} located events and in {area} for {phone.target_events}: "
            "it stays away from the street dealing"
        )
        if span >= rules.holder_span:
            phone.role = LINE_HOLDER
            grounds += [0.4, 0.3]
            phone.reasons.append(
                f"in touch with the line in {phone.weeks_in_contact} of its "
                f"{staff.line_weeks} weeks: directing it throughout, as a holder does"
            )
    else:
        phone.reasons.append(
            f"served in {area} for {share}: too few for a runner, too many for a holder"
        )
    phone.score = _combine(grounds)


# Calls and texts between each line and each number, with the days and weeks they fall on.
_CONTACTS_SQL = """
WITH ev AS (
    SELECT calling_number AS line, called_number AS other, event_type = 'CALL' AS is_call,
           true AS outward, timestamp, production_id
    FROM calls WHERE list_contains($lines, calling_number)
    UNION ALL
    SELECT called_number, calling_number, event_type = 'CALL', false, timestamp, production_id
    FROM calls WHERE list_contains($lines, called_number)
)
SELECT line, other,
       count(*) FILTER (WHERE is_call AND outward),
       count(*) FILTER (WHERE is_call AND NOT outward),
       count(*) FILTER (WHERE NOT is_call),
       count(DISTINCT CAST(timezone($zone, timestamp) AS DATE)),
       count(DISTINCT date_trunc('week', timezone($zone, timestamp))),
       min(timestamp), max(timestamp), list(DISTINCT production_id)
FROM ev WHERE other IS NOT NULL AND other <> line
GROUP BY line, other
ORDER BY line, other
"""

_PLACES_SQL = """
SELECT calling_number, CAST(timezone($zone, timestamp) AS DATE) AS day, cell_id,
       any_value(cell_latitude), any_value(cell_longitude), count(*)
FROM calls
WHERE list_contains($numbers, calling_number) AND cell_id IS NOT NULL
  AND cell_latitude IS NOT NULL AND cell_longitude IS NOT NULL
GROUP BY ALL
"""

_SELLING_SQL = """
WITH ev AS (
    SELECT calling_number AS line, called_number AS other, timestamp FROM calls
    WHERE list_contains($lines, calling_number)
    UNION ALL
    SELECT called_number, calling_number, timestamp FROM calls
    WHERE list_contains($lines, called_number)
)
SELECT line, CAST(timezone($zone, timestamp) AS DATE) AS day, count(DISTINCT other)
FROM ev GROUP BY ALL
"""

_WEEKS_SQL = """
SELECT calling_number, count(DISTINCT date_trunc('week', timezone($zone, timestamp)))
FROM calls WHERE list_contains($lines, calling_number) GROUP BY ALL
"""
