"""Report intake over HTTP: the public form, call handlers, officers and partner systems.

Each route reads its form or JSON, hands it to ``linewatch.collect`` and shows what came back;
the checking, sanitising, grading and writing all happen there. The public form at /report
sets no cookie and passes nothing about the connection to the store: its address is used
only, hashed in memory, to slow abuse.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, time
from typing import Annotated, Any

from dateutil import parser as dateparser
from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import Response

from linewatch import collect, settings
from linewatch.access import AccessDenied, Permission
from linewatch.collect.bulk import LOCAL_TIME
from linewatch.evaluate.processing import Worker
from linewatch.model import Channel, Role
from linewatch.store import RowError
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.form_token import FormTokenError, FormTokens, same_site
from linewatch.web.intake_api import router as api_router
from linewatch.web.rendering import OFFICIAL, render


@asynccontextmanager
async def _report_processing(app: FastAPI) -> AsyncIterator[None]:
    """Run the background report processing (and audit sealing) while the app serves.

    An app can opt out with ``app.state.report_processing = False`` (tests that drive the
    queue themselves).
    """
    if not getattr(app.state, "report_processing", True):
        yield
        return
    worker = Worker(app.state.store)
    worker.start()
    try:
        yield
    finally:
        worker.stop()


router = APIRouter(include_in_schema=False, lifespan=_report_processing)
__all__ = ["api_router", "router"]

PURPOSE = "Recording a report of County Lines activity"
CALL_ROLES = frozenset({Role.CALL_HANDLER, Role.INTELLIGENCE_OFFICER})


def _tokens(request: Request) -> FormTokens:
    state = request.app.state
    if not hasattr(state, "form_tokens"):
        state.form_tokens = FormTokens()
    tokens: FormTokens = state.form_tokens
    return tokens


def _limiter(request: Request) -> collect.AddressLimiter:
    state = request.app.state
    if not hasattr(state, "report_limiter"):
        state.report_limiter = collect.AddressLimiter(settings.get("public_report_limit"))
    limiter: collect.AddressLimiter = state.report_limiter
    return limiter


def _errors(problems: list[RowError]) -> dict[str, str]:
    """The first problem per field, as the error summary and the field show it."""
    found: dict[str, str] = {}
    for problem in problems:
        found.setdefault(problem.field_name, problem.reason[:1].upper() + problem.reason[1:])
    return found


# -- the public form -------------------------------------------------------------------------


def _public_form(
    request: Request, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    return render(
        request,
        "intake/report.html",
        status_code=status,
        classification=OFFICIAL,
        form_token=_tokens(request).issue(),
        values=values,
        errors=errors,
        max_text=collect.intake.MAX_TEXT,
    )


@router.get("/report")
def public_report_form(request: Request) -> Response:
    return _public_form(request, {}, {})


@router.post("/report")
def public_report(
    request: Request,
    form_token: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    location_text: Annotated[str, Form()] = "",
    occurred_when: Annotated[str, Form()] = "",
    contact: Annotated[str, Form()] = "",
    contact_name: Annotated[str, Form()] = "",
    contact_phone: Annotated[str, Form()] = "",
    contact_email: Annotated[str, Form()] = "",
) -> Response:
    values = {
        "text": text,
        "location_text": location_text,
        "occurred_when": occurred_when,
        "contact": contact,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
        "contact_email": contact_email,
    }
    if not same_site(request):
        raise AccessDenied("reports can be sent only from this site's own form")
    try:
        _tokens(request).redeem(form_token)
    except FormTokenError as exc:
        # Keep what they wrote: a person who took long over a report must not lose it.
        message = f"This form could not be sent because {exc}. Check your report and send it again"
        return _public_form(request, values, {"form": message}, 400)
    decision = _limiter(request).hit(request.client.host if request.client else None)
    if not decision.allowed:
        minutes = max(1, decision.retry_after // 60)
        limited = render(
            request,
            "intake/report_limited.html",
            status_code=429,
            classification=OFFICIAL,
            minutes=minutes,
        )
        limited.headers["Retry-After"] = str(decision.retry_after)
        return limited
    wants_contact = contact == "yes"
    raw: dict[str, Any] = {
        "text": text,
        "location_text": location_text,
        "occurred_when": occurred_when,
    }
    if wants_contact:
        raw.update(
            contact_name=contact_name, contact_phone=contact_phone, contact_email=contact_email
        )
    errors: dict[str, str] = {}
    if contact not in {"yes", "no"}:
        errors["contact"] = "Select yes if we can contact you about this report"
    try:
        submission = collect.check_submission(Channel.PUBLIC_WEB.value, raw)
    except collect.SubmissionError as exc:
        errors = {**_errors(exc.problems), **errors}
    if not errors and wants_contact and submission.contact is None:
        errors["contact_name"] = "Enter a name, phone number or email address, or select no"
    if errors:
        return _public_form(request, values, errors, 400)
    receipt = collect.submit_report(collect.public_access(request.app.state.store), submission)
    return render(
        request,
        "intake/report_received.html",
        classification=OFFICIAL,
        reference=receipt.reference,
        contact=wants_contact,
    )


# -- staff forms ----------------------------------------------------------------------------


def _recorder(viewer: Viewer) -> None:
    if not viewer.can(Permission.RECORD_REPORTS) or viewer.actor.is_partner:
        raise AccessDenied("only the force's own staff record reports here")


def _caller(viewer: Viewer) -> None:
    _recorder(viewer)
    if viewer.actor.role not in CALL_ROLES:
        raise AccessDenied("101 calls and Crimestoppers reports are recorded by call handlers")


def _moment(value: str, problems: list[RowError]) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = dateparser.parse(value, dayfirst=True)
    except (ValueError, OverflowError):
        problems.append(
            RowError(
                "occurred_at", "Enter when it happened as a date and time, like 27/11/2026 21:30"
            )
        )
        return None
    # Staff write local time; Linewatch keeps UTC.
    local: datetime = parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TIME)
    return local.astimezone(UTC)


def _staff_submit(
    request: Request,
    viewer: Viewer,
    template: str,
    channel: str,
    raw: dict[str, Any],
    values: dict[str, str],
    when: str,
) -> Response:
    problems: list[RowError] = []
    raw["occurred_at"] = _moment(when, problems)
    submission: collect.Submission | None = None
    try:
        submission = collect.check_submission(channel, raw)
    except collect.SubmissionError as exc:
        problems.extend(exc.problems)
    if problems or submission is None:
        return render(
            request,
            template,
            status_code=400,
            values=values,
            errors=_errors(problems),
            purpose=PURPOSE,
        )
    receipt = collect.submit_report(viewer.access(PURPOSE), submission)
    return render(request, "intake/recorded.html", receipt=receipt, purpose=PURPOSE)


def _since_midnight() -> datetime:
    return datetime.combine(datetime.now(UTC).date(), time(), UTC)


@router.get("/intake")
def intake_home(request: Request, viewer: PageViewer) -> Response:
    _recorder(viewer)
    recorded = collect.recorded_since(viewer.access(PURPOSE), _since_midnight())
    return render(
        request,
        "intake/home.html",
        recorded=recorded,
        takes_calls=viewer.actor.role in CALL_ROLES,
        purpose=PURPOSE,
    )


@router.get("/intake/call")
def call_form(request: Request, viewer: PageViewer) -> Response:
    _caller(viewer)
    return render(request, "intake/call.html", values={}, errors={}, purpose=PURPOSE)


@router.post("/intake/call")
def call_submit(
    request: Request,
    viewer: Annotated[Viewer, Depends(require_csrf)],
    route: Annotated[str, Form()] = "",
    source_ref: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    location_text: Annotated[str, Form()] = "",
    occurred_at: Annotated[str, Form()] = "",
) -> Response:
    _caller(viewer)
    values = {
        "route": route,
        "source_ref": source_ref,
        "text": text,
        "location_text": location_text,
        "occurred_at": occurred_at,
    }
    channels = {"101": Channel.CALL_101.value, "crimestoppers": Channel.CRIMESTOPPERS.value}
    if route not in channels:
        return render(
            request,
            "intake/call.html",
            status_code=400,
            values=values,
            errors={"route": "Select how the report reached you"},
            purpose=PURPOSE,
        )
    raw: dict[str, Any] = {"text": text, "location_text": location_text}
    if route == "crimestoppers":
        raw["source_ref"] = source_ref
    return _staff_submit(
        request, viewer, "intake/call.html", channels[route], raw, values, occurred_at
    )


@router.get("/intake/officer")
def officer_form(request: Request, viewer: PageViewer) -> Response:
    _recorder(viewer)
    return render(request, "intake/officer.html", values={}, errors={}, purpose=PURPOSE)


@router.post("/intake/officer")
def officer_submit(
    request: Request,
    viewer: Annotated[Viewer, Depends(require_csrf)],
    how_known: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    location_text: Annotated[str, Form()] = "",
    occurred_at: Annotated[str, Form()] = "",
) -> Response:
    _recorder(viewer)
    values = {
        "how_known": how_known,
        "text": text,
        "location_text": location_text,
        "occurred_at": occurred_at,
    }
    assessments = {"saw": "A", "told": "C"}
    if how_known not in assessments:
        return render(
            request,
            "intake/officer.html",
            status_code=400,
            values=values,
            errors={"how_known": "Select whether you saw it yourself or were told"},
            purpose=PURPOSE,
        )
    raw: dict[str, Any] = {
        "text": text,
        "location_text": location_text,
        "source_evaluation": "2",
        "intelligence_assessment": assessments[how_known],
        "handling_code": "P",
    }
    return _staff_submit(
        request, viewer, "intake/officer.html", Channel.OFFICER.value, raw, values, occurred_at
    )
