"""The evaluation API: one report as JSON (sanitised; the original only on request, for a
role allowed to read it) and grading it in 3x5x2. The rules, the history and the audit are
the same as the web form's: both go through ``linewatch.evaluate``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from linewatch import evaluate
from linewatch.evaluate import GradingError, ReportView
from linewatch.web.auth import ApiViewer
from linewatch.web.evaluate import PURPOSES, GradeForm, field_errors

router = APIRouter(prefix="/api/v1", tags=["evaluation"])

ReportId = Annotated[str, Path(min_length=1, max_length=128)]


class GradeIn(BaseModel):
    """A 3x5x2 grade (domain rules: source evaluation 1-3, intelligence assessment A-E,
    handling code P or C, and C needs its conditions)."""

    source_evaluation: Annotated[str, Field(max_length=2, examples=["2"])]
    intelligence_assessment: Annotated[str, Field(max_length=2, examples=["C"])]
    handling_code: Annotated[str, Field(max_length=2, examples=["P"])]
    handling_conditions: Annotated[str | None, Field(max_length=20_000)] = None
    reason: Annotated[
        str | None,
        Field(
            max_length=20_000,
            description="Required to move a report off E, or to replace a legacy 5x5x5 grade",
        ),
    ] = None


class GradeOut(BaseModel):
    report_id: str
    grading_scheme: str
    source_evaluation: str | None
    intelligence_assessment: str | None
    handling_code: str | None
    handling_conditions: str | None
    graded_by: str
    graded_at: datetime
    reason: str | None


def _view(viewer: ApiViewer, purpose: str, report_id: str, original: bool) -> ReportView:
    try:
        return evaluate.report_view(
            viewer.access(PURPOSES[purpose]), report_id, with_original=original
        )
    except LookupError:
        raise HTTPException(404, f"No report {report_id}.") from None


def _json(report: ReportView) -> dict[str, Any]:
    shown = asdict(report)
    shown.pop("redactions")
    shown["grading"] = report.grading
    shown["is_copy"] = report.is_copy
    if report.original is None:
        shown.pop("original")
    return shown


@router.get("/reports/{report_id}")
def api_report(
    viewer: ApiViewer,
    report_id: ReportId,
    original: Annotated[
        bool,
        Query(
            description="Include the original words and the reporter's contact details "
            "(restricted: needs the right to read originals; each reading is logged)"
        ),
    ] = False,
) -> Any:
    """One report as its grader sees it: sanitised text, grade, history, corroboration and
    near-duplicate links. Reading it is logged as a consultation."""
    report = _view(viewer, "report", report_id, original)
    return JSONResponse(_json_safe(_json(report)))


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@router.post(
    "/reports/{report_id}/grade",
    response_model=GradeOut,
    responses={422: {"description": "The grade breaks a rule; each problem names its field"}},
)
def api_grade(viewer: ApiViewer, report_id: ReportId, body: GradeIn) -> Any:
    """Grade or re-grade a report in 3x5x2. Earlier grades stay in its history; the new grade
    travels to the facts derived from the report; the change is logged as an alteration."""
    report = _view(viewer, "grade", report_id, False)
    form = GradeForm(
        body.source_evaluation.strip().upper(),
        body.intelligence_assessment.strip().upper(),
        body.handling_code.strip().upper(),
        (body.handling_conditions or "").strip()
        if body.handling_code.strip().upper() == "C"
        else "",
        (body.reason or "").strip(),
    )
    errors = field_errors(report, form)
    if not errors:
        try:
            record = evaluate.grade(
                viewer.access(PURPOSES["grade"]),
                report_id,
                form.source_evaluation,
                form.intelligence_assessment,
                form.handling_code,
                form.handling_conditions or None,
                reason=form.reason or None,
            )
        except GradingError as exc:
            errors["reason"] = str(exc)
    if errors:
        detail = [
            {"loc": ["body", name], "msg": message, "type": "value_error"}
            for name, message in errors.items()
        ]
        return JSONResponse({"detail": detail}, status_code=422)
    return GradeOut(**asdict(record))
