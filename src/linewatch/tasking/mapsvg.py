"""The hotspot map as inline SVG: Rutland's LSOAs shaded by level, wards outlined, events dotted.

Drawn from the boundaries Linewatch holds, so it needs no tiles, no script and no network.
Longitude is scaled by the cosine of Rutland's latitude so that the county keeps its shape.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from linewatch import geo
from linewatch.tasking.hotspots import Hotspot, HotspotPicture

FILL = {"HIGH": "#d4351c", "MEDIUM": "#f47738", "LOW": "#ffdd00", "NONE": "#f3f2f1"}
LEVEL_TEXT = {"HIGH": "high", "MEDIUM": "medium", "LOW": "low", "NONE": "no"}
DOT = {
    "REPORT": ("#1d70b8", "intelligence report"),
    "CUCKOOING": ("#4c2c92", "address at risk of cuckooing"),
    "BREACH": ("#0b0c0c", "possible bail breach"),
    "FLAGGED_VEHICLE": ("#00703c", "flagged vehicle read"),
}


class Projection:
    def __init__(self, bounds: tuple[float, float, float, float], width: int, pad: int) -> None:
        west, south, east, north = bounds
        self.kx = math.cos(math.radians((south + north) / 2))
        self.west, self.north, self.pad = west, north, pad
        self.scale = (width - 2 * pad) / ((east - west) * self.kx)
        self.width = width
        self.height = round((north - south) * self.scale + 2 * pad)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.pad + (lon - self.west) * self.kx * self.scale
        y = self.pad + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def _rings(geometry: BaseGeometry) -> Iterable[Iterable[tuple[float, float]]]:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    for polygon in polygons:
        if isinstance(polygon, Polygon):
            yield polygon.exterior.coords
            yield from (ring.coords for ring in polygon.interiors)


def path_of(geometry: BaseGeometry, project: Projection) -> str:
    parts = []
    for ring in _rings(geometry.simplify(0.0004)):
        points = [project(x, y) for x, y, *_ in ring]
        parts.append("M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
    return " ".join(parts)


def hotspot_map(picture: HotspotPicture, *, width: int = 640, dots: bool = True) -> str:
    """The map as an SVG element, with a title and description for screen readers."""
    lsoas = {a.code: a for a in geo.rutland_lsoas()}
    project = Projection(geo.named_area("Rutland").geometry.bounds, width, 12)
    by_code: dict[str, Hotspot] = {h.code: h for h in picture.lsoas}
    top = picture.top("lsoa", 5)
    desc = "Rutland's 2011 LSOAs shaded by hotspot level, wards outlined. " + " ".join(
        f"{h.rank}: {h.name} ({h.place}), {LEVEL_TEXT[h.level]}." for h in top
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {project.width} {project.height}" '
        'width="100%" role="img" aria-labelledby="lw-hotspot-title lw-hotspot-desc" '
        'data-map="hotspots">',
        f'<title id="lw-hotspot-title">Hotspots in Rutland as of {picture.as_of:%d %B %Y}</title>',
        f'<desc id="lw-hotspot-desc">{escape(desc)}</desc>',
        '<g data-layer="lsoa">',
    ]
    for code, area in lsoas.items():
        spot = by_code.get(code)
        level = spot.level if spot else "NONE"
        label = f"{area.name} ({spot.place if spot else ''}): {LEVEL_TEXT[level]} hotspot"
        # No links inside: an image must hold nothing focusable; the tables below link instead.
        out.append(
            f"<path d={quoteattr(path_of(area.geometry, project))} "
            f'fill="{FILL[level]}" stroke="#505a5f" stroke-width="0.6" data-lsoa="{code}" '
            f'data-level="{level}"><title>{escape(label)}</title></path>'
        )
    out.append('</g><g data-layer="ward" fill="none" stroke="#0b0c0c" stroke-width="1.6">')
    for ward in geo.rutland_wards():
        out.append(
            f'<path d={quoteattr(path_of(ward.geometry, project))} data-ward="{ward.code}">'
            f"<title>{escape(ward.name)} ward</title></path>"
        )
    out.append("</g>")
    if dots:
        out.append('<g data-layer="events" stroke="#ffffff" stroke-width="0.8">')
        seen: set[tuple[str, float, float]] = set()
        for point in picture.points:
            x, y = project(point["longitude"], point["latitude"])
            key = (point["kind"], x, y)
            if key in seen or point["kind"] not in DOT:
                continue
            seen.add(key)
            out.append(f'<circle cx="{x}" cy="{y}" r="3.2" fill="{DOT[point["kind"]][0]}"/>')
        out.append("</g>")
    out.append('<g data-layer="ranks" font-family="Arial, sans-serif" font-size="13">')
    for spot in top:
        centre = lsoas[spot.code].geometry.representative_point()
        x, y = project(centre.x, centre.y)
        out.append(
            f'<circle cx="{x}" cy="{y}" r="10" fill="#ffffff" stroke="#0b0c0c" stroke-width="1.5"/>'
            f'<text x="{x}" y="{y + 4.5}" text-anchor="middle" fill="#0b0c0c" '
            f'font-weight="bold">{spot.rank}</text>'
        )
    out.append("</g></svg>")
    return "".join(out)


def legend() -> list[dict[str, str]]:
    """The map's key, for the page to lay out as text beside it."""
    areas = [
        {"colour": FILL[k], "label": f"{LEVEL_TEXT[k].capitalize()} hotspot", "shape": "area"}
        for k in ("HIGH", "MEDIUM", "LOW")
    ]
    return areas + [
        {"colour": colour, "label": label.capitalize(), "shape": "dot"}
        for colour, label in DOT.values()
    ]
