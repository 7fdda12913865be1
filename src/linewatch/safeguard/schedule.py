"""A shift's welfare visits: who makes them, in what order, and which are already late.

Visits not yet assigned go to the force's neighbourhood officers (active users in the officer
role) by area: the stops are sorted by bearing round Oakham and cut into one contiguous slice
per officer, so each officer works one side of the county. Each officer's stops are then
ordered into a round trip from Oakham police station (``route.plan_route``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from math import atan2

from sqlalchemy import select

from linewatch.access import FORCE_ORG, Access, Permission
from linewatch.model import AuditOperation, Role
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import AsOf, day_start
from linewatch.safeguard.entities import property_values
from linewatch.safeguard.places import fold_same_homes
from linewatch.safeguard.route import OAKHAM_BASE, Point, place_of, plan_route, road_km
from linewatch.safeguard.visits import Visit, visits_due
from linewatch.store import tables

BASE = Point(*OAKHAM_BASE)


@dataclass(frozen=True)
class Stop:
    visit: Visit
    point: Point
    place: str
    overdue: bool
    leg_km: float


@dataclass
class Shift:
    """One officer's visits for a day, in route order, with those that could not be placed."""

    officer: str | None
    day: date
    stops: list[Stop] = field(default_factory=list)
    unplaced: list[Visit] = field(default_factory=list)

    @property
    def distance_km(self) -> float:
        if not self.stops:
            return 0.0
        return sum(s.leg_km for s in self.stops) + road_km(self.stops[-1].point, BASE)

    @property
    def overdue(self) -> list[Stop]:
        return [s for s in self.stops if s.overdue]


def neighbourhood_officers(access: Access) -> list[str]:
    """The force's active officers, who make welfare visits."""
    u = tables.users
    with access.store.begin() as conn:
        rows = conn.execute(
            select(u.c.id)
            .where(
                u.c.role == Role.OFFICER.value,
                u.c.active.is_(True),
                u.c.organisation_id == FORCE_ORG,
            )
            .order_by(u.c.id)
        ).scalars()
        return list(rows)


def _places(access: Access, visits: Sequence[Visit]) -> dict[str, tuple[Point, str]]:
    """visit id -> where it is: recorded coordinates first, else its town's centre."""
    with access.store.begin() as conn:
        canonical = fold_same_homes(conn, Canonical.load(conn))
        members = {m: v.address_id for v in visits for m in canonical.members(v.address_id)}
        props = property_values(conn, members, ["latlon", "town"])
    by_address: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for member, values in props.items():
        for prop, found in values.items():
            by_address[members[member]][prop] |= found
    out: dict[str, tuple[Point, str]] = {}
    for visit in visits:
        values = by_address.get(visit.address_id, {})
        town = sorted(values.get("town", set()))
        placed = place_of(visit.address, town[0] if town else None)
        for latlon in sorted(values.get("latlon", set())):
            lat, lon = (float(x) for x in latlon.split(","))
            placed = (Point(lat, lon), placed[1] if placed else "recorded coordinates")
            break
        if placed is not None:
            out[visit.id] = placed
    return out


def _bearing(point: Point) -> float:
    return atan2(point.latitude - BASE.latitude, point.longitude - BASE.longitude)


def assign_visits(
    access: Access, as_of: AsOf = None, officers: Sequence[str] | None = None, within_days: int = 7
) -> dict[str, list[str]]:
    """Give each unassigned visit due within ``within_days`` to a neighbourhood officer, by area.

    Returns officer -> the visit ids newly assigned to them.
    """
    if not (access.can(Permission.MANAGE_TASKS) or access.can(Permission.RUN_ANALYSIS)):
        access.require(Permission.MANAGE_TASKS)
    team = sorted(officers) if officers is not None else neighbourhood_officers(access)
    if not team:
        raise ValueError("no neighbourhood officers to assign visits to")
    open_ = [v for v in visits_due(access, as_of, within_days) if v.assigned_to is None]
    places = _places(access, open_)
    # Stops that cannot be placed go last, so each officer's slice stays one area.
    ordered = sorted(
        open_,
        key=lambda v: (
            v.id not in places,
            _bearing(places[v.id][0]) if v.id in places else 0,
            v.id,
        ),
    )
    given: dict[str, list[str]] = {officer: [] for officer in team}
    share, extra = divmod(len(ordered), len(team))
    start = 0
    for index, officer in enumerate(team):
        end = start + share + (1 if index < extra else 0)
        given[officer] = [v.id for v in ordered[start:end]]
        start = end
    v = tables.visits
    with access.store.begin() as conn:
        for officer, ids in given.items():
            if ids:
                conn.execute(v.update().where(v.c.id.in_(ids)).values(assigned_to=officer))
        changed = [f"visits:{i}" for ids in given.values() for i in ids]
        if changed:
            access.log(conn, AuditOperation.ALTERATION, changed)
    return {officer: ids for officer, ids in given.items() if ids}


def plan_shifts(access: Access, as_of: AsOf = None, within_days: int = 7) -> list[Shift]:
    """Each officer's due visits (late ones included) ordered into a route; unassigned last."""
    day = day_start(as_of)
    due = visits_due(access, as_of, within_days)
    places = _places(access, due)
    by_officer: dict[str | None, list[Visit]] = defaultdict(list)
    for visit in due:
        by_officer[visit.assigned_to].append(visit)
    shifts = []
    for officer in sorted(by_officer, key=lambda o: (o is None, o or "")):
        shifts.append(_shift(officer, day, by_officer[officer], places))
    return shifts


def _shift(
    officer: str | None,
    day: datetime,
    visits: list[Visit],
    places: dict[str, tuple[Point, str]],
) -> Shift:
    shift = Shift(officer, day.date())
    placed = [v for v in visits if v.id in places]
    shift.unplaced = [v for v in visits if v.id not in places]
    points = [places[v.id][0] for v in placed]
    here = BASE
    for index in plan_route(BASE, points):
        visit = placed[index]
        point, name = places[visit.id]
        shift.stops.append(
            Stop(visit, point, name, visit.scheduled_for < day, round(road_km(here, point), 2))
        )
        here = point
    return shift
