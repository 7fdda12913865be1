"""The analyst's review queue for record matches: the queue, one pair with its evidence side
by side and its match weights explained, accept or reject, and splitting a merge again.

Every page is a shell over ``linewatch.resolve``: reading a pair is audited there as a
consultation, and each decision as a combination or alteration of the records.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from linewatch import resolve
from linewatch.model import Judgement
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.rendering import render
from linewatch.web.views import whole_picture

router = APIRouter(include_in_schema=False)

PURPOSES = {
    "queue": "Reviewing uncertain record matches for County Lines investigation",
    "pair": "Deciding whether two records are one person",
}
RecordId = Annotated[str, Path(min_length=1, max_length=128)]
FormViewer = Annotated[Viewer, Depends(require_csrf)]
DECISIONS = {"accept": Judgement.POSITIVE, "reject": Judgement.NEGATIVE}
NOTICES = {
    "accepted": "The records are merged",
    "rejected": "The records are kept apart",
    "split": "The merge is undone",
}


@router.get("/matches")
def queue(request: Request, viewer: PageViewer) -> Response:
    access = viewer.access(PURPOSES["queue"])
    whole_picture(access)
    items = resolve.review_queue_items(access)
    merges = resolve.recent_merges(access)
    return render(
        request, "resolve/queue.html", purpose=PURPOSES["queue"], items=items, merges=merges
    )


def _pair_page(
    request: Request,
    viewer: Viewer,
    left_id: str,
    right_id: str,
    *,
    errors: dict[str, str] | None = None,
    reason: str = "",
) -> Response:
    access = viewer.access(PURPOSES["pair"])
    whole_picture(access)
    try:
        shown = resolve.review_pair(access, left_id, right_id)
    except LookupError:
        raise HTTPException(404) from None
    errors = errors or {}
    notice = NOTICES.get(request.query_params.get("decided", ""))
    return render(
        request,
        "resolve/pair.html",
        status_code=400 if errors else 200,
        purpose=PURPOSES["pair"],
        pair=shown,
        rows=shown.sides(),
        notice=notice,
        errors=errors,
        error_list=[{"text": text, "href": f"#{name}"} for name, text in errors.items()],
        reason=reason,
    )


@router.get("/matches/{left_id}/{right_id}")
def pair_page(
    request: Request, viewer: PageViewer, left_id: RecordId, right_id: RecordId
) -> Response:
    return _pair_page(request, viewer, left_id, right_id)


def _decided(left_id: str, right_id: str, what: str) -> Response:
    left, right = sorted((left_id, right_id))
    return RedirectResponse(f"/matches/{left}/{right}?decided={what}", status_code=303)


@router.post("/matches/{left_id}/{right_id}/decision")
def decide(
    request: Request,
    viewer: FormViewer,
    left_id: RecordId,
    right_id: RecordId,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    errors = _form_errors(decision in DECISIONS, reason, "Choose to accept or reject the match")
    if errors:
        return _pair_page(request, viewer, left_id, right_id, errors=errors, reason=reason)
    access = viewer.access(PURPOSES["pair"])
    whole_picture(access)
    try:
        resolve.judge(access, left_id, right_id, DECISIONS[decision], reason)
    except LookupError:
        raise HTTPException(404) from None
    except ValueError as exc:  # ResolveConflict among them: a "not the same" stands in the way
        return _pair_page(
            request, viewer, left_id, right_id, errors={"reason": str(exc)}, reason=reason
        )
    return _decided(left_id, right_id, "accepted" if decision == "accept" else "rejected")


@router.post("/matches/{left_id}/{right_id}/split")
def split(
    request: Request,
    viewer: FormViewer,
    left_id: RecordId,
    right_id: RecordId,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    errors = _form_errors(True, reason, "")
    if errors:
        return _pair_page(request, viewer, left_id, right_id, errors=errors, reason=reason)
    access = viewer.access(PURPOSES["pair"])
    whole_picture(access)
    try:
        resolve.split(access, left_id, right_id, reason)
    except LookupError:
        raise HTTPException(404) from None
    except ValueError as exc:
        return _pair_page(
            request, viewer, left_id, right_id, errors={"reason": str(exc)}, reason=reason
        )
    return _decided(left_id, right_id, "split")


def _form_errors(decision_ok: bool, reason: str, decision_message: str) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not decision_ok:
        errors["decision"] = decision_message
    if not reason.strip():
        errors["reason"] = "Enter why: what you checked, so the next analyst can follow it"
    return errors
