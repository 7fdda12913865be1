"""Tasking pages: hotspots and their map, the patrol plan, the briefing (page and PDF), tasks.

Each page asks the ``tasking`` package and lays out what it says; forms post back with the
session's CSRF token and redirect (post, redirect, get), so nothing here needs JavaScript.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.exceptions import HTTPException

from linewatch import tasking
from linewatch.access import Access, Permission
from linewatch.web import views
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)

PURPOSES = {
    "hotspots": "Planning patrols from the County Lines picture",
    "patrol": "Planning patrols from the County Lines picture",
    "briefing": views.PURPOSES["briefing"],
    "tasks": "Tasking from the County Lines picture",
}
TaskId = Annotated[str, Path(min_length=1, max_length=64)]
CsrfViewer = Annotated[Viewer, Depends(require_csrf)]


def _today() -> date:
    return datetime.now(UTC).date()


def _access(viewer: Viewer, key: str) -> Access:
    access = viewer.access(PURPOSES[key])
    views.whole_picture(access)
    return access


def map_panel(access: Access, as_of: date) -> dict[str, Any]:
    """The dashboard's map panel: the map and the first five hotspots."""
    picture = tasking.hotspots(access, as_of)
    return {
        "svg": Markup(tasking.hotspot_map(picture)),
        "legend": tasking.legend(),
        "top": [views.plain(h) for h in picture.top("lsoa", 5)],
    }


@router.get("/hotspots")
def hotspots_page(request: Request, viewer: PageViewer, as_of: date | None = None) -> Response:
    access = _access(viewer, "hotspots")
    picture = tasking.hotspots(access, as_of or _today())
    return render(
        request,
        "tasking/hotspots.html",
        purpose=PURPOSES["hotspots"],
        picture=picture,
        svg=Markup(tasking.hotspot_map(picture)),
        legend=tasking.legend(),
    )


@router.get("/patrol")
def patrol_page(request: Request, viewer: PageViewer, as_of: date | None = None) -> Response:
    access = _access(viewer, "patrol")
    plan = tasking.patrol_plan(access, as_of or _today())
    return render(request, "tasking/patrol.html", purpose=PURPOSES["patrol"], plan=plan)


@router.get("/briefing")
def briefing_page(request: Request, viewer: PageViewer, as_of: date | None = None) -> Response:
    data = views.briefing(viewer.access(PURPOSES["briefing"]), as_of or _today())
    return render(
        request,
        "tasking/briefing.html",
        purpose=PURPOSES["briefing"],
        data=data,
        can_task=viewer.can(Permission.MANAGE_TASKS),
    )


@router.get("/briefing.pdf")
def briefing_pdf(viewer: PageViewer, as_of: date | None = None) -> Response:
    access = _access(viewer, "briefing")
    brief = tasking.briefing(access, as_of or _today())
    return Response(
        tasking.briefing_pdf(brief),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="briefing-{brief.as_of}.pdf"'},
    )


@router.get("/tasks")
def tasks_page(request: Request, viewer: PageViewer) -> Response:
    access = _access(viewer, "tasks")
    found = tasking.list_tasks(access)
    return render(
        request,
        "tasking/tasks.html",
        purpose=PURPOSES["tasks"],
        tasks=found,
        today=_today(),
        can_task=viewer.can(Permission.MANAGE_TASKS),
    )


@router.post("/tasks")
def create_task(
    viewer: CsrfViewer,
    title: Annotated[str, Form(min_length=1, max_length=500)],
    kind: Annotated[str, Form(min_length=1, max_length=32)],
    subject_id: Annotated[str, Form(min_length=1, max_length=128)],
    reason: Annotated[str, Form(max_length=2000)],
    due: Annotated[date, Form()],
    owner_role: Annotated[str, Form(max_length=32)] = "OFFICER",
    owner: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    access = _access(viewer, "tasks")
    proposal = tasking.ProposedTask(title, kind, subject_id, reason, due, owner_role)
    task = tasking.create_task(access, proposal, owner.strip() or None)
    return RedirectResponse(f"/tasks/{task.id}", status_code=303)


@router.get("/tasks/{task_id}")
def task_page(request: Request, viewer: PageViewer, task_id: TaskId) -> Response:
    access = _access(viewer, "tasks")
    try:
        task = tasking.get_task(access, task_id)
    except tasking.TaskNotFound:
        raise HTTPException(404) from None
    return render(
        request,
        "tasking/task.html",
        purpose=PURPOSES["tasks"],
        task=task,
        today=_today(),
        can_task=viewer.can(Permission.MANAGE_TASKS),
    )


@router.post("/tasks/{task_id}/assign")
def assign_task(
    viewer: CsrfViewer,
    task_id: TaskId,
    owner: Annotated[str, Form(min_length=1, max_length=64)],
    due: Annotated[date | None, Form()] = None,
) -> Response:
    access = _access(viewer, "tasks")
    _changed(lambda: tasking.assign_task(access, task_id, owner, due))
    return RedirectResponse(f"/tasks/{task_id}", status_code=303)


@router.post("/tasks/{task_id}/complete")
def complete_task(
    viewer: CsrfViewer,
    task_id: TaskId,
    result: Annotated[str, Form(min_length=1, max_length=4000)],
    holder_id: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    access = _access(viewer, "tasks")
    _changed(
        lambda: tasking.complete_task(access, task_id, result, holder_id=holder_id.strip() or None)
    )
    return RedirectResponse(f"/tasks/{task_id}", status_code=303)


def _changed(change: Any) -> None:
    try:
        change()
    except tasking.TaskNotFound:
        raise HTTPException(404) from None
    except tasking.TaskError as exc:
        raise HTTPException(400, str(exc)) from exc
