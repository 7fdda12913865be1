"""Ordering a shift's welfare visits into a route across Oakham, Uppingham and the villages.

Rutland's roads wind between villages, so the distance between two stops is the great-circle
distance times ``ROAD_FACTOR`` (a usual circuity for rural English roads). The route starts at
the officer's base, takes the nearest unvisited stop each time, then 2-opt swaps any two legs
that cross until no swap shortens it; with a shift's dozen or two stops that is immediate.

An address with no recorded coordinates is placed at the centre of the town or village its
address names (``data/settlements.csv``); stops in one village then cost nothing between them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088
ROAD_FACTOR = 1.3
# Oakham police station, where a Rutland neighbourhood shift starts and ends.
OAKHAM_BASE = (52.6703, -0.7277)


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@cache
def settlements() -> dict[str, Point]:
    """Rutland's towns and villages by lower-case name, at their centres."""
    text = resources.files("linewatch.safeguard").joinpath("data", "settlements.csv")
    rows = csv.reader(line for line in text.read_text("utf-8").splitlines() if line[:1] != "#")
    return {name.strip().lower(): Point(float(lat), float(lon)) for name, lat, lon in rows}


def place_of(address: str, town: str | None = None) -> tuple[Point, str] | None:
    """Where an address is, from its town (or the last place its text names): point and name."""
    known = settlements()
    candidates = [town] if town else []
    candidates += [part.strip() for part in reversed(address.split(","))]
    for candidate in candidates:
        if candidate and candidate.strip().lower() in known:
            return known[candidate.strip().lower()], candidate.strip()
    return None


def road_km(a: Point, b: Point) -> float:
    """Road-ish distance: haversine times the rural road factor."""
    lat1, lat2 = radians(a.latitude), radians(b.latitude)
    dlat, dlon = lat2 - lat1, radians(b.longitude - a.longitude)
    h = sin(dlat / 2) ** 2 + cos(lat1) * cos(lat2) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h))) * ROAD_FACTOR


def tour_km(base: Point, stops: Sequence[Point], order: Sequence[int]) -> float:
    """Length of a round trip from ``base`` through ``stops`` in ``order`` and back."""
    path = [base, *(stops[i] for i in order), base]
    return sum(road_km(path[i], path[i + 1]) for i in range(len(path) - 1))


def nearest_neighbour(base: Point, stops: Sequence[Point]) -> list[int]:
    order: list[int] = []
    left = set(range(len(stops)))
    here = base
    while left:
        # Ties (stops in one village) go to the lower index, so a plan is reproducible.
        step = min(left, key=lambda i: (road_km(here, stops[i]), i))
        order.append(step)
        left.remove(step)
        here = stops[step]
    return order


def two_opt(base: Point, stops: Sequence[Point], order: Sequence[int]) -> list[int]:
    """Reverse any stretch of the tour whose reversal shortens it, until none does."""
    nodes = [base, *(stops[i] for i in order), base]
    best = list(order)
    improved = True
    while improved:
        improved = False
        for i in range(1, len(nodes) - 2):
            for j in range(i + 1, len(nodes) - 1):
                before = road_km(nodes[i - 1], nodes[i]) + road_km(nodes[j], nodes[j + 1])
                after = road_km(nodes[i - 1], nodes[j]) + road_km(nodes[i], nodes[j + 1])
                if after < before - 1e-9:
                    nodes[i : j + 1] = reversed(nodes[i : j + 1])
                    best[i - 1 : j] = reversed(best[i - 1 : j])
                    improved = True
    return best


def plan_route(base: Point, stops: Sequence[Point]) -> list[int]:
    """The order to visit ``stops`` from ``base`` and back: nearest neighbour, then 2-opt."""
    return two_opt(base, stops, nearest_neighbour(base, stops))
