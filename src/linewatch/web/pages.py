"""The pages: each asks ``views`` for its data and lays it out with GOV.UK Frontend."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from linewatch.web import evaluate as evaluate_pages
from linewatch.web import views
from linewatch.web.auth import PageViewer, home_for
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)

EntityId = Annotated[str, Path(min_length=1, max_length=128)]


def today() -> date:
    return datetime.now(UTC).date()


def year_start(day: date) -> date:
    return date(day.year, 1, 1)


def pcc_period(since: date | None, until: date | None) -> tuple[date, date]:
    """The reporting period: year to date unless dates are given; ``since`` not after ``until``."""
    end = until or today()
    start = since or year_start(end)
    if start > end:
        problem = {
            "type": "value_error",
            "loc": ("query", "since"),
            "msg": "since must be on or before until",
            "input": start.isoformat(),
        }
        raise RequestValidationError([problem])
    return start, end


def _render(request: Request, template: str, purpose_key: str, **context: object) -> Response:
    return render(request, template, purpose=views.PURPOSES[purpose_key], **context)


@router.get("/")
def dashboard(request: Request, viewer: PageViewer) -> Response:
    if home_for(viewer.actor) != "/":
        return RedirectResponse(home_for(viewer.actor), status_code=303)
    data = views.dashboard(viewer.access(views.PURPOSES["dashboard"]), today())
    return _render(request, "dashboard.html", "dashboard", data=data)


@router.get("/entities/{entity_id}")
def entity(request: Request, viewer: PageViewer, entity_id: EntityId) -> Response:
    try:
        data = views.entity(viewer.access(views.PURPOSES["entity"]), entity_id)
    except views.EntityNotFound:
        raise HTTPException(404) from None
    corroboration = evaluate_pages.entity_corroboration(
        viewer.access(views.PURPOSES["entity"]), entity_id
    )
    return _render(request, "entity.html", "entity", entity=data, corroboration=corroboration)


@router.get("/search")
def search(
    request: Request,
    viewer: PageViewer,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    text = q.strip()
    data = (
        views.search(viewer.access(views.PURPOSES["search"]), text, limit)
        if text
        else {"query": "", "limit": limit, "results": []}
    )
    return _render(request, "search.html", "search", data=data)


@router.get("/triage")
def triage(
    request: Request,
    viewer: PageViewer,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    duplicates: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    data = views.triage(viewer.access(views.PURPOSES["triage"]), limit)
    return _render(request, "triage.html", "triage", data=data, duplicates=duplicates)


@router.get("/lines")
def lines(request: Request, viewer: PageViewer) -> Response:
    data = views.lines(viewer.access(views.PURPOSES["lines"]))
    return _render(request, "lines.html", "lines", data=data)


@router.get("/alerts")
def alerts(request: Request, viewer: PageViewer) -> Response:
    data = views.alerts(viewer.access(views.PURPOSES["alerts"]))
    return _render(request, "alerts.html", "alerts", data=data)
