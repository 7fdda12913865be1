"""Bail pages: a person's bail and conditions, the breach alert queue, an alert's evidence and
the form an officer acknowledges it with."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from linewatch import enforce
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)

PURPOSES = {
    "bail": "Checking a person's bail and its conditions",
    "breaches": "Reviewing possible bail condition breaches",
}
BAIL_KINDS = ("POSSIBLE_BAIL_BREACH", "BAIL_EXPIRING")
Id = Annotated[str, Path(min_length=1, max_length=128)]


@router.get("/bail/{person_id}")
def person_bail(request: Request, viewer: PageViewer, person_id: Id) -> Response:
    records = enforce.bail_for_person(viewer.access(PURPOSES["bail"]), person_id)
    return render(
        request,
        "enforce/bail.html",
        purpose=PURPOSES["bail"],
        person_id=person_id,
        records=records,
    )


@router.get("/breaches")
def breach_queue(request: Request, viewer: PageViewer) -> Response:
    access = viewer.access(PURPOSES["breaches"])
    alerts = [a for kind in BAIL_KINDS for a in enforce.open_alerts(access, kind)]
    alerts.sort(key=lambda a: (a.raised_at, a.id), reverse=True)
    return render(
        request,
        "enforce/breaches.html",
        purpose=PURPOSES["breaches"],
        alerts=alerts,
        acknowledged=request.query_params.get("acknowledged"),
    )


def _alert_page(request: Request, viewer: Viewer, alert_id: str, error: str | None) -> Response:
    try:
        alert = enforce.get_alert(viewer.access(PURPOSES["breaches"]), alert_id)
    except enforce.AlertNotFound:
        raise HTTPException(404) from None
    return render(
        request,
        "enforce/alert.html",
        status_code=400 if error else 200,
        purpose=PURPOSES["breaches"],
        alert=alert,
        error=error,
    )


@router.get("/breaches/{alert_id}")
def breach_alert(request: Request, viewer: PageViewer, alert_id: Id) -> Response:
    return _alert_page(request, viewer, alert_id, None)


@router.post("/breaches/{alert_id}/acknowledge")
def acknowledge_alert(
    request: Request,
    viewer: Annotated[Viewer, Depends(require_csrf)],
    alert_id: Id,
    action_taken: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    if not action_taken.strip():
        return _alert_page(request, viewer, alert_id, "Enter what you did about the alert")
    try:
        enforce.acknowledge(viewer.access(PURPOSES["breaches"]), alert_id, action_taken)
    except enforce.AlertNotFound:
        raise HTTPException(404) from None
    except ValueError as exc:
        return _alert_page(request, viewer, alert_id, str(exc))
    return RedirectResponse(f"/breaches?acknowledged={alert_id}", status_code=303)
