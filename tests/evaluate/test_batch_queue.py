"""A partner file's bulk-written reports queued as one, judged a slice at a time."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Table, func, select

from evaluate.conftest import acting
from linewatch.access import PARTNER_ORG
from linewatch.collect import Submission, import_partner_file, quarantined, resubmit, submit_report
from linewatch.evaluate import processing, triage_queue
from linewatch.model import Role
from linewatch.store import ImportResult, Store, tables

SAME = "A black Audi drops two lads at the flat above the bookies on Market Street every night."


def _send(store: Store, path: Path, texts: list[str]) -> ImportResult:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["reference", "reported_at", "text", "classification"])
        for n, text in enumerate(texts):
            writer.writerow([f"{path.stem}-{n}", "2026-11-20T10:00:00+00:00", text, "OFFICIAL"])
    return import_partner_file(acting(store), path, PARTNER_ORG)


def _count(store: Store, table: Table) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _texts(n: int) -> list[str]:
    return [f"Report {i}: {i * 3} visits to flat {i} on Oakham Road in an hour." for i in range(n)]


def test_a_file_takes_one_place_in_the_queue_and_is_judged_a_slice_at_a_time(
    organised: Store, tmp_path: Path
) -> None:
    texts = _texts(5)
    texts[4] = texts[1] = SAME
    result = _send(organised, tmp_path / "housing.csv", texts)
    assert result.rows_loaded == 5
    assert _count(organised, tables.report_processing) == 0
    assert _count(organised, tables.batch_processing) == 1
    assert processing.pending_count(organised) == 5

    slices, copies = [], 0
    for _ in range(5):
        done = processing.process_pending(organised, limit=2)
        if not done.reports:
            break
        slices.append(done.reports)
        copies += done.duplicates
        assert processing.pending_count(organised) == 5 - sum(slices)

    assert slices == [2, 2, 1]
    with organised.connect() as conn:
        batch = conn.execute(select(tables.batch_processing)).one()
    assert batch.processed_at is not None and batch.attempts == 0
    assert copies == 1  # the same words in two slices are still found
    assert processing.drain(organised).reports == 0  # nothing is judged twice


def test_triage_shows_a_files_reports_as_processing_until_their_slice_is_judged(
    organised: Store, tmp_path: Path
) -> None:
    _send(organised, tmp_path / "housing.csv", _texts(3))
    officer = acting(organised)
    assert [item.processing for item in triage_queue(officer)] == [True] * 3
    processing.process_pending(organised, limit=2)
    assert sorted(item.processing for item in triage_queue(officer)) == [False, False, True]
    processing.drain(organised)
    assert [item.processing for item in triage_queue(officer)] == [False] * 3


def test_reports_queued_one_by_one_go_before_the_next_slice_of_a_file(
    organised: Store, tmp_path: Path
) -> None:
    _send(organised, tmp_path / "housing.csv", _texts(4))
    handler = acting(organised, Role.CALL_HANDLER)
    receipt = submit_report(handler, Submission("CALL_101", SAME, "Market Street"))

    assert processing.process_pending(organised, limit=1).reports == 1
    with organised.connect() as conn:
        own = conn.execute(select(tables.report_processing)).one()
    assert own.report_id == receipt.report_id and own.processed_at is not None
    assert processing.pending_count(organised) == 4


def test_a_row_of_the_file_checked_on_its_own_is_queued_on_its_own_and_judged_once(
    organised: Store, tmp_path: Path
) -> None:
    path = tmp_path / "graded.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["reference", "reported_at", "text", "classification", "handling_code"])
        writer.writerow(["G-1", "2026-11-20T10:00:00+00:00", SAME, "OFFICIAL", ""])
        writer.writerow(["G-2", "2026-11-20T10:00:00+00:00", SAME + " Again.", "OFFICIAL", "P"])
    assert import_partner_file(acting(organised), path, PARTNER_ORG).rows_loaded == 2
    # The row with a handling code went through the row checker, which queues each report.
    assert _count(organised, tables.report_processing) == 1
    assert processing.pending_count(organised) == 2
    assert processing.drain(organised).reports == 2


def test_a_row_corrected_after_its_file_was_judged_is_queued_on_its_own(
    organised: Store, tmp_path: Path
) -> None:
    texts = [*_texts(2), ""]  # the third row has no text: quarantined
    result = _send(organised, tmp_path / "housing.csv", texts)
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    processing.drain(organised)
    assert processing.pending_count(organised) == 0

    (row,) = quarantined(acting(organised))
    assert resubmit(acting(organised), row.id, {"text": SAME}).rows_loaded == 1

    assert processing.pending_count(organised) == 1
    assert processing.drain(organised).reports == 1
    assert processing.pending_count(organised) == 0


def test_a_slice_that_keeps_failing_is_counted_against_its_file_and_left(
    organised: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _send(organised, tmp_path / "housing.csv", _texts(2))

    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise RuntimeError("comparison failed")

    monkeypatch.setattr(processing, "new_report_pairs", broken)
    worker = processing.Worker(organised)
    for _ in range(processing.MAX_ATTEMPTS + 1):
        assert worker.round().reports == 0
    with organised.connect() as conn:
        batch = conn.execute(select(tables.batch_processing)).one()
    assert batch.processed_at is None and batch.attempts == processing.MAX_ATTEMPTS
    assert batch.error == "RuntimeError: comparison failed"
    assert _count(organised, tables.reports) == 2  # the reports are never touched by it
