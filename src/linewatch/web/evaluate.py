"""The intelligence officer's pages for one report: read it, grade it, sanitise it.

Each form posts back to its own page with the session's CSRF token and works without
JavaScript. A refused grade re-renders the form with an error summary naming each field;
a good one redirects (post, redirect, get) to the report page, which shows the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from linewatch import evaluate
from linewatch.access import Access, Permission
from linewatch.evaluate import GradingError, ReportView, SanitisationError
from linewatch.model import Channel, IntelligenceAssessment, SourceEvaluation
from linewatch.web.auth import PageViewer, Viewer, require_csrf
from linewatch.web.rendering import render

router = APIRouter(include_in_schema=False)

ReportId = Annotated[str, Path(min_length=1, max_length=128)]
FormViewer = Annotated[Viewer, Depends(require_csrf)]
Text = Annotated[str, Form(max_length=20_000)]

PURPOSES = {
    "report": "Evaluating an intelligence report",
    "grade": "Grading an intelligence report",
    "sanitise": "Sanitising an intelligence report",
    "corroborate": "Checking corroboration of an intelligence report",
    "duplicates": "Checking reports for near-duplicates",
    "entity": "Viewing entity for County Lines investigation",
}

SOURCE_OPTIONS = [(v.value, v.label) for v in SourceEvaluation]
ASSESSMENT_OPTIONS = [(v.value, v.label) for v in IntelligenceAssessment]
HANDLING_OPTIONS = [
    ("P", "P Lawful sharing permitted"),
    ("C", "C Lawful sharing permitted with conditions"),
]
FIELD_ORDER = (
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
    "handling_conditions",
    "reason",
)


@dataclass(frozen=True)
class GradeForm:
    source_evaluation: str = ""
    intelligence_assessment: str = ""
    handling_code: str = ""
    handling_conditions: str = ""
    reason: str = ""


def _view(viewer: Viewer, purpose: str, report_id: str, *, original: bool = False) -> ReportView:
    try:
        return evaluate.report_view(
            viewer.access(PURPOSES[purpose]), report_id, with_original=original
        )
    except LookupError:
        raise HTTPException(404) from None


def _page(request: Request, template: str, purpose: str, status: int = 200, **ctx: Any) -> Response:
    return render(
        request, f"evaluate/{template}", purpose=PURPOSES[purpose], status_code=status, **ctx
    )


@router.get("/reports/{report_id}")
def report_page(
    request: Request,
    viewer: PageViewer,
    report_id: ReportId,
    done: Annotated[str | None, Query(max_length=16)] = None,
    original: bool = False,
) -> Response:
    """The report; its original words only when asked for, so each reading is logged."""
    report = _view(viewer, "report", report_id, original=original)
    return _page(
        request,
        "report.html",
        "report",
        report=report,
        done=done,
        may_grade=viewer.can(Permission.GRADE_REPORTS),
        show_original_link=viewer.can(Permission.VIEW_ORIGINAL_REPORT),
    )


def _initial(report: ReportView) -> tuple[GradeForm, bool]:
    """The form's starting values, and whether they are the channel's suggestion.

    A report's own 3x5x2 grade fills the form. A legacy 5x5x5 grade never does: it is shown
    beside the form, and the officer chooses every part.
    """
    if report.graded and not report.legacy:
        return (
            GradeForm(
                report.source_evaluation or "",
                report.intelligence_assessment or "",
                report.handling_code or "",
                report.handling_conditions or "",
            ),
            False,
        )
    if report.suggested is not None and not report.legacy:
        s = report.suggested
        return GradeForm(s.source_evaluation, s.intelligence_assessment, s.handling_code), True
    return GradeForm(), False


def _grade_page(
    request: Request,
    report: ReportView,
    form: GradeForm,
    *,
    suggested: bool,
    errors: dict[str, str] | None = None,
) -> Response:
    errors = errors or {}
    summary = [{"text": errors[f], "href": f"#{f}"} for f in FIELD_ORDER if f in errors]
    return _page(
        request,
        "grade.html",
        "grade",
        status=400 if errors else 200,
        report=report,
        form=form,
        suggested=suggested,
        errors=errors,
        error_list=summary,
        channel_label=_channel_label(report.channel),
        items=_radio_items(report, form),
    )


def _radio_items(report: ReportView, form: GradeForm) -> dict[str, list[dict[str, Any]]]:
    """GOV.UK radio items per field, the chosen one checked, the channel's suggestion hinted."""
    s = report.suggested
    fields = {
        "source_evaluation": (SOURCE_OPTIONS, s.source_evaluation if s else None),
        "intelligence_assessment": (ASSESSMENT_OPTIONS, s.intelligence_assessment if s else None),
        "handling_code": (HANDLING_OPTIONS, s.handling_code if s else None),
    }
    items: dict[str, list[dict[str, Any]]] = {}
    for name, (choices, hinted) in fields.items():
        chosen = getattr(form, name)
        items[name] = [
            {
                "value": value,
                "text": text,
                "checked": value == chosen,
                **({"hint": {"text": "Suggested for this channel"}} if value == hinted else {}),
            }
            for value, text in choices
        ]
    return items


def _channel_label(channel: str) -> str:
    try:
        return str(Channel(channel).label)
    except ValueError:
        return channel


@router.get("/reports/{report_id}/grade")
def grade_form(request: Request, viewer: PageViewer, report_id: ReportId) -> Response:
    report = _view(viewer, "grade", report_id)
    form, suggested = _initial(report)
    return _grade_page(request, report, form, suggested=suggested)


