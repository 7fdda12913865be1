"""What follows a report once it is safely stored, done in the background.

Recording a report writes it, its original, its grade and its place in ``report_processing``
in one transaction (a file's reports written in bulk take one place between them, see
``batch_queue``), and the reporter gets the reference at once. The work that compares it
with other reports (near-duplicate detection) runs here afterwards: a report leaves the queue
only in the transaction that records its judgement, so a crash part-way repeats the work
rather than losing it. Until then the triage queue shows the report as still processing.

Several processes may drain the queue at once (the web app runs one worker per process):
on PostgreSQL each takes its batch with SKIP LOCKED, so no report is judged twice at once.
On SQLite, which has one writer at a time, a round judges its reports before it takes the
write lock and holds it only to record the result. The web app's worker also seals the audit
log (``access.audit.seal``) on each round.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, false, func, select, update

from linewatch.access import Access, audit, system_access
from linewatch.evaluate import batch_queue
from linewatch.evaluate.duplicates import new_report_pairs, record_pairs
from linewatch.evaluate.likeness import Pair
from linewatch.store import Store, tables, utcnow

PURPOSE = "Processing newly recorded reports: near-duplicate detection"
BATCH = 500
MAX_ATTEMPTS = batch_queue.MAX_ATTEMPTS
INTERVAL = 1.0  # seconds between rounds when the queue is empty
SQLITE_TRIES = 20

_queue = tables.report_processing
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Processed:
    """What one round did."""

    reports: int
    duplicates: int


def _waiting() -> ColumnElement[bool]:
    return and_(_queue.c.processed_at.is_(None), _queue.c.attempts < MAX_ATTEMPTS)


def _claim(conn: Connection, limit: int) -> list[str]:
    query = (
        select(_queue.c.report_id)
        .where(_waiting())
        .order_by(_queue.c.queued_at, _queue.c.report_id)
        .limit(limit)
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return [str(row[0]) for row in conn.execute(query)]


def _take_turn(conn: Connection) -> None:
    """On SQLite, take the write lock before claiming, so two workers never claim one batch
    (PostgreSQL's SKIP LOCKED does this row by row)."""
    if conn.dialect.name == "sqlite":
        conn.execute(update(_queue).where(false()).values(attempts=_queue.c.attempts))


def process_pending(store: Store, *, limit: int = BATCH) -> Processed:
    """Process up to ``limit`` queued reports in one transaction: reports queued one by one
    first, then the next slice of a file queued as one (``batch_queue``)."""
    with store.connect() as conn:
        idle = conn.execute(select(_queue.c.report_id).where(_waiting()).limit(1)).first() is None
        idle = idle and not batch_queue.any_waiting(conn)
    if idle:
        return Processed(0, 0)  # an idle worker reads, and never queues for the write lock
    access = system_access(store, PURPOSE)
    if store.dialect != "sqlite":
        return _round(store, access, limit, None) or Processed(0, 0)
    # SQLite has one writer at a time: compare first, then hold the write lock only to record.
    # When another worker recorded those reports meanwhile (two drain one queue in step, so
    # it happens often), compare the next ones likewise.
    for _ in range(SQLITE_TRIES):
        done = _round(store, access, limit, _judged_beforehand(store, limit))
        if done is not None:
            return done
    return _round(store, access, limit, None) or Processed(0, 0)


Judged = tuple[list[str], list[Pair]]


def _round(store: Store, access: Access, limit: int, beforehand: Judged | None) -> Processed | None:
    """Claim the next reports and record their judgement: that made ``beforehand`` if given,
    or None (nothing done) when the reports to claim are no longer the ones judged there."""
    with store.begin() as conn:
        _take_turn(conn)
        ids, claimed = _claim_all(conn, limit)
        if not ids:
            return Processed(0, 0)
        if beforehand is None:
            pairs = new_report_pairs(conn, ids)
        elif beforehand[0] == ids:
            pairs = beforehand[1]
        else:
            return None
        links = record_pairs(conn, access, pairs)
        conn.execute(
            update(_queue)
            .where(_queue.c.report_id.in_(ids))
            .values(processed_at=utcnow(), attempts=_queue.c.attempts + 1, error=None)
        )
        if claimed is not None:
            batch_queue.advance(conn, claimed)
    return Processed(len(ids), len(links))


def _judged_beforehand(store: Store, limit: int) -> Judged:
    """The reports a round would claim and the copies among them, found without holding
    SQLite's write lock: judging a slice of a large file can take seconds, and meanwhile
    nobody could sign in. Reports recorded in the meantime are judged in their own turn,
    against these."""
    with store.connect() as conn:
        ids, _ = _claim_all(conn, limit)
        return ids, new_report_pairs(conn, ids)


def _claim_all(conn: Connection, limit: int) -> tuple[list[str], batch_queue.Slice | None]:
    """Up to ``limit`` reports: those queued on their own, then a batch's next slice."""
    ids = _claim(conn, limit)
    claimed = batch_queue.claim_slice(conn, limit - len(ids)) if len(ids) < limit else None
    if claimed is not None:
        ids.extend(claimed.report_ids)
    return ids, claimed


def _note_failure(store: Store, limit: int, error: Exception) -> None:
    """Count an attempt against the batch that failed, so a poisoned one stops being retried."""
    reason = f"{type(error).__name__}: {error}"[:500]
    with store.begin() as conn:
        _take_turn(conn)
        ids, claimed = _claim_all(conn, limit)
        conn.execute(
            update(_queue)
            .where(_queue.c.report_id.in_(ids))
            .values(attempts=_queue.c.attempts + 1, error=reason)
        )
        if claimed is not None:
            batch_queue.note_failure(conn, claimed, reason)


def drain(store: Store, progress: Callable[[int], None] | None = None) -> Processed:
    """Process the whole queue now (after a command-line import, say); ``progress`` is told
    how many reports have been processed as it goes."""
    reports = duplicates = 0
    while True:
        done = process_pending(store)
        reports, duplicates = reports + done.reports, duplicates + done.duplicates
        if done.reports == 0:
            return Processed(reports, duplicates)
        if progress is not None:
            progress(reports)


def pending_count(store: Store) -> int:
    with store.connect() as conn:
        count = conn.execute(
            select(func.count()).select_from(_queue).where(_queue.c.processed_at.is_(None))
        ).scalar_one()
        return int(count) + batch_queue.waiting_count(conn)


def unprocessed(conn: Connection, report_ids: list[str]) -> set[str]:
    """Which of ``report_ids`` still wait for processing."""
    if not report_ids:
        return set()
    rows = conn.execute(
        select(_queue.c.report_id).where(
            _queue.c.report_id.in_(report_ids), _queue.c.processed_at.is_(None)
        )
    )
    return {str(row[0]) for row in rows} | batch_queue.waiting_among(conn, report_ids)


class Worker:
    """A daemon thread that seals the audit log and drains the queue until stopped."""

    def __init__(self, store: Store, interval: float = INTERVAL) -> None:
        self.store = store
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="report-processing", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def round(self) -> Processed:
        audit.seal(self.store, wait=False)
        try:
            return process_pending(self.store)
        except Exception as exc:  # a bad batch must not stop the worker; it is noted on it
            _log.exception("report processing failed")
            _note_failure(self.store, BATCH, exc)
            return Processed(0, 0)

    def _run(self) -> None:
        while not self._stop.is_set():
            done = self.round()
            if done.reports < BATCH:
                self._stop.wait(self.interval)
