"""Welfare visit pages: the routed visit list with its map, the calendar file, and the form an
officer fills in on a phone at the door. The other safeguarding pages are in safeguard_pages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from linewatch import safeguard
from linewatch.model import ReferralType
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.maps import visit_map
from linewatch.web.rendering import render
from linewatch.web.safeguard_pages import router as pages_router

router = APIRouter(include_in_schema=False)
# The register, address, referral and closure pages, served with the visit pages.
router.include_router(pages_router)

PURPOSES = {
    "visits": "Planning welfare visits to addresses at risk of cuckooing",
    "record": "Recording a welfare visit",
}
VisitId = Annotated[str, Path(min_length=1, max_length=128)]
YES_NO = {"yes": True, "no": False}


def today() -> date:
    return datetime.now(UTC).date()


@router.get("/visits")
def visit_list(request: Request, viewer: PageViewer, as_of: date | None = None) -> Response:
    day = as_of or today()
    shifts = safeguard.plan_shifts(viewer.access(PURPOSES["visits"]), day)
    return render(
        request,
        "safeguard/visits.html",
        purpose=PURPOSES["visits"],
        shifts=shifts,
        day=day,
        overdue=sum(len(s.overdue) for s in shifts),
        stops=sum(len(s.stops) for s in shifts),
        svg=visit_map(shifts),
        recorded=request.query_params.get("recorded"),
    )


@router.get("/visits/calendar.ics")
def visit_calendar(viewer: PageViewer, as_of: date | None = None) -> Response:
    shifts = safeguard.plan_shifts(viewer.access(PURPOSES["visits"]), as_of or today())
    return Response(
        safeguard.visits_calendar(shifts),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="welfare-visits.ics"'},
    )


def _form(
    request: Request,
    viewer: Viewer,
    visit_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
) -> Response:
    try:
        visit = safeguard.get_visit(viewer.access(PURPOSES["record"]), visit_id)
    except safeguard.VisitNotFound:
        raise HTTPException(404) from None
    return render(
        request,
        "safeguard/record_visit.html",
        status_code=400 if errors else 200,
        purpose=PURPOSES["record"],
        visit=visit,
        signs=safeguard.VISIT_SIGNS,
        referrals=list(ReferralType),
        values=values,
        errors=errors,
        error_list=[{"text": text, "href": f"#{name}"} for name, text in errors.items()],
    )


@router.get("/visits/{visit_id}/record")
def record_form(request: Request, viewer: PageViewer, visit_id: VisitId) -> Response:
    return _form(request, viewer, visit_id, {"indicators": []}, {})


@router.post("/visits/{visit_id}/record")
def record_submit(
    request: Request,
    viewer: Annotated[Viewer, Depends(require_csrf)],
    visit_id: VisitId,
    occupant_seen: Annotated[str, Form()] = "",
    occupant_seen_alone: Annotated[str, Form()] = "",
    present: Annotated[str, Form(max_length=2000)] = "",
    indicators: Annotated[list[str] | None, Form()] = None,
    advice: Annotated[str, Form(max_length=4000)] = "",
    referral: Annotated[str, Form()] = "",
    outcome: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    values = {
        "occupant_seen": occupant_seen,
        "occupant_seen_alone": occupant_seen_alone,
        "present": present,
        "indicators": indicators or [],
        "advice": advice,
        "referral": referral,
        "outcome": outcome,
    }
    errors: dict[str, str] = {}
    if occupant_seen not in YES_NO:
        errors["occupant_seen"] = "Select whether you saw the occupant"
    if occupant_seen_alone not in YES_NO:
        errors["occupant_seen_alone"] = "Select whether you saw the occupant alone"
    elif YES_NO[occupant_seen_alone] and occupant_seen == "no":
        errors["occupant_seen_alone"] = "You cannot have seen the occupant alone but not seen them"
    known = {code for code, _label in safeguard.VISIT_SIGNS}
    if any(code not in known for code in values["indicators"]):
        errors["indicators"] = "Select signs from the list"
    referral_type = None
    if referral:
        try:
            referral_type = ReferralType(referral)
        except ValueError:
            errors["referral"] = "Select a referral from the list"
    if not outcome.strip():
        errors["outcome"] = "Enter what happened at the visit"
    if errors:
        return _form(request, viewer, visit_id, values, errors)
    try:
        safeguard.record_visit(
            viewer.access(PURPOSES["record"]),
            visit_id,
            viewer.actor.id,
            occupant_seen=YES_NO[occupant_seen],
            occupant_seen_alone=YES_NO[occupant_seen_alone],
            indicators=values["indicators"],
            outcome=outcome,
            present=present.splitlines(),
            advice=advice,
            referral=referral_type,
        )
    except safeguard.VisitNotFound:
        raise HTTPException(404) from None
    except ValueError as exc:
        return _form(request, viewer, visit_id, values, {"outcome": str(exc)})
    return RedirectResponse(f"/visits?recorded={visit_id}", status_code=303)
