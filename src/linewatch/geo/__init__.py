"""Boundaries Linewatch holds offline: Rutland and its neighbours, its LSOAs and wards.

Bail exclusion areas, hotspots and maps all read these; nothing is fetched at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.prepared import PreparedGeometry, prep

_FILES = {
    "lad": "leicestershire_rutland_leicester_lad2013.geojson",
    "rutland_lsoa": "rutland_E06000017_lsoa2011.geojson",
    "rutland_msoa": "rutland_E06000017_msoa2011.geojson",
    "rutland_ward": "rutland_E06000017_wards.geojson",
    "leicester_lsoa": "leicester_E06000016_lsoa2011.geojson",
}


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    geometry: BaseGeometry

    @property
    def prepared(self) -> PreparedGeometry:
        return _prepared(self.code, self.geometry)

    def contains(self, latitude: float, longitude: float) -> bool:
        return bool(self.prepared.contains(Point(longitude, latitude)))


_prepared_cache: dict[str, PreparedGeometry] = {}


def _prepared(code: str, geometry: BaseGeometry) -> PreparedGeometry:
    if code not in _prepared_cache:
        _prepared_cache[code] = prep(geometry)
    return _prepared_cache[code]


@cache
def feature_collection(layer: str) -> dict[str, Any]:
    """The raw GeoJSON of one layer, for maps."""
    text = resources.files("linewatch.geo").joinpath("data", _FILES[layer]).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _areas(layer: str, code_key: str, name_key: str) -> list[Area]:
    return [
        Area(f["properties"][code_key], f["properties"][name_key], shape(f["geometry"]))
        for f in feature_collection(layer)["features"]
    ]


@cache
def districts() -> list[Area]:
    """Leicester, Rutland and the seven Leicestershire districts."""
    return _areas("lad", "LAD13CD", "LAD13NM")


@cache
def rutland_lsoas() -> list[Area]:
    return _areas("rutland_lsoa", "LSOA11CD", "LSOA11NM")


@cache
def rutland_wards() -> list[Area]:
    return _areas("rutland_ward", "WD13CD", "WD13NM")


@cache
def named_area(name: str) -> Area:
    """A boundary by name, as a bail exclusion condition gives it ("Rutland", "Leicester",
    "Leicestershire" for the county's seven districts together)."""
    wanted = name.strip().lower()
    if wanted == "leicestershire":
        from shapely.ops import unary_union

        parts = [a.geometry for a in districts() if a.code.startswith("E07")]
        return Area("LEICESTERSHIRE", "Leicestershire", unary_union(parts))
    for area in districts():
        if area.name.lower() == wanted:
            return area
    raise ValueError(f"no boundary held for area {name!r}")


def lsoa_of(latitude: float, longitude: float) -> Area | None:
    """The Rutland LSOA a point falls in, if any."""
    point = Point(longitude, latitude)
    for area in rutland_lsoas():
        if area.prepared.contains(point):
            return area
    return None
