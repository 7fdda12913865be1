"""One report as an intelligence officer works it: text, grade, history, links, copies.

The sanitised text is what everyone with the report sees. The original words are read only
by a role allowed to (``VIEW_ORIGINAL_REPORT``), and every such reading is logged as its
own consultation, so the log shows who looked behind the sanitisation and when.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, RowMapping, select

from linewatch.access import Access, AccessDenied, Permission
from linewatch.evaluate.corroboration import (
    RAISABLE,
    Corroboration,
    corroborating_reports,
    corroboration_of_report,
)
from linewatch.evaluate.duplicates import DuplicateLink, duplicate_links
from linewatch.evaluate.grading import DefaultGrading, GradeRecord, default_grading
from linewatch.evaluate.redaction import Redaction, suggest_redactions
from linewatch.model import AuditOperation, Channel, GradingScheme
from linewatch.store import tables


@dataclass(frozen=True)
class Original:
    """The unsanitised words and what the automatic pass took out as the source's."""

    text: str
    removed: list[str]
    source_ref: str | None
    # How the reporter said they may be contacted, by field (name, phone, email), if they did.
    contact: dict[str, str] | None = None


@dataclass(frozen=True)
class ReportView:
    id: str
    reference: str
    channel: str
    originating_org: str
    reported_at: datetime
    occurred_at: datetime | None
    classification: str
    grading_scheme: str
    source_evaluation: str | None
    intelligence_assessment: str | None
    handling_code: str | None
    handling_conditions: str | None
    graded_by: str | None
    priority: str | None
    status: str
    sanitised_text: str
    sanitised: bool
    sanitised_by: str | None
    sanitised_at: datetime | None
    suggested: DefaultGrading | None
    history: list[GradeRecord] = field(default_factory=list)
    corroboration: list[Corroboration] = field(default_factory=list)
    duplicates: list[DuplicateLink] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)
    original: Original | None = None

    @property
    def legacy(self) -> bool:
        return self.grading_scheme == GradingScheme.LEGACY_FIVE.value

    @property
    def graded(self) -> bool:
        return self.intelligence_assessment is not None

    @property
    def grading(self) -> str:
        if not self.graded:
            return "ungraded"
        codes = (self.source_evaluation, self.intelligence_assessment, self.handling_code)
        return "/".join(c or "-" for c in codes)

    @property
    def is_copy(self) -> bool:
        return any(d.copy_id == self.id for d in self.duplicates)

    @property
    def corroborating(self) -> list[dict[str, object]]:
        """Reports from an independent source that mention what this one does."""
        backing = corroborating_reports(self.corroboration, self.id)
        return [
            {"report_id": r.report_id, "reference": r.reference, "source": r.source, "on": on}
            for r, on in sorted(backing.values(), key=lambda b: b[0].reference)
        ]

    @property
    def may_raise(self) -> bool:
        """Whether corroboration can raise the assessment to B in one step."""
        legacy_graded = self.legacy and self.source_evaluation is not None
        return (
            not self.is_copy
            and not legacy_graded
            and self.intelligence_assessment in RAISABLE
            and bool(self.corroborating)
        )


def _history(conn: Connection, report_id: str) -> list[GradeRecord]:
    gh = tables.grade_history
    rows = conn.execute(select(gh).where(gh.c.report_id == report_id).order_by(gh.c.id))
    return [
        GradeRecord(
            report_id=row["report_id"],
            grading_scheme=row["grading_scheme"],
            source_evaluation=row["source_evaluation"],
            intelligence_assessment=row["intelligence_assessment"],
            handling_code=row["handling_code"],
            handling_conditions=row["handling_conditions"],
            graded_by=row["graded_by"],
            graded_at=row["graded_at"],
            reason=row["reason"],
        )
        for row in rows.mappings()
    ]


def _original(conn: Connection, access: Access, report_id: str) -> Original | None:
    ro = tables.report_originals
    row = conn.execute(select(ro).where(ro.c.report_id == report_id)).mappings().first()
    if row is None:
        return None
    access.log(conn, AuditOperation.CONSULTATION, [report_id], operation_ref="original_report")
    removed = json.loads(row["contact_details"]) if row["contact_details"] else []
    return Original(
        row["original_text"], list(removed), row["source_ref"], _contact(conn, access, report_id)
    )


def _contact(conn: Connection, access: Access, report_id: str) -> dict[str, str] | None:
    """The reporter's own contact details, logged as a reading of its own: they name a person."""
    rc = tables.report_contacts
    row = conn.execute(select(rc).where(rc.c.report_id == report_id)).mappings().first()
    if row is None:
        return None
    access.log(conn, AuditOperation.CONSULTATION, [report_id], operation_ref="reporter_contact")
    return {k: row[k] for k in ("name", "phone", "email") if row[k]}


def _suggested(channel: str) -> DefaultGrading | None:
    try:
        return default_grading(Channel(channel))
    except ValueError:
        return None


def _row(conn: Connection, report_id: str) -> RowMapping:
    r = tables.reports
    row = conn.execute(select(r).where(r.c.id == report_id)).mappings().first()
    if row is None:
        raise LookupError(f"no report {report_id!r}")
    return row


def report_view(access: Access, report_id: str, *, with_original: bool = True) -> ReportView:
    """The report, its grade history, corroboration, near-duplicate links and suggested
    redactions; the original too when ``with_original`` and the role may see it.

    Reports come from every organisation, so a partner agency's user is refused here.
    """
    access.require(Permission.GRADE_REPORTS)
    if access.visible_organisations() is not None:
        raise AccessDenied("a partner agency's user does not work the force's reports")
    with access.store.begin() as conn:
        row = _row(conn, report_id)
        access.consult(conn, [report_id])
        original = (
            _original(conn, access, report_id)
            if with_original and access.can(Permission.VIEW_ORIGINAL_REPORT)
            else None
        )
        corroboration = corroboration_of_report(conn, report_id)
        others = sorted({r.report_id for c in corroboration for r in c.reports} - {report_id})
        if others:
            access.consult(conn, others)
        return ReportView(
            id=row["id"],
            reference=row["reference"],
            channel=row["channel"],
            originating_org=row["originating_org"],
            reported_at=row["reported_at"],
            occurred_at=row["occurred_at"],
            classification=row["classification"],
            grading_scheme=row["grading_scheme"],
            source_evaluation=row["source_evaluation"],
            intelligence_assessment=row["intelligence_assessment"],
            handling_code=row["handling_code"],
            handling_conditions=row["handling_conditions"],
            graded_by=row["graded_by"],
            priority=row["priority"],
            status=row["status"],
            sanitised_text=row["sanitised_text"],
            sanitised=bool(row["sanitised"]),
            sanitised_by=row["sanitised_by"],
            sanitised_at=row["sanitised_at"],
            suggested=_suggested(row["channel"]),
            history=_history(conn, report_id),
            corroboration=corroboration,
            duplicates=duplicate_links(conn, [report_id]),
            redactions=suggest_redactions(row["sanitised_text"]),
            original=original,
        )
