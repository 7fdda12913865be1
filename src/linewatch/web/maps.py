"""Maps drawn as inline SVG from the boundaries ``linewatch.geo`` holds: no tiles, no CDN.

Coordinates are projected equirectangularly about the map's middle latitude, which over a
county the size of Rutland is within a fraction of a percent of the true shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from math import cos, radians

from markupsafe import Markup, escape
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from linewatch import geo
from linewatch.safeguard import Shift
from linewatch.safeguard.route import OAKHAM_BASE

WIDTH = 640
PAD = 16
# One colour per officer's route, distinguishable for the commonest colour-blindness.
ROUTE_COLOURS = ("#1d70b8", "#00703c", "#6f3c97", "#b58840", "#28a197", "#5694ca")
OVERDUE = "#d4351c"


class Projection:
    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = bounds
        self.kx = cos(radians((self.min_lat + self.max_lat) / 2))
        span = max((self.max_lon - self.min_lon) * self.kx, 1e-9)
        self.scale = (WIDTH - 2 * PAD) / span
        self.height = round((self.max_lat - self.min_lat) * self.scale + 2 * PAD)

    def xy(self, latitude: float, longitude: float) -> tuple[float, float]:
        x = PAD + (longitude - self.min_lon) * self.kx * self.scale
        y = PAD + (self.max_lat - latitude) * self.scale
        return round(x, 1), round(y, 1)


def _rings(geometry: BaseGeometry) -> Iterable[Sequence[tuple[float, float]]]:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    for polygon in polygons:
        if isinstance(polygon, Polygon):
            yield list(polygon.exterior.coords)


def _path(projection: Projection, geometry: BaseGeometry) -> str:
    parts = []
    for ring in _rings(geometry.simplify(0.0005)):
        points = [projection.xy(lat, lon) for lon, lat, *_ in ring]
        parts.append("M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
    return " ".join(parts)


def visit_map(shifts: Sequence[Shift]) -> Markup:
    """Rutland's wards with each officer's route and numbered stops (late ones in red)."""
    rutland = geo.named_area("Rutland")
    min_lon, min_lat, max_lon, max_lat = rutland.geometry.bounds
    for shift in shifts:
        for stop in shift.stops:
            min_lat, max_lat = min(min_lat, stop.point.latitude), max(max_lat, stop.point.latitude)
            min_lon = min(min_lon, stop.point.longitude)
            max_lon = max(max_lon, stop.point.longitude)
    projection = Projection((min_lon, min_lat, max_lon, max_lat))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {projection.height}" '
        'role="img" aria-labelledby="visit-map-title visit-map-desc" class="lw-map">',
        '<title id="visit-map-title">Map of welfare visits in Rutland</title>',
        f'<desc id="visit-map-desc">Rutland ward boundaries with {len(shifts)} routes and '
        f"{sum(len(s.stops) for s in shifts)} stops, numbered in route order from Oakham "
        "police station; overdue stops are red. The table lists the same stops.</desc>",
    ]
    for ward in geo.rutland_wards():
        out.append(
            f'<path d="{_path(projection, ward.geometry)}" fill="#f3f2f1" stroke="#b1b4b6" '
            'stroke-width="1"/>'
        )
    out.append(
        f'<path d="{_path(projection, rutland.geometry)}" fill="none" stroke="#0b0c0c" '
        'stroke-width="2"/>'
    )
    bx, by = projection.xy(*OAKHAM_BASE)
    out.append(
        f'<rect x="{bx - 6}" y="{by - 6}" width="12" height="12" fill="#0b0c0c">'
        "<title>Oakham police station</title></rect>"
    )
    for index, shift in enumerate(shifts):
        colour = ROUTE_COLOURS[index % len(ROUTE_COLOURS)]
        points = [(bx, by)] + [
            projection.xy(s.point.latitude, s.point.longitude) for s in shift.stops
        ]
        points.append((bx, by))
        out.append(
            f'<polyline points="{" ".join(f"{x},{y}" for x, y in points)}" fill="none" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="6 3"/>'
        )
        for number, stop in enumerate(shift.stops, start=1):
            x, y = projection.xy(stop.point.latitude, stop.point.longitude)
            # Stops in one village share its centre: fan them out so each number shows.
            same = [s for s in shift.stops[: number - 1] if s.point == stop.point]
            x, y = x + 14 * len(same), y + 4 * index
            fill = OVERDUE if stop.overdue else colour
            label = escape(
                f"{number}. {stop.visit.address}" + (" (overdue)" if stop.overdue else "")
            )
            out.append(
                f'<g><title>{label}</title><circle cx="{x}" cy="{y}" r="9" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="1.5"/><text x="{x}" y="{y + 4}" '
                f'text-anchor="middle" font-size="11" font-family="sans-serif" fill="#ffffff">'
                f"{number}</text></g>"
            )
    out.append("</svg>")
    return Markup("".join(out))
