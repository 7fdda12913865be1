"""Writing a partner file's plain rows (``bulk_plain``) as whole columns.

They are stored as the row checker's reports would be (``reports.write_reports``): the
sanitised report and its original apart, one COPY per table and chunk on PostgreSQL; the
processing queue gets one place for them all, by their batch (``evaluate.batch_queue``).
Rows already held (from an earlier file) are counted, not written.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice, repeat

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection

from linewatch.collect.bulk_plain import PlainRows, plain_rows
from linewatch.collect.importer import Raw, WriteContext, Written
from linewatch.collect.partners import partner_reference
from linewatch.collect.reports import held_report_ids, report_id
from linewatch.collect.rows import ColumnRows
from linewatch.evaluate import might_identify_reporter, queue_batch, sanitise
from linewatch.model import GradingScheme
from linewatch.store import tables, utcnow

# Rows per chunk: enough that each statement's cost is small beside its rows', few enough
# that checking the next chunk overlaps most of the writing.
CHUNK = 2_500
FIRST_CHUNK = 250


@dataclass(frozen=True)
class FileConstants:
    """What the importer adds to every row of one file (see ``bulk.import_partner_file``)."""

    organisation: str
    originating_org: str
    channel: str
    file_name: str


@dataclass(frozen=True)
class _Prepared:
    """One chunk's new plain rows as the reports and their originals will hold them."""

    reports: ColumnRows
    originals: ColumnRows
    ids: list[str]
    already_held: int


def write_plain(
    conn: Connection,
    rows: Iterable[tuple[int, Raw]],
    constants: FileConstants,
    context: WriteContext,
    done: Callable[[int], None],
) -> tuple[Written, list[tuple[int, Raw]], int]:
    """Store the plain rows of a file; give back what was written, the other rows and how
    many rows were read.

    The rows are read and checked a chunk at a time: while one chunk is written, on a thread
    of its own that mostly waits for the database, the next is read and checked, so that the
    two cores work at once. The connection is used by that thread alone until every chunk is
    written; which reports are held already is asked on a second connection meanwhile (it
    needs to see only what earlier imports committed: no two plain rows of a file share a
    reference).
    """
    seen: set[str | None] = set()
    written = Written()
    rest: list[tuple[int, Raw]] = []
    read = plain_done = 0
    reading = iter(rows)
    # The first chunk is small, so that writing starts soon after the file is opened.
    sizes = chain([FIRST_CHUNK], repeat(CHUNK))
    with (
        conn.engine.connect() as lookup,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-write") as writer,
        _quick_thread_switches(),
    ):
        # One chunk waits while another is written, so the writer never waits for the next.
        writing: deque[Future[Written]] = deque()
        while chunk := list(islice(reading, next(sizes))):
            read += len(chunk)
            plain = plain_rows(chunk, seen)
            taken = set(plain.positions)
            rest.extend(row for i, row in enumerate(chunk) if i not in taken)
            prepared = _prepare(lookup, chunk, plain, constants, context)
            writing.append(writer.submit(_store, conn, prepared))
            if len(writing) > 1:
                written.add(writing.popleft().result())
            plain_done += len(plain)
            done(plain_done)
        while writing:
            written.add(writing.popleft().result())
    if written.loaded:
        queue_batch(conn, context.batch_id, utcnow())
    return written, rest, read


# How soon a thread waiting for the interpreter gets it from one running Python code.
SWITCH_INTERVAL = 0.0005
_switching = threading.Lock()
_switching_depth = 0
_usual_interval = sys.getswitchinterval()


@contextmanager
def _quick_thread_switches() -> Iterator[None]:
    """Hand the interpreter between threads every half millisecond while rows are written.

    The writing thread needs the interpreter for a moment each time the database has taken
    another piece of a COPY (some fifteen times a chunk), while the checking thread runs
    Python code all the time; at Python's usual 5 ms hand-off the database sat waiting for
    data, and a chunk took half as long again to write. Imports running at once share one
    setting, put back when the last one ends.
    """
    global _switching_depth, _usual_interval
    with _switching:
        if _switching_depth == 0:
            _usual_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_usual_interval, SWITCH_INTERVAL))
        _switching_depth += 1
    try:
        yield
    finally:
        with _switching:
            _switching_depth -= 1
            if _switching_depth == 0:
                sys.setswitchinterval(_usual_interval)


def _prepare(
    lookup: Connection,
    chunk: Sequence[tuple[int, Raw]],
    plain: PlainRows,
    constants: FileConstants,
    context: WriteContext,
) -> _Prepared:
    org, channel = constants.organisation, constants.channel
    references = [partner_reference(org, ref, channel) for ref in plain.references]
    ids = [report_id(ref) for ref in references]
    held = held_report_ids(lookup, ids) if ids else set()
    new = [i for i, rid in enumerate(ids) if rid not in held]
    column = {
        name: values.take(pa.array(new, pa.int64())) for name, values in plain.columns.items()
    }
    if held:
        ids, references = [ids[i] for i in new], [references[i] for i in new]
    n = len(new)
    report_ids = pa.array(ids, pa.string())
    sanitised, removed = _sanitised(column["text"])
    sources = [
        f"{plain.references[i]} ({constants.file_name} row {chunk[plain.positions[i]][0]})"[:128]
        for i in new
    ]
    reports = {
        "id": report_ids,
        "reference": pa.array(references, pa.string()),
        "channel": pa.repeat(channel, n),
        "originating_org": pa.repeat(constants.originating_org, n),
        "submitted_by": column["submitted_by"],
        "occurred_at": column["occurred_at"],
        "reported_at": column["reported_at"],
        "grading_scheme": pa.repeat(GradingScheme.THREE_FIVE_TWO.value, n),
        "classification": column["classification"],
        "sanitised_text": sanitised,
        "sanitised": pa.repeat(False, n),
        "location_text": column["location_text"],
        "latitude": column["latitude"],
        "longitude": column["longitude"],
        "status": pa.repeat("NEW", n),
        "batch_id": pa.repeat(context.batch_id, n),
        "is_synthetic": column["is_synthetic"],
    }
    originals = {
        "report_id": report_ids,
        "original_text": column["text"],
        "source_ref": pa.array(sources, pa.string()),
        "contact_details": removed,
    }
    dialect = lookup.dialect.name
    return _Prepared(
        ColumnRows.of(dialect, tables.reports, reports),
        ColumnRows.of(dialect, tables.report_originals, originals),
        ids,
        already_held=len(held),
    )


def _store(conn: Connection, prepared: _Prepared) -> Written:
    """Write one prepared chunk."""
    prepared.reports.insert(conn)
    prepared.originals.insert(conn)
    ids = prepared.ids
    return Written(loaded=len(ids), already_held=prepared.already_held, record_ids=ids)


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
