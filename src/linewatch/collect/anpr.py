"""ANPR reads (anpr_reads.csv) into ``anpr_reads``: bulk event data, written in chunks.

A read is kept under the id its source system gave it (``read_id``), so enforcement can name
the reads that show a breach and re-imports add nothing. The registration is stored cleaned
(``AB12CDE``); the camera's coordinates and the read time are checked on the way in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from linewatch import types
from linewatch.access import Access
from linewatch.collect import fields
from linewatch.collect.importer import (
    Checked,
    Loader,
    Progress,
    Raw,
    WriteContext,
    Written,
    read_csv,
    run_import,
)
from linewatch.model.formats import ANPR_READ_COLUMNS
from linewatch.store import ImportResult, RowError, insert_ignore, tables

KIND = "anpr_reads"
COLUMNS = ANPR_READ_COLUMNS


@dataclass(frozen=True)
class IncomingRead:
    read_id: str
    vrm: str
    camera_id: str
    site: str | None
    direction: str | None
    latitude: float
    longitude: float
    read_at: datetime
    confidence: float | None
    source_system: str | None
    is_synthetic: bool

    def row(self, batch_id: int) -> dict[str, Any]:
        return {
            "id": self.read_id,
            "vrm": self.vrm,
            "camera_id": self.camera_id,
            "site": self.site,
            "direction": self.direction,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "read_at": self.read_at,
            "confidence": self.confidence,
            "source_system": self.source_system,
            "batch_id": batch_id,
            "is_synthetic": self.is_synthetic,
        }


def check_read(raw: Raw) -> tuple[IncomingRead, list[str]]:
    read_id = fields.required_text(raw, "read_id", max_length=64)
    vrm_text = fields.required_text(raw, "vrm")
    try:
        vrm = types.clean("vrm", vrm_text)
    except ValueError as error:
        raise RowError("vrm", str(error)) from None
    position = fields.coordinates(raw, required=True)
    assert position is not None
    read = IncomingRead(
        read_id=read_id,
        vrm=vrm,
        camera_id=fields.required_text(raw, "camera_id", max_length=64),
        site=fields.text(raw, "site", max_length=256),
        direction=fields.text(raw, "direction", max_length=16),
        latitude=position[0],
        longitude=position[1],
        read_at=fields.required_timestamp(raw, "read_at"),
        confidence=fields.number(raw, "confidence", low=0, high=1),
        source_system=fields.text(raw, "source_system", max_length=64),
        is_synthetic=fields.flag(raw, "is_synthetic"),
    )
    return read, []


def write_reads(
    conn: Connection, items: Sequence[Checked[IncomingRead]], context: WriteContext
) -> Written:
    rows = {item.record.read_id: item.record.row(context.batch_id) for item in items}
    # Counted from what is already held rather than from the insert's rowcount, which
    # PostgreSQL's driver does not report for a batched insert.
    held = set(
        conn.execute(
            select(tables.anpr_reads.c.id).where(tables.anpr_reads.c.id.in_(list(rows)))
        ).scalars()
    )
    new = [row for read_id, row in rows.items() if read_id not in held]
    insert_ignore(conn, tables.anpr_reads, new, ["id"])
    return Written(
        loaded=len(new),
        already_held=len(items) - len(new),
        record_ids=[row["id"] for row in new],
    )


def _reference(raw: Raw) -> str | None:
    value = raw.get("read_id")
    return str(value)[:128] if value else None


LOADER: Loader[IncomingRead] = Loader(
    kind=KIND,
    check=check_read,
    write=write_reads,
    record_ref=_reference,
    kept_when_refused=("read_id",),
    audit_each_record=False,
    csv_columns=COLUMNS,
)


def import_anpr(
    access: Access,
    path: Path | str,
    *,
    dataset: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import anpr_reads.csv (docs/formats.md) in one transaction; see ``collect``."""
    file = Path(path)
    return run_import(
        access,
        file,
        LOADER,
        read_csv(file, COLUMNS),
        dataset=dataset or file.name,
        progress=progress,
    )
