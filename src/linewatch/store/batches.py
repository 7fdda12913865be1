"""Import batches and quarantine: every import is one transaction, recorded once.

An importer opens a batch inside its transaction. If the same kind of file with the same
content was imported before, ``open_batch`` returns None and the importer adds nothing.
Rows that fail validation go to ``quarantine`` with the field and the reason; valid rows load.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update

from linewatch.store.db import utcnow
from linewatch.store.tables import import_batches, quarantine


@dataclass
class ImportResult:
    """What one import did, for the CLI, the web app and the tests."""

    kind: str
    file_name: str
    batch_id: int | None = None
    rows_total: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    duplicate_of_batch: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def already_imported(self) -> bool:
        return self.duplicate_of_batch is not None

    def summary(self) -> str:
        if self.already_imported:
            return (
                f"{self.kind}: {self.file_name} already imported (batch {self.duplicate_of_batch})"
            )
        return (
            f"{self.kind}: {self.rows_loaded} loaded, {self.rows_quarantined} quarantined "
            f"of {self.rows_total} from {self.file_name}"
        )


class RowError(ValueError):
    """A row that cannot be loaded, naming the field at fault."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field_name = field_name
        self.reason = reason


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_batch(
    conn: Connection,
    result: ImportResult,
    *,
    dataset: str,
    sha256: str,
    organisation: str | None = None,
    imported_by: str | None = None,
) -> bool:
    """Register a batch; False (and ``result.duplicate_of_batch`` set) if seen before."""
    existing = conn.execute(
        select(import_batches.c.id).where(
            import_batches.c.kind == result.kind, import_batches.c.file_sha256 == sha256
        )
    ).scalar()
    if existing is not None:
        result.duplicate_of_batch = int(existing)
        return False
    inserted = conn.execute(
        import_batches.insert().values(
            kind=result.kind,
            dataset=dataset,
            file_name=result.file_name,
            file_sha256=sha256,
            organisation=organisation,
            imported_at=utcnow(),
            imported_by=imported_by,
        )
    ).inserted_primary_key
    assert inserted is not None
    result.batch_id = int(inserted[0])
    return True


def quarantine_row(
    conn: Connection,
    result: ImportResult,
    *,
    row_number: int,
    raw: dict[str, Any],
    error: RowError,
    record_ref: str | None = None,
) -> None:
    """Keep an invalid row with its reason; it can be corrected and re-submitted later."""
    assert result.batch_id is not None, "open the batch before quarantining rows"
    conn.execute(
        quarantine.insert().values(
            batch_id=result.batch_id,
            row_number=row_number,
            record_ref=record_ref,
            field=error.field_name,
            reason=error.reason,
            raw=json.loads(json.dumps(raw, default=str)),
            created_at=utcnow(),
        )
    )
    result.rows_quarantined += 1
    where = f"row {row_number}" + (f" ({record_ref})" if record_ref else "")
    result.problems.append(f"{where}: {error}")


def close_batch(conn: Connection, result: ImportResult) -> None:
    conn.execute(
        update(import_batches)
        .where(import_batches.c.id == result.batch_id)
        .values(
            rows_total=result.rows_total,
            rows_loaded=result.rows_loaded,
            rows_quarantined=result.rows_quarantined,
        )
    )
