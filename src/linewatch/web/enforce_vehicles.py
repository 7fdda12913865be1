"""Vehicle pages: seizures (list, record, change of status), the ANPR hotlist and its hits."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from linewatch import enforce
from linewatch.access import Permission
from linewatch.model import HandlingCode, SeizurePower
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.enforce_warrants import error_list, moment
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)
PURPOSES = {
    "seizures": "Recording vehicle seizures and what became of them",
    "anpr": "Acting on ANPR hits against the vehicles of interest",
}
Id = Annotated[str, Path(min_length=1, max_length=128)]
Posted = Annotated[Viewer, Depends(require_csrf)]
YES_NO = {"yes": True, "no": False}


@router.get("/seizures")
def seizure_list(request: Request, viewer: PageViewer) -> Response:
    seizures = enforce.list_seizures(viewer.access(PURPOSES["seizures"]))
    return render(request, "enforce/seizures.html", purpose=PURPOSES["seizures"], seizures=seizures)


def _seizure_form(
    request: Request, viewer: Viewer, values: dict[str, Any], errors: dict[str, str]
) -> Response:
    return render(
        request,
        "enforce/seizure_new.html",
        status_code=400 if errors else 200,
        purpose=PURPOSES["seizures"],
        powers=list(SeizurePower),
        lines=enforce.county_lines(viewer.access(PURPOSES["seizures"])),
        values=values,
        errors=errors,
        error_list=error_list(errors),
    )


@router.get("/seizures/new")
def seizure_form(request: Request, viewer: PageViewer) -> Response:
    viewer.access(PURPOSES["seizures"]).require(Permission.RECORD_OUTCOMES)
    return _seizure_form(request, viewer, {}, {})


@router.post("/seizures/new")
def seizure_submit(
    request: Request,
    viewer: Posted,
    vrm: Annotated[str, Form(max_length=16)] = "",
    power: Annotated[str, Form(max_length=32)] = "",
    grounds: Annotated[str, Form(max_length=4000)] = "",
    seized_at: Annotated[str, Form(max_length=32)] = "",
    location: Annotated[str, Form(max_length=500)] = "",
    line_id: Annotated[str, Form(max_length=128)] = "",
    warning_given: Annotated[str, Form(max_length=3)] = "",
    authorised_by: Annotated[str, Form(max_length=128)] = "",
    authorisation_rank: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    values = dict(
        vrm=vrm,
        power=power,
        grounds=grounds,
        seized_at=seized_at,
        location=location,
        line_id=line_id,
        warning_given=warning_given,
        authorised_by=authorised_by,
        authorisation_rank=authorisation_rank,
    )
    when = moment(seized_at)
    if when is None:
        return _seizure_form(request, viewer, values, {"seized_at": "Enter when it was seized"})
    try:
        seizure = enforce.record_seizure(
            viewer.access(PURPOSES["seizures"]),
            vrm=vrm,
            power=power,
            grounds=grounds,
            seized_at=when,
            location=location,
            line_id=line_id or None,
            warning_given=YES_NO.get(warning_given),
            authorised_by=authorised_by or None,
            authorisation_rank=authorisation_rank or None,
        )
    except enforce.SeizureError as exc:
        return _seizure_form(request, viewer, values, {exc.field: str(exc)})
    return RedirectResponse(f"/seizures/{seizure.id}", status_code=303)


def _seizure_page(
    request: Request, viewer: Viewer, seizure_id: str, errors: dict[str, str] | None = None
) -> Response:
    try:
        seizure = enforce.get_seizure(viewer.access(PURPOSES["seizures"]), seizure_id)
    except enforce.SeizureNotFound:
        raise HTTPException(404) from None
    errors = errors or {}
    return render(
        request,
        "enforce/seizure.html",
        status_code=400 if errors else 200,
        purpose=PURPOSES["seizures"],
        seizure=seizure,
        may_record=viewer.can(Permission.RECORD_OUTCOMES),
        errors=errors,
        error_list=error_list(errors),
    )


@router.get("/seizures/{seizure_id}")
def seizure_page(request: Request, viewer: PageViewer, seizure_id: Id) -> Response:
    return _seizure_page(request, viewer, seizure_id)


@router.post("/seizures/{seizure_id}/status")
def seizure_status(
    request: Request,
    viewer: Posted,
    seizure_id: Id,
    status: Annotated[str, Form(max_length=32)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    try:
        enforce.change_status(viewer.access(PURPOSES["seizures"]), seizure_id, status, note)
    except enforce.SeizureNotFound:
        raise HTTPException(404) from None
    except enforce.SeizureError as exc:
        return _seizure_page(request, viewer, seizure_id, {exc.field: str(exc)})
    return RedirectResponse(f"/seizures/{seizure_id}", status_code=303)


@router.get("/anpr/hits")
def anpr_hits(request: Request, viewer: PageViewer) -> Response:
    found = enforce.open_hits(viewer.access(PURPOSES["anpr"]))
    return render(
        request,
        "enforce/anpr_hits.html",
        purpose=PURPOSES["anpr"],
        hits=found.hits,
        vehicles=found.vehicles,
    )


def _hotlist(
    request: Request, viewer: Viewer, values: dict[str, Any], errors: dict[str, str]
) -> Response:
    entries = enforce.vehicles_of_interest(viewer.access(PURPOSES["anpr"]))
    return render(
        request,
        "enforce/vehicles.html",
        status_code=400 if errors else 200,
        purpose=PURPOSES["anpr"],
        entries=entries,
        reasons=list(enforce.ReasonCategory),
        actions=list(enforce.ActionRequired),
        handling=list(HandlingCode),
        may_record=viewer.can(Permission.RECORD_OUTCOMES),
        values=values,
        errors=errors,
        error_list=error_list(errors),
    )


@router.get("/anpr/vehicles")
def hotlist(request: Request, viewer: PageViewer) -> Response:
    return _hotlist(request, viewer, {}, {})


@router.post("/anpr/vehicles")
def hotlist_add(
    request: Request,
    viewer: Posted,
    vrm: Annotated[str, Form(max_length=16)] = "",
    reason_category: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    action_required: Annotated[str, Form(max_length=32)] = "",
    handling_code: Annotated[str, Form(max_length=2)] = "",
    handling_conditions: Annotated[str, Form(max_length=2000)] = "",
    expires_at: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    values = dict(
        vrm=vrm,
        reason_category=reason_category,
        reason=reason,
        action_required=action_required,
        handling_code=handling_code,
        handling_conditions=handling_conditions,
        expires_at=expires_at,
    )
    when = moment(expires_at)
    if when is None:
        return _hotlist(request, viewer, values, {"expires_at": "Enter when the entry expires"})
    try:
        enforce.add_vehicle_of_interest(
            viewer.access(PURPOSES["anpr"]),
            vrm=vrm,
            reason_category=reason_category,
            reason=reason,
            action_required=action_required,
            handling_code=handling_code,
            handling_conditions=handling_conditions or None,
            expires_at=when,
        )
    except enforce.VoiError as exc:
        return _hotlist(request, viewer, values, {exc.field: str(exc)})
    return RedirectResponse("/anpr/vehicles", status_code=303)


@router.post("/anpr/vehicles/{entry_id}/withdraw")
def hotlist_withdraw(request: Request, viewer: Posted, entry_id: Id) -> Response:
    try:
        enforce.withdraw(viewer.access(PURPOSES["anpr"]), entry_id)
    except enforce.VoiError as exc:
        return _hotlist(request, viewer, {}, {"id": str(exc)})
    return RedirectResponse("/anpr/vehicles", status_code=303)
