"""Hotlist entries (vehicles of interest) from an enforcement file's ``vehicles_of_interest``.

The same rules as an entry made on the hotlist page, except that an entry comes with its own
author and creation time, so its expiry is checked against when it was made (within a year)
rather than against today: the file holds lapsed and withdrawn entries as well as live ones.
A rule broken is a ``RowError`` naming the file's field, so the record is quarantined alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from linewatch.enforce.anpr import VoiError, check_entry, check_expiry, check_linked_report
from linewatch.safeguard import fields
from linewatch.safeguard.rows import Change, upsert
from linewatch.store import RowError, tables

ID_FIELD = "voi_id"
# The file names a report by its reference (as warrants do); the store links it by id.
FILE_FIELD = {"linked_report_id": "linked_report_ref"}


def load_vehicle_of_interest(
    conn: Connection, row: Mapping[str, Any], *, is_synthetic: bool
) -> tuple[str, Change]:
    # The table keeps no synthetic flag of its own: the batch and file carry it.
    del is_synthetic
    entry_id = fields.record_id(row, ID_FIELD)
    created_by = fields.required_text(row, "created_by")
    if len(created_by) > fields.ID_MAX:
        raise RowError("created_by", f"is longer than {fields.ID_MAX} characters")
    created_at = fields.required_moment(row, "created_at")
    expires_at = fields.required_moment(row, "expires_at")
    withdrawn_at = fields.moment(row, "withdrawn_at")
    reference = fields.text(row, "linked_report_ref")
    try:
        entry = check_entry(
            vrm=fields.required_text(row, "vrm"),
            reason_category=fields.text(row, "reason_category") or "",
            reason=fields.text(row, "reason") or "",
            action_required=fields.text(row, "action_required") or "",
            handling_code=fields.text(row, "handling_code") or "",
            handling_conditions=fields.text(row, "handling_conditions"),
        )
        check_expiry(created_at, expires_at)
        if withdrawn_at is not None and withdrawn_at < created_at:
            raise VoiError("withdrawn_at", "is before the entry was made")
        report_id = _report_id(conn, reference)
        check_linked_report(conn, report_id)
    except VoiError as error:
        field = FILE_FIELD.get(error.field, error.field)
        raise RowError(field, str(error)) from None
    change = upsert(
        conn,
        tables.vehicles_of_interest,
        {
            "id": entry_id,
            "vrm": entry.vrm,
            "reason_category": entry.reason_category,
            "reason": entry.reason,
            "action_required": entry.action_required,
            "handling_code": entry.handling_code,
            "handling_conditions": entry.handling_conditions,
            "linked_report_id": report_id,
            "created_by": created_by,
            "created_at": created_at,
            "expires_at": expires_at,
            "withdrawn_at": withdrawn_at,
        },
    )
    return entry_id, change


def _report_id(conn: Connection, reference: str | None) -> str | None:
    if reference is None:
        return None
    r = tables.reports
    found = conn.execute(select(r.c.id).where(r.c.reference == reference)).scalar()
    if found is None:
        raise VoiError("linked_report_id", f"no report {reference!r} is held")
    return str(found)
