"""Bail pages: a person's bail, conditions and sightings (with the form an officer records a
sighting on), the breach alert queue, an alert's evidence and the form an officer acknowledges
it with. Warrants, seizures and ANPR pages come from their own modules, included here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from linewatch import enforce
from linewatch.access import Permission
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.enforce_vehicles import router as vehicles_router
from linewatch.web.enforce_warrants import error_list, moment
from linewatch.web.enforce_warrants import router as warrants_router
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)
router.include_router(warrants_router)
router.include_router(vehicles_router)

PURPOSES = {
    "bail": "Checking a person's bail and its conditions",
    "breaches": "Reviewing possible bail condition breaches",
    "sighting": "Recording a sighting of a person on bail",
}
BAIL_KINDS = ("POSSIBLE_BAIL_BREACH", "BAIL_EXPIRING")
Id = Annotated[str, Path(min_length=1, max_length=128)]


@router.get("/bail/{person_id}")
def person_bail(request: Request, viewer: PageViewer, person_id: Id) -> Response:
    access = viewer.access(PURPOSES["bail"])
    records = enforce.bail_for_person(access, person_id)
    return render(
        request,
        "enforce/bail.html",
        purpose=PURPOSES["bail"],
        person_id=person_id,
        records=records,
        sightings=enforce.sightings_of(access, person_id),
        may_record=viewer.can(Permission.RECORD_OUTCOMES),
    )


def _sighting_form(
    request: Request, person_id: str, values: dict[str, str], errors: dict[str, str]
) -> Response:
    return render(
        request,
        "enforce/sighting.html",
        status_code=400 if errors else 200,
        purpose=PURPOSES["sighting"],
        person_id=person_id,
        values=values,
        errors=errors,
        error_list=error_list(errors),
    )


@router.get("/bail/{person_id}/sightings/new")
def sighting_form(request: Request, viewer: PageViewer, person_id: Id) -> Response:
    viewer.access(PURPOSES["sighting"]).require(Permission.RECORD_OUTCOMES)
    return _sighting_form(request, person_id, {}, {})


@router.post("/bail/{person_id}/sightings/new")
def sighting_submit(
    request: Request,
    viewer: Annotated[Viewer, Depends(require_csrf)],
    person_id: Id,
    seen_at: Annotated[str, Form(max_length=32)] = "",
    latitude: Annotated[str, Form(max_length=32)] = "",
    longitude: Annotated[str, Form(max_length=32)] = "",
    location_text: Annotated[str, Form(max_length=500)] = "",
    with_person: Annotated[str, Form(max_length=128)] = "",
    notes: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    values = dict(
        seen_at=seen_at,
        latitude=latitude,
        longitude=longitude,
        location_text=location_text,
        with_person=with_person,
        notes=notes,
    )
    errors: dict[str, str] = {}
    when = moment(seen_at)
    if when is None:
        errors["seen_at"] = "Enter when you saw them"
    try:
        lat, lon = float(latitude), float(longitude)
    except ValueError:
        errors["latitude"] = "Enter the latitude and longitude as numbers"
    if errors:
        return _sighting_form(request, person_id, values, errors)
    access = viewer.access(PURPOSES["sighting"])
    try:
        with_id = None
        if with_person.strip():
            found = enforce.people_by_reference(access, [with_person.strip()])
            with_id = found[with_person.strip()]
        assert when is not None
        enforce.record_sighting(
            access,
            person_id,
            when,
            lat,
            lon,
            location_text=location_text,
            with_person_id=with_id,
            notes=notes,
        )
    except enforce.WarrantError as exc:
        return _sighting_form(request, person_id, values, {"with_person": str(exc)})
    except enforce.SightingError as exc:
        field = "with_person" if exc.field == "with_person_id" else exc.field
        if field == "person_id":
            raise HTTPException(404) from None
        return _sighting_form(request, person_id, values, {field: str(exc)})
    return RedirectResponse(f"/bail/{person_id}", status_code=303)


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
        done = enforce.acknowledge(viewer.access(PURPOSES["breaches"]), alert_id, action_taken)
    except enforce.AlertNotFound:
        raise HTTPException(404) from None
    except ValueError as exc:
        return _alert_page(request, viewer, alert_id, str(exc))
    back = "/anpr/hits" if done.kind == "ANPR_HIT" else "/breaches"
    return RedirectResponse(f"{back}?acknowledged={alert_id}", status_code=303)
