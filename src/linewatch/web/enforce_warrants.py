"""Warrant pages: the list, the application on graded grounds, and one warrant with the form for
its next step (issue, execution, outcome)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from linewatch import enforce
from linewatch.access import Permission
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)
PURPOSE = "Applying for and executing search warrants"
WarrantId = Annotated[str, Path(min_length=1, max_length=128)]
Posted = Annotated[Viewer, Depends(require_csrf)]


def moment(text: str) -> datetime | None:
    """A datetime-local field (taken as UTC); None when empty or malformed."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    return [{"text": text, "href": f"#{name}"} for name, text in errors.items()]


@router.get("/warrants")
def warrant_list(request: Request, viewer: PageViewer) -> Response:
    warrants = enforce.list_warrants(viewer.access(PURPOSE))
    return render(
        request,
        "enforce/warrants.html",
        purpose=PURPOSE,
        warrants=warrants,
        done=request.query_params.get("done"),
    )


def _apply_form(
    request: Request, viewer: Viewer, values: dict[str, Any], errors: dict[str, str]
) -> Response:
    grounds = enforce.eligible_grounds(viewer.access(PURPOSE))
    return render(
        request,
        "enforce/warrant_apply.html",
        status_code=400 if errors else 200,
        purpose=PURPOSE,
        grounds=grounds,
        powers=list(enforce.WarrantPower),
        values=values,
        errors=errors,
        error_list=error_list(errors),
    )


@router.get("/warrants/apply")
def apply_form(request: Request, viewer: PageViewer) -> Response:
    viewer.access(PURPOSE).require(Permission.RECORD_OUTCOMES)
    return _apply_form(request, viewer, {"grounds": []}, {})


@router.post("/warrants/apply")
def apply_submit(
    request: Request,
    viewer: Posted,
    power: Annotated[str, Form(max_length=32)] = "",
    address: Annotated[str, Form(max_length=500)] = "",
    postcode: Annotated[str, Form(max_length=10)] = "",
    grounds: Annotated[list[str] | None, Form()] = None,
    justification: Annotated[str, Form(max_length=8000)] = "",
) -> Response:
    values = {
        "power": power,
        "address": address,
        "postcode": postcode,
        "grounds": grounds or [],
        "justification": justification,
    }
    try:
        warrant = enforce.apply_for_warrant(
            viewer.access(PURPOSE),
            power=power,
            address=address,
            postcode=postcode or None,
            grounds=grounds or [],
            justification=justification,
        )
    except enforce.WarrantError as exc:
        return _apply_form(request, viewer, values, {exc.field: str(exc)})
    return RedirectResponse(f"/warrants/{warrant.id}", status_code=303)


def _page(
    request: Request, viewer: Viewer, warrant_id: str, errors: dict[str, str] | None = None
) -> Response:
    try:
        warrant = enforce.get_warrant(viewer.access(PURPOSE), warrant_id)
    except enforce.WarrantNotFound:
        raise HTTPException(404) from None
    errors = errors or {}
    return render(
        request,
        "enforce/warrant.html",
        status_code=400 if errors else 200,
        purpose=PURPOSE,
        warrant=warrant,
        may_issue=viewer.can(Permission.MANAGE_TASKS),
        may_record=viewer.can(Permission.RECORD_OUTCOMES),
        errors=errors,
        error_list=error_list(errors),
    )


@router.get("/warrants/{warrant_id}")
def warrant_page(request: Request, viewer: PageViewer, warrant_id: WarrantId) -> Response:
    return _page(request, viewer, warrant_id)


def _step(request: Request, viewer: Viewer, warrant_id: str, action: Any) -> Response:
    try:
        action()
    except enforce.WarrantNotFound:
        raise HTTPException(404) from None
    except enforce.WarrantError as exc:
        return _page(request, viewer, warrant_id, {exc.field: str(exc)})
    return RedirectResponse(f"/warrants/{warrant_id}", status_code=303)


@router.post("/warrants/{warrant_id}/issue")
def issue_submit(
    request: Request,
    viewer: Posted,
    warrant_id: WarrantId,
    issued_by: Annotated[str, Form(max_length=128)] = "",
    issued_at: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    when = moment(issued_at)
    if when is None:
        return _page(request, viewer, warrant_id, {"issued_at": "Enter when it was issued"})
    access = viewer.access(PURPOSE)
    return _step(
        request,
        viewer,
        warrant_id,
        lambda: enforce.record_issue(access, warrant_id, issued_by, when),
    )


@router.post("/warrants/{warrant_id}/refuse")
def refuse_submit(
    request: Request,
    viewer: Posted,
    warrant_id: WarrantId,
    refused_by: Annotated[str, Form(max_length=128)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    access = viewer.access(PURPOSE)
    return _step(
        request,
        viewer,
        warrant_id,
        lambda: enforce.record_refusal(access, warrant_id, refused_by, reason),
    )


@router.post("/warrants/{warrant_id}/execute")
def execute_submit(
    request: Request,
    viewer: Posted,
    warrant_id: WarrantId,
    executed_at: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    when = moment(executed_at)
    if when is None:
        return _page(request, viewer, warrant_id, {"executed_at": "Enter when it was executed"})
    access = viewer.access(PURPOSE)
    return _step(
        request, viewer, warrant_id, lambda: enforce.record_execution(access, warrant_id, when)
    )


def _arrest_lines(text: str) -> list[tuple[str, str]] | str:
    """'person reference or id, offence' one a line; a message naming the line if malformed."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        person, _, offence = line.partition(",")
        if not person.strip() or not offence.strip():
            return f"Line {number}: write the person's reference, a comma, then the offence"
        out.append((person.strip(), offence.strip()))
    return out


@router.post("/warrants/{warrant_id}/outcome")
def outcome_submit(
    request: Request,
    viewer: Posted,
    warrant_id: WarrantId,
    outcome: Annotated[str, Form(max_length=4000)] = "",
    finds: Annotated[str, Form(max_length=8000)] = "",
    arrests: Annotated[str, Form(max_length=8000)] = "",
) -> Response:
    parsed = _arrest_lines(arrests)
    if isinstance(parsed, str):
        return _page(request, viewer, warrant_id, {"arrests": parsed})
    access = viewer.access(PURPOSE)
    try:
        people = enforce.people_by_reference(access, [p for p, _ in parsed])
    except enforce.WarrantError as exc:
        return _page(request, viewer, warrant_id, {exc.field: str(exc)})
    return _step(
        request,
        viewer,
        warrant_id,
        lambda: enforce.record_outcome(
            access,
            warrant_id,
            outcome=outcome,
            finds=finds.splitlines(),
            arrests=[(people[p], offence) for p, offence in parsed],
        ),
    )
