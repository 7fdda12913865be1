"""A page per deal line and per phone: why it was flagged, its weeks, handovers and cells,
who works the line and the people and vehicles tied to them; where a phone was, day by day,
and when two phones shared a cell.

Charts and the cell-site map are inline SVG drawn here from the figures and from the
boundaries ``linewatch.geo`` holds, so the pages need no script, tiles or CDN; each chart has
a table beside it with the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from markupsafe import Markup, escape
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from linewatch import comms, geo
from linewatch.access import Access
from linewatch.comms.pages import CellSite
from linewatch.comms.presence import WEEKDAYS, area_of
from linewatch.comms.timeline import CoLocation, Week
from linewatch.types import phone as phone_type
from linewatch.web.auth import PageViewer
from linewatch.web.maps import Projection
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)

Digits = Annotated[str, Path(pattern=r"^\d{10,15}$")]
PURPOSES = {
    "line": "Reviewing a deal line for County Lines investigation",
    "phone": "Reviewing a phone's call records for County Lines investigation",
}
BAR = "#1d70b8"
# Degrees beyond the counties' bounds within which a cell is still drawn on the map.
NEAR = 0.3


@router.get("/comms/lines/{digits}")
def line(request: Request, viewer: PageViewer, digits: Digits) -> Response:
    page = comms.line_page(viewer.access(PURPOSES["line"]), "+" + digits)
    return render(
        request,
        "comms/line.html",
        purpose=PURPOSES["line"],
        page=page,
        chart=weekly_chart(page.life.weeks),
        customers_chart=customers_chart(page.life.weeks),
    )


@router.get("/comms/phones/{digits}")
def phone(
    request: Request,
    viewer: PageViewer,
    digits: Digits,
    other: Annotated[str, Query(alias="with", max_length=40)] = "",
    within: Annotated[int, Query(ge=1, le=240)] = 60,
) -> Response:
    access = viewer.access(PURPOSES["phone"])
    number = "+" + digits
    page = comms.phone_page(access, number)
    shared, other_number, problem = _co_location(access, number, other.strip(), within)
    return render(
        request,
        "comms/phone.html",
        purpose=PURPOSES["phone"],
        page=page,
        hours_chart=hour_chart(page.hours),
        week_chart=week_grid_chart(page.week),
        weekdays=WEEKDAYS,
        cell_map=cell_map(page.cells),
        cell_places={
            c.cell_id: area_of(c.latitude, c.longitude)
            for c in page.cells
            if c.latitude is not None and c.longitude is not None
        },
        other=other,
        other_number=other_number,
        within=within,
        shared=shared,
        problem=problem,
    )


def _co_location(
    access: Access, number: str, other: str, within: int
) -> tuple[list[CoLocation], str | None, str | None]:
    """Times the two phones used the same cell within ``within`` minutes, or why not asked."""
    if not other:
        return [], None, None
    try:
        cleaned = phone_type.clean(other)
    except ValueError as error:
        return [], None, f"Enter the other phone's number, like 07700 900123 ({error})"
    if cleaned == number:
        return [], None, "Enter a different number from this phone's own"
    with comms.CallStore() as calls:
        return comms.co_location(access, calls, number, cleaned, within), cleaned, None


def _bars(values: Sequence[int], labels: Sequence[str], title: str, desc: str) -> Markup:
    width, height, pad = 640, 160, 24
    top = max(values, default=0) or 1
    step = (width - 2 * pad) / max(len(values), 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + pad}" '
        f'role="img" class="lw-chart"><title>{escape(title)}</title><desc>{escape(desc)}</desc>',
        f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#0b0c0c"/>',
    ]
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        bar = (height - pad) * value / top
        x = pad + index * step
        out.append(
            f'<rect x="{x + 1:.1f}" y="{height - bar:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{bar:.1f}" fill="{BAR}"><title>{escape(label)}: {value}</title></rect>'
        )
    first, last = (labels[0], labels[-1]) if labels else ("", "")
    out.append(
        f'<text x="{pad}" y="{height + 16}" font-size="12" font-family="sans-serif">'
        f'{escape(first)}</text><text x="{width - pad}" y="{height + 16}" font-size="12" '
        f'text-anchor="end" font-family="sans-serif">{escape(last)}</text>'
        f'<text x="{pad}" y="12" font-size="12" font-family="sans-serif">most: {top}</text>'
    )
    out.append("</svg>")
    return Markup("".join(out))


def weekly_chart(weeks: Sequence[Week]) -> Markup:
    return _bars(
        [w.texts_sent for w in weeks],
        [f"week of {w.starts:%d %b %Y}" for w in weeks],
        "Texts sent by the line each week",
        "Bars show the texts (flares and replies) sent each week; the table lists them.",
    )


def customers_chart(weeks: Sequence[Week]) -> Markup:
    return _bars(
        [w.customers for w in weeks],
        [f"week of {w.starts:%d %b %Y}" for w in weeks],
        "Numbers in contact with the line each week",
        "Bars show how many different numbers the line exchanged calls or texts with each "
        "week, its customers and staff; the table lists them.",
    )


def week_grid_chart(grid: Sequence[Sequence[int]]) -> Markup:
    """Weekday by hour, darker for more calls and texts."""
    cell, left, top_pad = 24, 84, 20
    most = max((n for row in grid for n in row), default=0) or 1
    width, height = left + 24 * cell, top_pad + len(grid) * cell
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 4}" '
        'role="img" class="lw-chart"><title>Calls and texts by weekday and hour</title>'
        "<desc>A square for each hour of each weekday, UK time, darker for more calls and "
        "texts; the table lists the numbers.</desc>",
    ]
    for hour in range(0, 24, 3):
        out.append(
            f'<text x="{left + hour * cell + 2}" y="14" font-size="12" '
            f'font-family="sans-serif">{hour:02d}</text>'
        )
    for row, (name, values) in enumerate(zip(WEEKDAYS, grid, strict=False)):
        y = top_pad + row * cell
        out.append(
            f'<text x="0" y="{y + 16}" font-size="12" font-family="sans-serif">{name[:3]}</text>'
        )
        for hour, value in enumerate(values):
            shade = 0.08 + 0.92 * value / most if value else 0.0
            out.append(
                f'<rect x="{left + hour * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{BAR}" fill-opacity="{shade:.2f}" stroke="#b1b4b6" stroke-width="0.5">'
                f"<title>{name} {hour:02d}:00: {value}</title></rect>"
            )
    out.append("</svg>")
    return Markup("".join(out))


def hour_chart(hours: Sequence[int]) -> Markup:
    return _bars(
        hours,
        [f"{h:02d}:00" for h in range(24)],
        "Calls and texts by hour of day",
        "Bars show the phone's calls and texts in each hour, UK time; the table lists them.",
    )


def _path(projection: Projection, geometry: BaseGeometry) -> str:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    parts = []
    for polygon in polygons:
        if isinstance(polygon, Polygon):
            ring = polygon.simplify(0.001).exterior.coords
            points = [projection.xy(lat, lon) for lon, lat, *_ in ring]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
    return " ".join(parts)


def cell_map(cells: Sequence[CellSite]) -> Markup:
    """Leicestershire's districts and Rutland, with a dot per serving cell sized by use."""
    areas = geo.districts()
    west, south, east, north = areas[0].geometry.bounds
    for area in areas[1:]:
        w, s, e, n = area.geometry.bounds
        west, south, east, north = min(west, w), min(south, s), max(east, e), max(north, n)
    located = [
        c
        for c in cells
        if c.latitude is not None
        and c.longitude is not None
        and west - NEAR <= c.longitude <= east + NEAR
        and south - NEAR <= c.latitude <= north + NEAR
    ]
    # Cells far away (an exporting hub) would shrink the counties to a dot: they are counted
    # here and listed in the table instead.
    elsewhere = len(cells) - len(located)
    for cell in located:
        assert cell.latitude is not None and cell.longitude is not None
        west, east = min(west, cell.longitude), max(east, cell.longitude)
        south, north = min(south, cell.latitude), max(north, cell.latitude)
    projection = Projection((west, south, east, north))
    most = max((c.events for c in located), default=1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 {projection.height}" '
        'role="img" class="lw-map"><title>Cells that served the phone</title>'
        f"<desc>Leicestershire's districts and Rutland (outlined in black) with "
        f"{len(located)} serving cells, larger for more use"
        + (f", and {elsewhere} cells further away not drawn" if elsewhere else "")
        + "; the table lists them all.</desc>",
    ]
    for area in areas:
        fill, stroke, width = (
            ("#f3f2f1", "#0b0c0c", 2) if area.name == "Rutland" else ("#ffffff", "#b1b4b6", 1)
        )
        out.append(
            f'<path d="{_path(projection, area.geometry)}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width}">'
            f"<title>{escape(area.name)}</title></path>"
        )
    for cell in located:
        assert cell.latitude is not None and cell.longitude is not None
        x, y = projection.xy(cell.latitude, cell.longitude)
        radius = 4 + 8 * cell.events / most
        out.append(
            f'<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="{BAR}" fill-opacity="0.7" '
            f'stroke="#0b0c0c"><title>{escape(cell.cell_id)}: {cell.events} events</title>'
            "</circle>"
        )
    out.append("</svg>")
    return Markup("".join(out))
