"""Safeguarding pages: the vulnerability register, an address's cuckooing risk with its reasons
and closure, and referrals with their decisions. Forms work without JavaScript; a refused
step comes back with the rule it broke against the field at fault."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from linewatch import safeguard
from linewatch.access import Permission
from linewatch.model import ReferralOutcome, ReferralType
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)
LONDON = ZoneInfo("Europe/London")
PURPOSES = {
    "register": "Keeping the register of vulnerable people and addresses",
    "address": "Assessing an address's risk of cuckooing",
    "referrals": "Tracking safeguarding referrals and their decisions",
    "closure": "Recording the closure of a cuckooed address",
}
RecordId = Annotated[str, Path(min_length=1, max_length=128)]
CLOSURE_FIELDS = {
    "notice": (
        "notice_served_at",
        "notice_rank",
        "notice_authorised_by",
        "notice_expires_at",
        "bars_residents",
    ),
    "notice_extension": ("notice_extended_by", "notice_expires_at"),
    "hearing": ("hearing_at",),
    "order": ("order_made_at", "order_expires_at"),
    "extension": ("order_extended_until",),
}


def local_moment(raw: str) -> datetime | None:
    """A datetime-local field (UK time) as an aware UTC moment; ValueError if malformed."""
    if not raw.strip():
        return None
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError("Enter a date and time, like 2026-02-20T14:30") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LONDON)
    return parsed.astimezone(UTC)


def local_field(moment: datetime | None) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M") if moment else ""


def _errors(errors: dict[str, str]) -> list[dict[str, str]]:
    return [{"text": text, "href": f"#{name}"} for name, text in errors.items()]


@router.get("/safeguard/register")
def register_page(
    request: Request, viewer: PageViewer, kind: str = "", as_of: date | None = None
) -> Response:
    if kind and kind not in safeguard.REGISTER_KINDS:
        raise HTTPException(422, f"kind must be one of {', '.join(safeguard.REGISTER_KINDS)}")
    register = safeguard.vulnerability_register(
        viewer.access(PURPOSES["register"]), kind or None, as_of
    )
    return render(
        request,
        "safeguard/register.html",
        purpose=PURPOSES["register"],
        register=register,
        kind=kind,
        kinds=safeguard.REGISTER_KINDS,
        can_record=viewer.can(Permission.RECORD_OUTCOMES),
    )


def _address_page(
    request: Request,
    viewer: Viewer,
    address_id: str,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    step: str = "",
) -> Response:
    try:
        picture = safeguard.address_picture(viewer.access(PURPOSES["address"]), address_id)
    except safeguard.NotFound:
        raise HTTPException(404) from None
    closure = picture.open_closure
    next_step = closure.next_step(picture.at or datetime.now(UTC)) if closure else "notice"
    return render(
        request,
        "safeguard/address.html",
        status_code=400 if errors else 200,
        purpose=PURPOSES["address"],
        picture=picture,
        closure=closure,
        next_step=step or next_step,
        can_record=viewer.can(Permission.RECORD_OUTCOMES),
        ranks=list(safeguard.NoticeRank),
        values=values or {},
        errors=errors or {},
        error_list=_errors(errors or {}),
        local=local_field,
    )


@router.get("/safeguard/addresses/{address_id}")
def address_page(
    request: Request, viewer: PageViewer, address_id: RecordId, step: str = ""
) -> Response:
    # Only an open notice can be extended; any other step is the one the record is at.
    chosen = step if step == "notice_extension" else ""
    return _address_page(request, viewer, address_id, step=chosen)


@router.post("/safeguard/addresses/{address_id}/closure")
async def closure_step(
    request: Request,
    viewer: Annotated[Viewer, Depends(require_csrf)],
    address_id: RecordId,
    step: Annotated[str, Form()] = "",
) -> Response:
    if step not in CLOSURE_FIELDS:
        raise HTTPException(400, "unknown closure step")
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in CLOSURE_FIELDS[step]}
    values["closure_id"] = str(form.get("closure_id", ""))
    errors: dict[str, str] = {}
    moments: dict[str, datetime | None] = {}
    for name, raw in values.items():
        if name.endswith(("_at", "_until")):
            try:
                moments[name] = local_moment(raw)
            except ValueError as exc:
                errors[name] = str(exc)
    if errors:
        return _address_page(request, viewer, address_id, values, errors, step)
    access = viewer.access(PURPOSES["closure"])
    closure_id = values["closure_id"]
    try:
        if step == "notice":
            safeguard.serve_notice(
                access,
                address_id,
                moments["notice_served_at"],
                values["notice_rank"],
                values["notice_authorised_by"],
                moments["notice_expires_at"],
                bars_residents={"yes": True, "no": False}.get(values["bars_residents"]),
            )
        elif step == "notice_extension":
            safeguard.extend_notice(
                access, closure_id, values["notice_extended_by"], moments["notice_expires_at"]
            )
        elif step == "hearing":
            safeguard.record_hearing(access, closure_id, moments["hearing_at"])
        elif step == "order":
            safeguard.record_order(
                access, closure_id, moments["order_made_at"], moments["order_expires_at"]
            )
        else:
            safeguard.extend_order(access, closure_id, moments["order_extended_until"])
    except safeguard.NotFound:
        raise HTTPException(404) from None
    except safeguard.WorkflowError as exc:
        errors[exc.field_name] = exc.message[0].upper() + exc.message[1:]
        return _address_page(request, viewer, address_id, values, errors, step)
    return RedirectResponse(f"/safeguard/addresses/{address_id}#closure", status_code=303)


@router.get("/safeguard/referrals")
def referrals_page(request: Request, viewer: PageViewer, as_of: date | None = None) -> Response:
    access = viewer.access(PURPOSES["referrals"])
    referrals = safeguard.list_referrals(access, as_of)
    return render(
        request,
        "safeguard/referrals.html",
        purpose=PURPOSES["referrals"],
        referrals=referrals,
        overdue=[r for r in referrals if r.overdue],
        prompts=safeguard.needs_referral(access, as_of),
        can_record=viewer.can(Permission.RECORD_OUTCOMES),
    )


def _new_form(
    request: Request, viewer: Viewer, values: dict[str, str], errors: dict[str, str]
) -> Response:
    return render(
        request,
        "safeguard/new_referral.html",
        status_code=400 if errors else 200,
        purpose=PURPOSES["referrals"],
        types=list(ReferralType),
        values=values,
        errors=errors,
        error_list=_errors(errors),
    )


@router.get("/safeguard/referrals/new")
def new_referral(
    request: Request,
    viewer: PageViewer,
    person_id: str = "",
    name: str = "",
    may_be_child: str = "",
) -> Response:
    viewer.access(PURPOSES["referrals"]).require(Permission.RECORD_OUTCOMES)
    values = {
        "person_id": person_id,
        "name": name,
        "may_be_child": may_be_child,
        "made_at": local_field(datetime.now(UTC)),
    }
    return _new_form(request, viewer, values, {})


@router.post("/safeguard/referrals")
def create_referral(
    request: Request,
    viewer: Annotated[Viewer, Depends(require_csrf)],
    person_id: Annotated[str, Form(max_length=128)] = "",
    name: Annotated[str, Form(max_length=256)] = "",
    referral_type: Annotated[str, Form()] = "",
    made_at: Annotated[str, Form()] = "",
    consent_obtained: Annotated[str, Form()] = "",
    may_be_child: Annotated[str, Form()] = "",
) -> Response:
    values = {
        "person_id": person_id,
        "name": name,
        "referral_type": referral_type,
        "made_at": made_at,
        "consent_obtained": consent_obtained,
        "may_be_child": may_be_child,
    }
    errors: dict[str, str] = {}
    kind = None
    try:
        kind = ReferralType(referral_type)
    except ValueError:
        errors["referral_type"] = "Select where the referral went"
    try:
        when = local_moment(made_at)
    except ValueError as exc:
        errors["made_at"] = str(exc)
    if not person_id.strip():
        errors["person_id"] = "Enter the Linewatch id of the person referred"
    if errors or kind is None:
        return _new_form(request, viewer, values, errors)
    try:
        referral = safeguard.make_referral(
            viewer.access(PURPOSES["referrals"]),
            person_id.strip(),
            kind,
            when,
            consent_obtained={"yes": True, "no": False}.get(consent_obtained),
            may_be_child=may_be_child == "yes",
        )
    except safeguard.WorkflowError as exc:
        errors[exc.field_name] = exc.message[0].upper() + exc.message[1:]
        return _new_form(request, viewer, values, errors)
    return RedirectResponse(f"/safeguard/referrals/{referral.id}?made=1", status_code=303)


# Who usually makes the next decision on a referral of each type, offered on the form.
DECIDERS = {
    ReferralType.NRM.value: "Single Competent Authority",
    ReferralType.CHILDRENS_SOCIAL_CARE.value: "Children's social care",
    ReferralType.ADULT_SOCIAL_CARE.value: "Adult social care",
}


def _referral_page(
    request: Request,
    viewer: Viewer,
    referral_id: str,
    values: dict[str, str],
    errors: dict[str, str],
) -> Response:
    try:
        referral = safeguard.get_referral(viewer.access(PURPOSES["referrals"]), referral_id)
    except safeguard.NotFound:
        raise HTTPException(404) from None
    values.setdefault("decided_by", DECIDERS.get(referral.referral_type, ""))
    labels = {m.value: m.label for m in (*ReferralOutcome, *safeguard.SocialCareDecision)}
    return render(
        request,
        "safeguard/referral.html",
        status_code=400 if errors else 200,
        purpose=PURPOSES["referrals"],
        referral=referral,
        choices=[(code, labels[code]) for code in referral.next_decisions],
        can_record=viewer.can(Permission.RECORD_OUTCOMES),
        values=values,
        errors=errors,
        error_list=_errors(errors),
        made=request.query_params.get("made"),
        decided=request.query_params.get("decided"),
    )


@router.get("/safeguard/referrals/{referral_id}")
def referral_page(request: Request, viewer: PageViewer, referral_id: RecordId) -> Response:
    values = {"decided_at": local_field(datetime.now(UTC))}
    return _referral_page(request, viewer, referral_id, values, {})


@router.post("/safeguard/referrals/{referral_id}/decisions")
def record_decision(
    request: Request,
    viewer: Annotated[Viewer, Depends(require_csrf)],
    referral_id: RecordId,
    decision: Annotated[str, Form()] = "",
    decided_at: Annotated[str, Form()] = "",
    decided_by: Annotated[str, Form(max_length=128)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    values = {
        "decision": decision,
        "decided_at": decided_at,
        "decided_by": decided_by,
        "note": note,
    }
    errors: dict[str, str] = {}
    if not decision:
        errors["decision"] = "Select the decision"
    try:
        when = local_moment(decided_at)
    except ValueError as exc:
        errors["decided_at"] = str(exc)
    if errors:
        return _referral_page(request, viewer, referral_id, values, errors)
    try:
        safeguard.record_decision(
            viewer.access(PURPOSES["referrals"]), referral_id, decision, when, decided_by, note
        )
    except safeguard.NotFound:
        raise HTTPException(404) from None
    except safeguard.WorkflowError as exc:
        errors[exc.field_name] = exc.message[0].upper() + exc.message[1:]
        return _referral_page(request, viewer, referral_id, values, errors)
    return RedirectResponse(f"/safeguard/referrals/{referral_id}?decided=1", status_code=303)
