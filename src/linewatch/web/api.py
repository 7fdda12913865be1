"""The JSON API under /api/v1: the pages' data, from the same ``views`` functions."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.exceptions import HTTPException

from linewatch.web import views
from linewatch.web.auth import ApiViewer
from linewatch.web.pages import pcc_period, today

PREFIX = "/api/v1"

router = APIRouter(
    prefix=PREFIX,
    responses={
        401: {"description": "Not signed in and no valid API token"},
        403: {"description": "The role may not see this"},
        422: {"description": "Malformed input; each problem names its field"},
    },
)

Json = dict[str, Any]


@router.get(
    "/entities/{entity_id}", tags=["entities"], responses={404: {"description": "No such entity"}}
)
def entity(
    viewer: ApiViewer, entity_id: Annotated[str, Path(min_length=1, max_length=128)]
) -> Json:
    """One resolved entity: every property with its sources and grading, its links with
    their evidence, its assessments with reasons and method, and the records merged into it."""
    try:
        return views.entity(viewer.access(views.PURPOSES["entity"]), entity_id)
    except views.EntityNotFound:
        raise HTTPException(404, f"No entity {entity_id!r}.") from None


@router.get("/search", tags=["entities"])
def search(
    viewer: ApiViewer,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name, number, VRM...")],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Json:
    """Resolved entities matching the text."""
    return views.search(viewer.access(views.PURPOSES["search"]), q.strip(), limit)


@router.get("/triage", tags=["intelligence"])
def triage(viewer: ApiViewer, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Json:
    """Open reports in the order to work them, safeguarding first, each with its reasons."""
    return views.triage(viewer.access(views.PURPOSES["triage"]), limit)


@router.get("/lines", tags=["intelligence"])
def lines(viewer: ApiViewer) -> Json:
    """Phones flagged as deal lines, with scores and the evidence behind them."""
    return views.lines(viewer.access(views.PURPOSES["lines"]))


@router.get("/alerts", tags=["enforcement"])
def alerts(viewer: ApiViewer) -> Json:
    """Open alerts (possible bail condition breaches) for an officer to review."""
    return views.alerts(viewer.access(views.PURPOSES["alerts"]))


@router.get("/briefing", tags=["tasking"])
def briefing(viewer: ApiViewer, as_of: date | None = None) -> Json:
    """The tactical tasking briefing for a day (today if not given)."""
    return views.briefing(viewer.access(views.PURPOSES["briefing"]), as_of or today())


@router.get("/pcc/figures", tags=["performance"])
def pcc_figures(viewer: ApiViewer, since: date | None = None, until: date | None = None) -> Json:
    """Aggregate performance figures (year to date unless dates are given); small counts are
    suppressed so that no figure can point at a person."""
    start, end = pcc_period(since, until)
    return views.pcc(viewer.access(views.PURPOSES["pcc"]), start, end)
