"""The intake API: one report as JSON, or a partner's file of reports, sent with the
organisation's token (or a force user's session). Checking and writing belong to
``linewatch.collect``; this module only carries them over HTTP."""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, Field
from starlette.exceptions import HTTPException

from linewatch import collect
from linewatch.access import AccessDenied, Organisation, Permission, get_organisation
from linewatch.collect.partners import channel_for, partner_reference
from linewatch.model import Channel
from linewatch.web.auth import ApiViewer, Viewer

router = APIRouter(prefix="/api/v1", tags=["intake"])

PURPOSE = "Recording a report of County Lines activity"
MAX_UPLOAD = 50 * 1024 * 1024


class ReportIn(BaseModel):
    """One report from a partner agency's or neighbouring force's system."""

    reference: Annotated[str | None, Field(max_length=64)] = None
    text: Annotated[str, Field(min_length=1, max_length=collect.intake.MAX_TEXT)]
    location_text: Annotated[str | None, Field(max_length=collect.intake.MAX_LOCATION)] = None
    occurred_at: AwareDatetime | None = None
    classification: Annotated[str, Field(pattern="^(OFFICIAL|OFFICIAL-SENSITIVE)$")] = (
        "OFFICIAL-SENSITIVE"
    )
    source_evaluation: str | None = None
    intelligence_assessment: str | None = None
    handling_code: str | None = None
    handling_conditions: Annotated[str | None, Field(max_length=collect.intake.MAX_TEXT)] = None
    is_synthetic: bool = False


class ReportOut(BaseModel):
    reference: str
    channel: str
    created: bool
    recorded_at: datetime


# An organisation's name and kind change rarely; reading them once a minute saves a query on
# every report a partner system sends. The token itself is still checked on every call.
_ORG_TTL = 60.0
_orgs: dict[tuple[str, str], tuple[float, Organisation | None]] = {}


def _organisation(viewer: Viewer) -> Organisation | None:
    key = (viewer.store.url, viewer.actor.organisation_id)
    held = _orgs.get(key)
    if held is not None and held[0] > time.monotonic():
        return held[1]
    with viewer.store.connect() as conn:
        org = get_organisation(conn, viewer.actor.organisation_id)
    _orgs[key] = (time.monotonic() + _ORG_TTL, org)
    return org


def _api_channel(viewer: Viewer) -> tuple[str, str, str]:
    """(channel, organisation id, organisation name) of an API caller."""
    if not viewer.can(Permission.RECORD_REPORTS):
        raise AccessDenied(f"{viewer.actor.role.label} may not record reports")
    org = _organisation(viewer)
    if org is None:
        raise AccessDenied("the caller's organisation is unknown")
    if viewer.actor.is_partner:
        return channel_for(org.kind), org.id, org.name
    return Channel.OFFICER.value, org.id, org.name


@router.post(
    "/reports",
    status_code=201,
    responses={200: {"description": "Already held: a report with that reference was sent before"}},
)
def api_submit_report(viewer: ApiViewer, body: ReportIn) -> Any:
    """Record one report. A `reference` of your own makes sending it again safe: the second
    time nothing is added and the answer is 200 with `created: false`."""
    channel, org_id, org_name = _api_channel(viewer)
    raw = body.model_dump()
    raw.pop("reference")
    try:
        submission = collect.check_submission(channel, raw)
    except collect.SubmissionError as exc:
        detail = [
            {"loc": ["body", p.field_name], "msg": p.reason, "type": "value_error"}
            for p in exc.problems
        ]
        return JSONResponse({"detail": detail}, status_code=422)
    submission = replace(
        submission,
        originating_org=org_name,
        classification=body.classification,
        occurred_at=body.occurred_at,
        is_synthetic=body.is_synthetic,
        reference=partner_reference(org_id, body.reference, channel) if body.reference else None,
        source_ref=body.reference,
    )
    receipt = collect.submit_report(viewer.access(PURPOSE), submission)
    out = ReportOut(
        reference=receipt.reference,
        channel=receipt.channel,
        created=receipt.created,
        recorded_at=receipt.recorded_at,
    )
    return JSONResponse(out.model_dump(mode="json"), status_code=201 if receipt.created else 200)


@router.post("/reports/files")
def api_submit_file(viewer: ApiViewer, file: Annotated[UploadFile, File()]) -> dict[str, Any]:
    """Send a file of reports (CSV, JSON Lines or XLSX; docs/formats.md) as your organisation.
    The same file sent twice adds nothing; invalid rows are quarantined, each naming its row
    and field, and the valid rows are recorded."""
    _api_channel(viewer)
    if not viewer.actor.is_partner:
        raise AccessDenied(
            "files from the force itself are imported with `linewatch collect import`"
        )
    name = FilePath(file.filename or "upload").name or "upload"
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / name
        size = 0
        with path.open("wb") as out:
            while chunk := file.file.read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD:
                    raise HTTPException(413, f"Files are limited to {MAX_UPLOAD // 2**20} MB.")
                out.write(chunk)
        try:
            result = collect.import_partner_file(
                viewer.access(PURPOSE), path, viewer.actor.organisation_id
            )
        except collect.FileRejected as exc:
            raise HTTPException(422, str(exc)) from None
    return {
        "file_name": result.file_name,
        "batch_id": result.batch_id,
        "already_imported": result.already_imported,
        "rows_total": result.rows_total,
        "rows_loaded": result.rows_loaded,
        "rows_quarantined": result.rows_quarantined,
        "problems": result.problems,
    }
