"""Rows that failed validation: listed with their reasons, corrected and loaded again.

A corrected row goes through the same checks as on import and is written under its original
batch; the quarantine row is kept, marked RESUBMITTED, so the history of the correction stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from linewatch.access import Access, Permission
from linewatch.collect import anpr, bulk, records, reports
from linewatch.collect.importer import Loader, WriteContext, check_row
from linewatch.model import AuditOperation
from linewatch.store import ImportResult, RowError, tables

LOADERS: dict[str, Loader[Any]] = {
    reports.KIND: reports.LOADER,
    records.KIND: records.LOADER,
    anpr.KIND: anpr.LOADER,
    bulk.KIND: bulk.LOADER,
}
OPEN = "OPEN"
RESUBMITTED = "RESUBMITTED"


@dataclass(frozen=True)
class QuarantinedRow:
    id: int
    batch_id: int
    kind: str
    file_name: str
    row_number: int
    record_ref: str | None
    field: str | None
    reason: str
    raw: dict[str, Any]
    status: str
    created_at: datetime


def quarantined(
    access: Access, batch_id: int | None = None, *, status: str | None = None
) -> list[QuarantinedRow]:
    """Quarantined rows, oldest first, optionally of one batch or in one status."""
    access.require(Permission.IMPORT_DATA)
    q, b = tables.quarantine, tables.import_batches
    query = (
        select(q, b.c.kind, b.c.file_name)
        .join(b, b.c.id == q.c.batch_id)
        .order_by(q.c.batch_id, q.c.row_number, q.c.id)
    )
    if batch_id is not None:
        query = query.where(q.c.batch_id == batch_id)
    if status is not None:
        query = query.where(q.c.status == status)
    with access.store.begin() as conn:
        rows = [
            QuarantinedRow(
                id=row["id"],
                batch_id=row["batch_id"],
                kind=row["kind"],
                file_name=row["file_name"],
                row_number=row["row_number"],
                record_ref=row["record_ref"],
                field=row["field"],
                reason=row["reason"],
                raw=dict(row["raw"]),
                status=row["status"],
                created_at=row["created_at"],
            )
            for row in conn.execute(query).mappings()
        ]
        # Quarantined rows hold personal data as it arrived: reading them is a consultation.
        if rows:
            access.consult(conn, [f"quarantine:{r.id}" for r in rows])
    return rows


def resubmit(access: Access, quarantine_id: int, corrected: dict[str, Any]) -> ImportResult:
    """Re-check a quarantined row with ``corrected`` values laid over it, and load it.

    If it still fails, nothing is written and the result's problems say why (naming the
    field); the row stays OPEN in quarantine.
    """
    access.require(Permission.IMPORT_DATA)
    q, b = tables.quarantine, tables.import_batches
    with access.store.begin() as conn:
        row = (
            conn.execute(
                select(q, b.c.kind, b.c.file_name, b.c.dataset)
                .join(b, b.c.id == q.c.batch_id)
                .where(q.c.id == quarantine_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise LookupError(f"no quarantined row {quarantine_id}")
        if row["status"] != OPEN:
            raise ValueError(f"quarantined row {quarantine_id} is {row['status']}, not OPEN")
        loader = LOADERS[row["kind"]]
        result = ImportResult(
            kind=row["kind"], file_name=row["file_name"], batch_id=row["batch_id"], rows_total=1
        )
        base = {k: v for k, v in dict(row["raw"]).items() if not k.startswith("_")}
        merged = {**base, **corrected}
        try:
            checked = check_row(loader, merged, row["row_number"])
        except RowError as error:
            result.problems.append(f"row {row['row_number']}: {error}")
            return result
        context = WriteContext(row["batch_id"], row["dataset"], access.actor.id)
        written = loader.write(conn, [checked], context)
        result.rows_loaded = written.loaded
        result.problems.extend(checked.notes)
        result.problems.extend(written.notes)
        if written.already_held:
            result.problems.append(f"row {row['row_number']}: already held; nothing added")
        conn.execute(update(q).where(q.c.id == quarantine_id).values(status=RESUBMITTED))
        access.log(
            conn,
            AuditOperation.COLLECTION,
            [f"quarantine:{quarantine_id}", *written.record_ids],
            operation_ref=f"resubmit {row['kind']} {Path(row['file_name']).name}",
        )
    return result
