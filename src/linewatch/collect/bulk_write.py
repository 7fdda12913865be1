"""Writing a partner file's plain rows (``bulk_plain``) as whole columns.

They are stored as the row checker's reports would be (``reports.write_reports``): the
sanitised report and its original apart, one COPY per table and chunk on PostgreSQL; the
processing queue gets one place for them all, by their batch (``evaluate.batch_queue``).
Rows already held (from an earlier file) are counted, not written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection

from linewatch.collect.bulk_plain import PlainRows, plain_rows, repeated_references
from linewatch.collect.importer import Raw, WriteContext, Written
from linewatch.collect.partners import partner_reference
from linewatch.collect.reports import held_report_ids, report_id
from linewatch.collect.rows import insert_columns
from linewatch.evaluate import might_identify_reporter, queue_batch, sanitise
from linewatch.model import GradingScheme
from linewatch.store import tables, utcnow

# Rows per chunk: enough that each statement's cost is small beside its rows', few enough
# that checking the next chunk overlaps most of the writing.
CHUNK = 2_500


@dataclass(frozen=True)
class FileConstants:
    """What the importer adds to every row of one file (see ``bulk.import_partner_file``)."""

    organisation: str
    originating_org: str
    channel: str
    file_name: str


@dataclass(frozen=True)
class _Prepared:
    """One chunk's plain rows as the reports and their originals will hold them."""

    reports: dict[str, pa.Array]
    originals: dict[str, pa.Array]


def write_plain(
    conn: Connection,
    rows: Sequence[tuple[int, Raw]],
    constants: FileConstants,
    context: WriteContext,
    done: Callable[[int], None],
) -> tuple[Written, list[tuple[int, Raw]]]:
    """Store the plain rows of a file; give back what was written and the other rows.

    The rows are taken a chunk at a time: while one chunk is written, on a thread of its own
    that mostly waits for the database, the next is checked, so that the two cores work at
    once. The connection is used by that thread alone until every chunk is written.
    """
    repeated = repeated_references(rows)
    written = Written()
    rest: list[tuple[int, Raw]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-write") as writer:
        writing: Future[Written] | None = None
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            plain = plain_rows(chunk, repeated)
            taken = set(plain.positions)
            rest.extend(row for i, row in enumerate(chunk) if i not in taken)
            prepared = _prepare(chunk, plain, constants, context)
            if writing is not None:
                written.add(writing.result())
            writing = writer.submit(_store, conn, prepared)
            done(start + len(chunk) - len(rest))
        if writing is not None:
            written.add(writing.result())
    if written.loaded:
        queue_batch(conn, context.batch_id, utcnow())
    return written, rest


def _prepare(
    chunk: Sequence[tuple[int, Raw]],
    plain: PlainRows,
    constants: FileConstants,
    context: WriteContext,
) -> _Prepared:
    org, channel, n = constants.organisation, constants.channel, len(plain)
    references = [partner_reference(org, ref, channel) for ref in plain.references]
    report_ids = pa.array([report_id(ref) for ref in references], pa.string())
    column = plain.columns
    sanitised, removed = _sanitised(column["text"]) if n else (column.get("text"), None)
    sources = [
        f"{theirs} ({constants.file_name} row {chunk[i][0]})"[:128]
        for theirs, i in zip(plain.references, plain.positions, strict=True)
    ]
    reports = {
        "id": report_ids,
        "reference": pa.array(references, pa.string()),
        "channel": pa.repeat(channel, n),
        "originating_org": pa.repeat(constants.originating_org, n),
        "submitted_by": column.get("submitted_by"),
        "occurred_at": column.get("occurred_at"),
        "reported_at": column.get("reported_at"),
        "grading_scheme": pa.repeat(GradingScheme.THREE_FIVE_TWO.value, n),
        "classification": column.get("classification"),
        "sanitised_text": sanitised,
        "sanitised": pa.repeat(False, n),
        "location_text": column.get("location_text"),
        "latitude": column.get("latitude"),
        "longitude": column.get("longitude"),
        "status": pa.repeat("NEW", n),
        "batch_id": pa.repeat(context.batch_id, n),
        "is_synthetic": column.get("is_synthetic"),
    }
    originals = {
        "report_id": report_ids,
        "original_text": column.get("text"),
        "source_ref": pa.array(sources, pa.string()),
        "contact_details": removed,
    }
    return _Prepared(reports, originals)


def _store(conn: Connection, prepared: _Prepared) -> Written:
    """Write one prepared chunk, leaving out the reports held already."""
    ids = prepared.reports["id"]
    if ids is None or not len(ids):
        return Written()
    held = held_report_ids(conn, ids.to_pylist())
    reports, originals = prepared.reports, prepared.originals
    if held:
        new = pc.invert(pc.is_in(ids, pa.array(sorted(held), pa.string())))
        reports = {name: pc.filter(values, new) for name, values in reports.items()}
        originals = {name: pc.filter(values, new) for name, values in originals.items()}
    insert_columns(conn, tables.reports, reports)
    insert_columns(conn, tables.report_originals, originals)
    return Written(
        loaded=len(ids) - len(held),
        already_held=len(held),
        record_ids=reports["id"].to_pylist(),
    )


def _sanitised(texts: pa.Array) -> tuple[pa.Array, pa.Array]:
    """The sanitised texts, and what was taken out of each (JSON, null for nothing), with
    ``sanitise`` run only on the texts that might name their reporter."""
    closer = pc.indices_nonzero(might_identify_reporter(texts)).to_pylist()
    if not closer:
        return texts, pa.nulls(len(texts), pa.string())
    sanitised = texts.to_pylist()
    removed: list[str | None] = [None] * len(texts)
    for i in closer:
        result = sanitise(sanitised[i])
        sanitised[i] = result.text
        removed[i] = json.dumps(result.removed) if result.removed else None
    return pa.array(sanitised, pa.string()), pa.array(removed, pa.string())
