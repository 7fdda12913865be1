"""The network pages: the picture around a deal line or a person, key players and disruption.

Every page works without script: the filters are a GET form, and the nodes and links the
graph draws are listed in tables (the text alternative). With script, cytoscape.js (served
from the app's own npm packages) draws the same part of the picture from the JSON endpoint,
and clicking a node fetches its own neighbours into the drawing. The disruption chart is
inline SVG with a table of the same numbers beside it.

Every page and the JSON endpoint build the picture through the access layer, which records the
consultation of every entity it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from markupsafe import Markup, escape

from linewatch import network
from linewatch.network.lines import MAX_HOPS
from linewatch.network.pages import GRADES, Filters, filtered, graph_view, link_types, within
from linewatch.network.roles import LINE_HOLDER
from linewatch.web.auth import PageViewer, Viewer
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)

EntityId = Annotated[str, Path(min_length=1, max_length=128)]
PURPOSES = {
    "overview": "Finding the key players and planning disruption of County Lines networks",
    "line": "Reviewing a deal line's network for County Lines investigation",
    "entity": "Reviewing an entity's network for County Lines investigation",
}
REMOVALS = 8
# Above this many entities the disruption curve's betweenness is estimated at each step
# (256 random pivots) so the page answers in seconds; the page says so.
PAGE_EXACT_LIMIT = 1_000
# One colour and one dash pattern per strategy, so the curves differ without colour too.
CURVE_STYLES = (("#1d70b8", ""), ("#d4351c", "8 4"), ("#00703c", "2 4"))


def _day(value: str | None, name: str) -> date | None:
    """A date from the filter form, where an empty field means no limit."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _filters(
    link_type: list[str] | None, since: str | None, until: str | None, grade: list[str] | None
) -> Filters:
    try:
        return Filters(
            frozenset(link_type or []),
            _day(since, "since"),
            _day(until, "until"),
            frozenset(grade or []),
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


LinkTypes = Annotated[list[str] | None, Query()]
Grades = Annotated[list[str] | None, Query()]
Day = Annotated[str | None, Query(max_length=10)]


def _picture(viewer: Viewer, purpose: str) -> network.Picture:
    return network.build_graph(viewer.access(purpose))


def _replacements(
    picture: network.Picture, holder: str, names: dict[str, str]
) -> list[network.Successor]:
    """People who would likely take over a line holder's place.

    Four steps out: in the picture a person reaches another through their phones, so two
    people two steps apart in the network of people are four apart here.
    """
    people = [n.id for n in picture.nodes.values() if n.schema == "Person"]
    return network.successors(picture.graph, holder, names=names, steps=4, candidates=people)


def _node(picture: network.Picture, entity_id: str) -> network.Node | None:
    """The node for an entity id, or for a record merged into one (links may name either)."""
    found = picture.nodes.get(entity_id)
    if found is None:
        found = next((n for n in picture.nodes.values() if entity_id in n.members), None)
    return found


def _context(
    picture: network.Picture,
    filters: Filters,
    ids: set[str],
    centre: list[str],
    findings: list[network.RoleFinding],
    hops: int,
) -> dict[str, Any]:
    shown = filtered(picture, filters)
    view = graph_view(shown, ids, centre, findings)
    return {
        "graph": view,
        "filters": filters,
        "hops": hops,
        "all_link_types": link_types(picture),
        "grades": GRADES,
        # The same filters for the nodes the drawing brings in later.
        "graph_query": urlencode(
            [("link_type", t) for t in sorted(filters.link_types)]
            + [("grade", g) for g in sorted(filters.grades)]
            + [
                (k, v.isoformat())
                for k, v in (("since", filters.since), ("until", filters.until))
                if v
            ]
        ),
        "captions": {n.id: n.caption for n in view.nodes},
    }


@router.get("/network")
def overview(
    request: Request,
    viewer: PageViewer,
    remove: Annotated[list[str] | None, Query()] = None,
) -> Response:
    picture = _picture(viewer, PURPOSES["overview"])
    findings = network.infer_roles(picture)
    players = network.key_players(picture, top=15, findings=findings)
    names = {n.id: n.caption for n in picture.nodes.values()}
    own = [r for r in (remove or []) if r in picture.index]
    strategies: list[str | list[str]] = [*network.STRATEGIES, *([own] if own else [])]
    size = min(REMOVALS, max(len(picture.nodes) - 1, 0))
    curves = [
        network.simulate(picture.graph, s, removals=size, exact_limit=PAGE_EXACT_LIMIT)
        for s in strategies
    ]
    brokerage = network.line_brokerage(picture, findings)
    return render(
        request,
        "network/overview.html",
        purpose=PURPOSES["overview"],
        picture=picture,
        players=players,
        curves=curves,
        chart=disruption_chart(curves),
        names=names,
        chosen=set(own),
        estimated=len(picture.nodes) > PAGE_EXACT_LIMIT,
        brokerage=brokerage,
    )


@router.get("/network/lines/{entity_id}")
def line(
    request: Request,
    viewer: PageViewer,
    entity_id: EntityId,
    link_type: LinkTypes = None,
    since: Day = None,
    until: Day = None,
    grade: Grades = None,
) -> Response:
    filters = _filters(link_type, since, until, grade)
    picture = _picture(viewer, PURPOSES["line"])
    node = _node(picture, entity_id)
    if node is None or node.deal_line is None:
        raise HTTPException(404, "no flagged deal line with that id in the picture")
    findings = network.infer_roles(picture)
    entity_id = node.id
    sub = network.line_subgraph(picture, node)
    ids = set(sub.entity_ids)
    holders = sorted(
        {f.subject_id for f in findings if f.role == LINE_HOLDER and f.subject_id in ids}
    )
    names = {n.id: n.caption for n in picture.nodes.values()}
    replacements = [(holder, _replacements(picture, holder, names)) for holder in holders]
    brokerage = next(
        (b for b in network.line_brokerage(picture, findings) if b.line_id == entity_id), None
    )
    return render(
        request,
        "network/line.html",
        purpose=PURPOSES["line"],
        line=node,
        sub=sub,
        names=names,
        replacements=replacements,
        brokerage=brokerage,
        **_context(picture, filters, ids, [entity_id], findings, MAX_HOPS),
    )


@router.get("/network/entities/{entity_id}")
def entity(
    request: Request,
    viewer: PageViewer,
    entity_id: EntityId,
    hops: Annotated[int, Query(ge=1, le=3)] = 2,
    link_type: LinkTypes = None,
    since: Day = None,
    until: Day = None,
    grade: Grades = None,
) -> Response:
    filters = _filters(link_type, since, until, grade)
    picture = _picture(viewer, PURPOSES["entity"])
    node = _node(picture, entity_id)
    if node is None:
        raise HTTPException(404, "no entity with that id in the picture")
    entity_id = node.id
    findings = network.infer_roles(picture)
    ids = within(filtered(picture, filters), [entity_id], hops)
    names = {n.id: n.caption for n in picture.nodes.values()}
    is_holder = any(f.subject_id == entity_id and f.role == LINE_HOLDER for f in findings)
    replacements = [(entity_id, _replacements(picture, entity_id, names))] if is_holder else []
    return render(
        request,
        "network/entity.html",
        purpose=PURPOSES["entity"],
        node=node,
        names=names,
        replacements=replacements,
        **_context(picture, filters, ids, [entity_id], findings, hops),
    )


@router.get("/network/graph.json")
def graph_json(
    viewer: PageViewer,
    around: Annotated[list[str], Query(min_length=1, max_length=50)],
    hops: Annotated[int, Query(ge=0, le=3)] = 1,
    link_type: LinkTypes = None,
    since: Day = None,
    until: Day = None,
    grade: Grades = None,
) -> JSONResponse:
    """The part of the picture within ``hops`` of ``around``, as cytoscape.js elements."""
    filters = _filters(link_type, since, until, grade)
    picture = _picture(viewer, PURPOSES["entity"])
    missing = [a for a in around if a not in picture.index]
    if missing:
        raise HTTPException(404, f"not in the picture: {', '.join(missing)}")
    shown = filtered(picture, filters)
    findings = network.infer_roles(picture)
    view = graph_view(shown, within(shown, around, hops), around, findings)
    return JSONResponse({"centre": view.centre, "elements": view.elements()})


def disruption_chart(curves: Sequence[network.Curve]) -> Markup:
    """One line per strategy: the share left in the largest connected part after each removal."""
    width, height, pad = 640, 260, 40
    most = max((len(c.points()) - 1 for c in curves), default=1) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + pad}" '
        'role="img" class="lw-chart" data-disruption-chart><title>How the network comes apart'
        "</title><desc>For each strategy, the share of the network left in its largest "
        "connected part (up the side) after each person removed (along the bottom); the table "
        "below gives the same numbers.</desc>",
        f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#0b0c0c"/>',
        f'<line x1="{pad}" y1="{pad / 2}" x2="{pad}" y2="{height}" stroke="#0b0c0c"/>',
        f'<text x="{pad - 4}" y="{pad / 2 + 4}" font-size="12" text-anchor="end" '
        'font-family="sans-serif">100%</text>',
        f'<text x="{pad - 4}" y="{height}" font-size="12" text-anchor="end" '
        'font-family="sans-serif">0%</text>',
        f'<text x="{width / 2}" y="{height + 30}" font-size="12" text-anchor="middle" '
        'font-family="sans-serif">people removed</text>',
    ]

    def xy(removed: int, share: float) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * removed / most
        return x, height - (height - pad / 2) * share

    for k, curve in enumerate(curves):
        colour, dash = CURVE_STYLES[k % len(CURVE_STYLES)]
        points = [xy(r, s) for r, s in curve.points()]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dashed} '
            f'data-curve="{escape(curve.strategy)}"/>'
        )
        for (x, y), (removed, share) in zip(points, curve.points(), strict=True):
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"><title>'
                f"{escape(curve.strategy)}: {removed} removed, {100 * share:.0f}% left"
                "</title></circle>"
            )
        out.append(
            f'<line x1="{width - 200}" y1="{pad / 2 + 16 * k}" x2="{width - 170}" '
            f'y2="{pad / 2 + 16 * k}" stroke="{colour}" stroke-width="3"{dashed}/>'
            f'<text x="{width - 164}" y="{pad / 2 + 16 * k + 4}" font-size="12" '
            f'font-family="sans-serif">{escape(curve.strategy)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