def field_errors(report: ReportView, form: GradeForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    labels = {
        "source_evaluation": "Select the source evaluation",
        "intelligence_assessment": "Select the intelligence assessment",
        "handling_code": "Select the handling code",
    }
    for field, message in labels.items():
        if not getattr(form, field):
            errors[field] = message
    for problem in evaluate.check_grading(
        "3x5x2",
        form.source_evaluation or None,
        form.intelligence_assessment or None,
        form.handling_code or None,
        form.handling_conditions,
    ):
        if problem.field_name == "handling_conditions":
            errors.setdefault(
                "handling_conditions", "Enter the handling conditions: handling code C needs them"
            )
        elif problem.field_name in labels and getattr(form, problem.field_name):
            errors.setdefault(problem.field_name, f"{labels[problem.field_name]}: {problem.reason}")
    if not form.reason.strip():
        if (
            report.intelligence_assessment == "E"
            and not report.legacy
            and (form.intelligence_assessment and form.intelligence_assessment != "E")
        ):
            errors["reason"] = (
                "Enter the reason for moving this report off E (suspected to be false)"
            )
        elif report.legacy and report.source_evaluation is not None:
            errors["reason"] = (
                "Enter the reason for the new grade: a legacy 5x5x5 grade is never mapped"
            )
    return errors


@router.post("/reports/{report_id}/grade")
def grade_submit(
    request: Request,
    viewer: FormViewer,
    report_id: ReportId,
    source_evaluation: Annotated[str, Form(max_length=2)] = "",
    intelligence_assessment: Annotated[str, Form(max_length=2)] = "",
    handling_code: Annotated[str, Form(max_length=2)] = "",
    handling_conditions: Text = "",
    reason: Text = "",
) -> Response:
    report = _view(viewer, "grade", report_id)
    form = GradeForm(
        source_evaluation.strip(),
        intelligence_assessment.strip(),
        handling_code.strip(),
        handling_conditions.strip() if handling_code.strip() == "C" else "",
        reason.strip(),
    )
    errors = field_errors(report, form)
    if not errors:
        try:
            evaluate.grade(
                viewer.access(PURPOSES["grade"]),
                report_id,
                form.source_evaluation,
                form.intelligence_assessment,
                form.handling_code,
                form.handling_conditions or None,
                reason=form.reason or None,
            )
        except GradingError as exc:
            errors["reason"] = str(exc)[:1].upper() + str(exc)[1:]
    if errors:
        return _grade_page(request, report, form, suggested=False, errors=errors)
    return RedirectResponse(f"/reports/{report_id}?done=graded", status_code=303)


def _sanitise_page(
    request: Request, report: ReportView, text: str, error: str | None = None
) -> Response:
    return _page(
        request,
        "sanitise.html",
        "sanitise",
        status=400 if error else 200,
        report=report,
        text=text,
        redactions=evaluate.suggest_redactions(text),
        error=error,
    )


@router.get("/reports/{report_id}/sanitise")
def sanitise_form(request: Request, viewer: PageViewer, report_id: ReportId) -> Response:
    report = _view(viewer, "sanitise", report_id)
    return _sanitise_page(request, report, report.sanitised_text)


@router.post("/reports/{report_id}/sanitise")
def sanitise_submit(
    request: Request,
    viewer: FormViewer,
    report_id: ReportId,
    text: Text = "",
    action: Annotated[str, Form(max_length=16)] = "apply",
    accept: Annotated[list[str] | None, Form()] = None,
) -> Response:
    report = _view(viewer, "sanitise", report_id)
    if action == "confirm":
        try:
            evaluate.confirm_sanitised(viewer.access(PURPOSES["sanitise"]), report_id, text)
        except SanitisationError as exc:
            message = str(exc)[:1].upper() + str(exc)[1:]
            return _sanitise_page(request, report, text, message)
        return RedirectResponse(f"/reports/{report_id}?done=sanitised", status_code=303)
    chosen = set(accept or [])
    # Keys name spans of the text as submitted, so the suggestions are found on that text.
    picked = [r for r in evaluate.suggest_redactions(text) if r.key in chosen]
    return _sanitise_page(request, report, evaluate.apply_redactions(text, picked))


@router.post("/reports/{report_id}/corroborate")
def corroborate(request: Request, viewer: FormViewer, report_id: ReportId) -> Response:
    try:
        evaluate.raise_to_corroborated(viewer.access(PURPOSES["corroborate"]), report_id)
    except LookupError:
        raise HTTPException(404) from None
    except GradingError as exc:
        report = _view(viewer, "report", report_id)
        return _page(
            request,
            "report.html",
            "report",
            status=400,
            report=report,
            done=None,
            may_grade=True,
            show_original_link=viewer.can(Permission.VIEW_ORIGINAL_REPORT),
            error=str(exc)[:1].upper() + str(exc)[1:],
        )
    return RedirectResponse(f"/reports/{report_id}?done=corroborated", status_code=303)


@router.post("/triage/near-duplicates")
def near_duplicates(viewer: FormViewer) -> Response:
    found = evaluate.find_near_duplicates(viewer.access(PURPOSES["duplicates"]))
    return RedirectResponse(f"/triage?duplicates={len(found)}", status_code=303)


def entity_corroboration(access: Access, entity_id: str) -> dict[str, Any] | None:
    """The corroboration section of an entity page: for the force's graders only."""
    if not access.can(Permission.GRADE_REPORTS) or access.visible_organisations() is not None:
        return None
    found = evaluate.entity_corroboration(access, entity_id)
    return found.to_dict() if found is not None and found.reports else None
