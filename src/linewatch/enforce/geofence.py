"""Bail conditions as geofences tested against many sightings at once.

A fence is one condition of one bailed person: an exclusion area (a polygon), an exclusion
address (a point and a radius in metres), or a curfew (hours during which the person must be at
home: a sighting further than ``radius_m`` from home in those hours breaks it). Sightings are
plain arrays (a person index, latitude, longitude, Unix seconds); each is tested only against the
fences of its own person, within the fence's live window, with a bounding-box prefilter before
the exact ``shapely.contains_xy`` test, so millions of sightings take seconds.
``fence_hits_loop`` is the same test one sighting and one fence at a time, kept as the reference
the vectorised one must agree with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from math import cos, radians
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

METRES_PER_DEGREE = 111_320.0
AREA, ADDRESS, CURFEW = "EXCLUSION_AREA", "EXCLUSION_ADDRESS", "CURFEW"


@dataclass(frozen=True)
class Fence:
    person: int
    kind: str
    start: float  # Unix seconds, inclusive
    end: float  # Unix seconds, exclusive (inf when open)
    area: BaseGeometry | None = None
    latitude: float = 0.0
    longitude: float = 0.0
    radius_m: float = 0.0
    curfew_from: int = 0  # hour of day (UTC), inclusive
    curfew_to: int = 0  # hour of day, exclusive; may wrap past midnight


def _metres(lat0: float, lon0: float, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> Any:
    dy = (lat - lat0) * METRES_PER_DEGREE
    dx = (lon - lon0) * METRES_PER_DEGREE * cos(radians(lat0))
    return np.hypot(dx, dy)


def _in_curfew(hours: NDArray[np.int64], start: int, end: int) -> Any:
    return (hours >= start) & (hours < end) if start <= end else (hours >= start) | (hours < end)


def fence_hits(
    fences: Sequence[Fence],
    person: NDArray[np.int64],
    latitude: NDArray[np.float64],
    longitude: NDArray[np.float64],
    seconds: NDArray[np.float64],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(sighting index, fence index) for every sighting that breaks a fence of its person."""
    by_person: dict[int, list[int]] = {}
    for index, fence in enumerate(fences):
        by_person.setdefault(fence.person, []).append(index)
    wanted = np.fromiter(by_person, dtype=np.int64)
    candidates = np.flatnonzero(np.isin(person, wanted))
    order = candidates[np.argsort(person[candidates], kind="stable")]
    people, starts = np.unique(person[order], return_index=True)
    bounds = np.append(starts, len(order))
    out_reads: list[NDArray[np.int64]] = []
    out_fences: list[NDArray[np.int64]] = []
    for p, lo, hi in zip(people.tolist(), bounds[:-1], bounds[1:], strict=True):
        rows = order[lo:hi]
        for index in by_person[p]:
            hit = _test(fences[index], rows, latitude, longitude, seconds)
            if hit.size:
                out_reads.append(hit)
                out_fences.append(np.full(hit.size, index, dtype=np.int64))
    if not out_reads:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(out_reads), np.concatenate(out_fences)


def _test(
    fence: Fence,
    rows: NDArray[np.int64],
    latitude: NDArray[np.float64],
    longitude: NDArray[np.float64],
    seconds: NDArray[np.float64],
) -> NDArray[np.int64]:
    t = seconds[rows]
    rows = rows[(t >= fence.start) & (t < fence.end)]
    lat, lon = latitude[rows], longitude[rows]
    if fence.kind == AREA and fence.area is not None:
        minx, miny, maxx, maxy = fence.area.bounds
        box = (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
        rows, lat, lon = rows[box], lat[box], lon[box]
        result: NDArray[np.int64] = rows[shapely.contains_xy(fence.area, lon, lat)]
        return result
    near = _metres(fence.latitude, fence.longitude, lat, lon) <= fence.radius_m
    if fence.kind == ADDRESS:
        inside: NDArray[np.int64] = rows[near]
        return inside
    if fence.kind == CURFEW:
        hours = ((seconds[rows] // 3600) % 24).astype(np.int64)
        away: NDArray[np.int64] = rows[
            ~near & _in_curfew(hours, fence.curfew_from, fence.curfew_to)
        ]
        return away
    raise ValueError(f"no geofence test for a {fence.kind} condition")


def breaks(fence: Fence, person: int, latitude: float, longitude: float, seconds: float) -> bool:
    """Whether one sighting breaks one fence: the plain test, one pair at a time."""
    if person != fence.person or not (fence.start <= seconds < fence.end):
        return False
    if fence.kind == AREA and fence.area is not None:
        return bool(fence.area.contains(Point(longitude, latitude)))
    home = Point(fence.longitude, fence.latitude)
    scale = cos(radians(fence.latitude))
    far = Point((longitude - fence.longitude) * scale + fence.longitude, latitude)
    distance = far.distance(home) * METRES_PER_DEGREE
    if fence.kind == ADDRESS:
        return bool(distance <= fence.radius_m)
    hour = datetime.fromtimestamp(seconds, UTC).hour
    start, end = fence.curfew_from, fence.curfew_to
    during = start <= hour < end if start <= end else hour >= start or hour < end
    return bool(during and distance > fence.radius_m)


def fence_hits_loop(
    fences: Sequence[Fence],
    person: Sequence[int],
    latitude: Sequence[float],
    longitude: Sequence[float],
    seconds: Sequence[float],
) -> set[tuple[int, int]]:
    """Every (sighting, fence) pair tested one by one with shapely: the reference."""
    return {
        (r, f)
        for r in range(len(person))
        for f, fence in enumerate(fences)
        if breaks(fence, person[r], latitude[r], longitude[r], seconds[r])
    }
