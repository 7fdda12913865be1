"""Files queued for processing as one: the reports an import wrote in bulk, by their batch.

A file of twenty thousand reports needs one place in the queue, not twenty thousand. The
worker takes a queued batch (SKIP LOCKED on PostgreSQL, as for single reports), judges the
next slice of its reports in id order, and records the last id judged in the same
transaction, so a crash repeats a slice rather than losing one. A batch is done when no
report is left past that point. Reports of the batch that have a queue row of their own
(written one by one, or corrected and re-submitted after the batch was done) are judged by
that row, never by the batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, and_, exists, func, or_, select, update

from linewatch.store import insert_ignore, tables, utcnow

MAX_ATTEMPTS = 3

_batches = tables.batch_processing
_reports = tables.reports
_own = tables.report_processing


@dataclass(frozen=True)
class Slice:
    """The next reports of one queued batch, claimed for judging."""

    batch_id: int
    report_ids: list[str]


def queue_batch(conn: Connection, batch_id: int, now: datetime) -> None:
    """Queue a batch's bulk-written reports (once, however many chunks it is written in)."""
    insert_ignore(
        conn, _batches, [{"batch_id": batch_id, "queued_at": now, "attempts": 0}], ["batch_id"]
    )


def _waiting_batch() -> ColumnElement[bool]:
    return and_(_batches.c.processed_at.is_(None), _batches.c.attempts < MAX_ATTEMPTS)


def _not_yet_judged() -> ColumnElement[bool]:
    """A report of a waiting batch past the point its processing has reached, with no queue
    row of its own (join reports to batch_processing on batch_id)."""
    return and_(
        _reports.c.batch_id == _batches.c.batch_id,
        _batches.c.processed_at.is_(None),
        or_(_batches.c.done_through.is_(None), _reports.c.id > _batches.c.done_through),
        ~exists().where(_own.c.report_id == _reports.c.id),
    )


def any_waiting(conn: Connection) -> bool:
    query = select(_batches.c.batch_id).where(_waiting_batch()).limit(1)
    return conn.execute(query).first() is not None


def claim_slice(conn: Connection, limit: int) -> Slice | None:
    """The next ``limit`` reports of the first waiting batch, that batch held until the
    transaction ends; batches found to have nothing left are marked done on the way."""
    while True:
        query = (
            select(_batches.c.batch_id, _batches.c.done_through)
            .where(_waiting_batch())
            .order_by(_batches.c.queued_at, _batches.c.batch_id)
            .limit(1)
        )
        if conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        batch = conn.execute(query).first()
        if batch is None:
            return None
        ids = _next_reports(conn, batch.batch_id, batch.done_through, limit)
        if ids:
            return Slice(batch.batch_id, ids)
        conn.execute(
            update(_batches)
            .where(_batches.c.batch_id == batch.batch_id)
            .values(processed_at=utcnow(), error=None)
        )


def _next_reports(conn: Connection, batch_id: int, after: str | None, limit: int) -> list[str]:
    query = select(_reports.c.id).where(
        _reports.c.batch_id == batch_id, ~exists().where(_own.c.report_id == _reports.c.id)
    )
    if after is not None:
        query = query.where(_reports.c.id > after)
    rows = conn.execute(query.order_by(_reports.c.id).limit(limit))
    return [str(row[0]) for row in rows]


def advance(conn: Connection, claimed: Slice) -> None:
    """Record that the slice's reports are judged (the batch is marked done when a later
    claim finds nothing past them)."""
    conn.execute(
        update(_batches)
        .where(_batches.c.batch_id == claimed.batch_id)
        .values(done_through=claimed.report_ids[-1], attempts=0, error=None)
    )


def note_failure(conn: Connection, claimed: Slice, error: str) -> None:
    """Count a failed attempt at the slice, so that a batch that keeps failing is left."""
    conn.execute(
        update(_batches)
        .where(_batches.c.batch_id == claimed.batch_id)
        .values(attempts=_batches.c.attempts + 1, error=error)
    )


def waiting_count(conn: Connection) -> int:
    """How many bulk-written reports wait for processing."""
    query = select(func.count()).select_from(_reports.join(_batches, _not_yet_judged()))
    return int(conn.execute(query).scalar_one())


def waiting_among(conn: Connection, report_ids: list[str]) -> set[str]:
    """Which of ``report_ids`` wait in a queued batch."""
    query = (
        select(_reports.c.id)
        .select_from(_reports.join(_batches, _not_yet_judged()))
        .where(_reports.c.id.in_(report_ids))
    )
    return {str(row[0]) for row in conn.execute(query)}
