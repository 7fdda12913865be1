"""Triage: safeguarding first, E last, the rest by threat, risk and harm, with reasons."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from evaluate.conftest import LoadReports, acting
from linewatch.access import AccessDenied
from linewatch.evaluate import triage_count, triage_queue
from linewatch.model import Role
from linewatch.store import Store, tables

AS_OF = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def _text(words: str) -> dict[str, object]:
    return {"text": words, "mentions": []}


def test_safeguarding_comes_first_and_suspected_false_last(
    store: Store, load_reports: LoadReports
) -> None:
    load_reports(
        store,
        ("IR-KNIFE", _text("Two men with a knife threatened a customer outside the shop.")),
        ("IR-DEAL", _text("Cars pulling up at the flat, short visits, hand to hand dealing.")),
        ("IR-CHILD", _text("A boy in school uniform, maybe 14 years old, hands over wraps.")),
        (
            "IR-FALSE",
            {**_text("A machete and crack at number 9."), "intelligence_assessment": "E"},
        ),
        ("IR-CUCKOO", _text("A vulnerable tenant's flat has been taken over by dealers.")),
        ("IR-DULL", _text("Noise from the car park on Saturday.")),
    )
    queue = triage_queue(acting(store), as_of=AS_OF)

    assert [i.reference for i in queue] == [
        "IR-CHILD",
        "IR-CUCKOO",
        "IR-KNIFE",
        "IR-DEAL",
        "IR-DULL",
        "IR-FALSE",
    ]
    assert [i.safeguarding for i in queue] == [True, True, False, False, False, False]
    child = queue[0]
    assert any(r.startswith("safeguarding: child or young person") for r in child.reasons)
    assert any("school uniform" in r for r in child.reasons)
    assert any("drug dealing" in r for r in child.reasons)
    assert queue[-1].suspected_false
    assert any("suspected false" in r for r in queue[-1].reasons)


def test_a_safeguarding_report_graded_e_still_precedes_other_reports(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    load_reports(
        sqlite_store,
        ("IR-A", {**_text("A child is missing from home."), "intelligence_assessment": "E"}),
        ("IR-B", _text("A gun was seen at the flat, violent threats made.")),
        ("IR-C", _text("A 15 year old is running drugs for them.")),
        ("IR-D", _text("Rear passenger, a youth, would not give an age.")),
    )
    queue = triage_queue(acting(sqlite_store), as_of=AS_OF)
    assert [i.reference for i in queue] == ["IR-C", "IR-D", "IR-A", "IR-B"]


def test_grade_recency_and_priority_break_ties_deterministically(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    same = "Cars pulling up at the flat."
    load_reports(
        sqlite_store,
        ("IR-OLD", {**_text(same), "reported_at": "2026-01-01T09:00:00+00:00"}),
        ("IR-NEW", {**_text(same), "reported_at": "2026-03-03T09:00:00+00:00"}),
        (
            "IR-RELIABLE",
            {
                **_text(same),
                "source_evaluation": "1",
                "intelligence_assessment": "A",
                "reported_at": "2026-01-01T09:00:00+00:00",
            },
        ),
        ("IR-TIE-B", _text(same)),
        ("IR-TIE-A", _text(same)),
        ("IR-HIGH", {**_text(same), "priority": "HIGH", "reported_at": "2026-01-01T09:00:00Z"}),
    )
    officer = acting(sqlite_store)
    first = [i.reference for i in triage_queue(officer, as_of=AS_OF)]
    assert first == ["IR-HIGH", "IR-NEW", "IR-TIE-A", "IR-TIE-B", "IR-RELIABLE", "IR-OLD"]
    assert [i.reference for i in triage_queue(officer, as_of=AS_OF)] == first
    assert [i.reference for i in triage_queue(officer, limit=2, as_of=AS_OF)] == first[:2]


def test_the_reports_shown_are_logged_as_a_consultation(
    store: Store, load_reports: LoadReports
) -> None:
    ids = load_reports(store, ("IR-1", {}), ("IR-2", {}), ("IR-3", {}))
    queue = triage_queue(acting(store), limit=2, as_of=AS_OF)
    with store.connect() as conn:
        record = (
            conn.execute(select(tables.audit_log).order_by(tables.audit_log.c.seq.desc()).limit(1))
            .mappings()
            .one()
        )
    assert record["operation"] == "CONSULTATION"
    assert sorted(record["record_ids"]) == sorted(i.report_id for i in queue)
    assert set(record["record_ids"]) < set(ids)


def test_triage_uses_the_sanitised_text_and_needs_a_grading_role(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    load_reports(sqlite_store, ("IR-1", _text("My name is Ann Lee. Kids dealing at the park.")))
    [item] = triage_queue(acting(sqlite_store), as_of=AS_OF)
    assert "Ann Lee" not in item.summary
    assert item.safeguarding and item.grading == "2/D/P (3x5x2)"
    with pytest.raises(AccessDenied):
        triage_queue(acting(sqlite_store, Role.PCC_OFFICE))


def test_the_queue_count_reads_and_logs_no_personal_data(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    load_reports(sqlite_store, ("IR-1", {}), ("IR-2", {}), ("IR-3", {}))
    with sqlite_store.connect() as conn:
        logged_before = conn.execute(select(func.count()).select_from(tables.audit_log)).scalar()
    assert triage_count(acting(sqlite_store)) == 3
    with sqlite_store.connect() as conn:
        logged_after = conn.execute(select(func.count()).select_from(tables.audit_log)).scalar()
    assert logged_after == logged_before
    with pytest.raises(AccessDenied):
        triage_count(acting(sqlite_store, Role.PCC_OFFICE))
