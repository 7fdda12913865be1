"""Background processing: every stored report is queued with it, judged once, never lost."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import func, select

from evaluate.conftest import LoadReports, acting
from linewatch.access import FORCE_ORG, Access, Actor, audit
from linewatch.collect import Submission, submit_report
from linewatch.evaluate import duplicate_links, processing, triage_queue
from linewatch.model import AuditOperation, Role
from linewatch.store import Store, tables

TEXT = (
    "Two lads in their teens go in and out of the flat above the bookies on Market Street all "
    "night; a black Audi drops them off and a man called Tall Dee collects cash."
)


def _queued(store: Store) -> dict[str, Any]:
    q = tables.report_processing
    with store.connect() as conn:
        return {row.report_id: row.processed_at for row in conn.execute(select(q))}


def _call_handler(store: Store) -> Access:
    actor = Actor("user-call", Role.CALL_HANDLER, FORCE_ORG, "Call handler")
    return Access(store, actor, "Recording a report of County Lines activity")


def test_a_submission_is_queued_in_its_own_transaction_and_judged_afterwards(
    store: Store,
) -> None:
    recorder = _call_handler(store)
    first = submit_report(recorder, Submission("CALL_101", TEXT, "Market Street"))
    again = submit_report(recorder, Submission("CALL_101", TEXT + " Again.", "Market Street"))
    assert _queued(store) == {first.report_id: None, again.report_id: None}
    with store.connect() as conn:
        assert duplicate_links(conn, [again.report_id]) == []

    done = processing.drain(store)

    assert (done.reports, done.duplicates) == (2, 1)
    assert all(_queued(store).values())
    with store.connect() as conn:
        (link,) = duplicate_links(conn, [again.report_id])
        combined = conn.execute(
            select(func.count())
            .select_from(tables.audit_log)
            .where(tables.audit_log.c.operation == AuditOperation.COMBINATION.value)
        ).scalar_one()
    assert (link.copy_id, link.original_id) == (again.report_id, first.report_id)
    assert combined == 1
    assert processing.drain(store).reports == 0  # nothing is judged twice
    assert audit.verify(store).ok


def test_an_import_queues_each_new_report_once(store: Store, load_reports: LoadReports) -> None:
    ids = load_reports(store, ("IR-1", {}), ("IR-2", {}))
    assert sorted(_queued(store)) == sorted(ids)
    processing.drain(store)
    assert processing.pending_count(store) == 0


def test_triage_shows_a_report_as_processing_until_it_is_judged(
    store: Store, load_reports: LoadReports
) -> None:
    load_reports(store, ("IR-1", {}))
    officer = acting(store)
    assert [item.processing for item in triage_queue(officer)] == [True]
    processing.drain(store)
    assert [item.processing for item in triage_queue(officer)] == [False]


def test_a_failing_batch_is_kept_with_its_error_and_retried_a_few_times(
    store: Store, load_reports: LoadReports, monkeypatch: pytest.MonkeyPatch
) -> None:
    (report,) = load_reports(store, ("IR-1", {}))

    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise RuntimeError("comparison failed")

    monkeypatch.setattr(processing, "new_report_pairs", broken)
    worker = processing.Worker(store)
    for _ in range(processing.MAX_ATTEMPTS + 1):
        assert worker.round().reports == 0
    q = tables.report_processing
    with store.connect() as conn:
        row = conn.execute(select(q).where(q.c.report_id == report)).one()
    assert row.processed_at is None and row.attempts == processing.MAX_ATTEMPTS
    assert row.error == "RuntimeError: comparison failed"
    with store.connect() as conn:
        held = conn.execute(select(func.count()).select_from(tables.reports)).scalar_one()
    assert held == 1  # the report itself is never touched by a failure after it


def test_on_sqlite_reports_are_compared_while_others_can_still_write(
    sqlite_store: Store, load_reports: LoadReports, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite has one writer at a time: a round compares its reports before it takes the
    write lock (a large file's slice can take seconds), so meanwhile anyone can sign in."""
    load_reports(sqlite_store, ("IR-1", {"text": TEXT}), ("IR-2", {"text": TEXT + " Again."}))
    real = processing.new_report_pairs
    path = sqlite_store.engine.url.database
    assert path is not None
    compared: list[int] = []

    def comparing(conn: Any, ids: list[str]) -> Any:
        other = sqlite3.connect(path, timeout=0.05)
        try:
            other.execute("BEGIN IMMEDIATE")  # "database is locked" if the round held it
            other.rollback()
        finally:
            other.close()
        compared.append(len(ids))
        return real(conn, ids)

    monkeypatch.setattr(processing, "new_report_pairs", comparing)
    real_beforehand = processing._judged_beforehand
    overtaken = iter([True])  # the first comparison only

    def beforehand(store: Store, limit: int) -> processing.Judged:
        judged = real_beforehand(store, limit)
        if next(overtaken, False):
            return ["IR-taken-meanwhile"], []  # as if another worker had recorded these
        return judged

    monkeypatch.setattr(processing, "_judged_beforehand", beforehand)
    assert processing.drain(sqlite_store) == processing.Processed(2, 1)
    # Compared again, still without the lock, when the first comparison was overtaken.
    assert compared == [2, 2]


def test_the_worker_thread_processes_what_arrives(store: Store) -> None:
    worker = processing.Worker(store, interval=0.05)
    worker.start()
    try:
        receipt = submit_report(_call_handler(store), Submission("CALL_101", TEXT))
        for _ in range(200):
            if _queued(store)[receipt.report_id] is not None:
                break
            worker._stop.wait(0.05)
    finally:
        worker.stop()
    assert _queued(store)[receipt.report_id] is not None


def test_a_late_file_can_hold_the_original_of_a_report_already_judged(
    store: Store, load_reports: LoadReports
) -> None:
    text = {"text": TEXT, "mentions": []}
    (later,) = load_reports(
        store, ("IR-LATER", {**text, "reported_at": "2026-03-05T09:00:00+00:00"})
    )
    processing.drain(store)
    (earlier,) = load_reports(
        store, ("IR-EARLIER", {**text, "reported_at": "2026-03-04T09:00:00+00:00"})
    )
    assert processing.drain(store).duplicates == 1
    with store.connect() as conn:
        (link,) = duplicate_links(conn, [later])
    assert (link.copy_id, link.original_id) == (later, earlier)
