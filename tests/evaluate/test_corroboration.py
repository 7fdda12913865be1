"""Corroboration: N reports from M independent sources, and raising an assessment to B."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from evaluate.conftest import LoadReports, acting
from linewatch import resolve
from linewatch.access import AccessDenied, system_access
from linewatch.evaluate import (
    GradingError,
    entity_corroboration,
    find_near_duplicates,
    grade_history,
    raise_to_corroborated,
    report_corroboration,
    triage_queue,
)
from linewatch.model import Role
from linewatch.store import Store

PHONE = [{"schema": "Phone", "properties": {"number": "07700 900456"}}]
AS_OF = datetime(2026, 3, 21, 12, 0, tzinfo=UTC)
OTHER_PHONE = [{"schema": "Phone", "properties": {"number": "07700 900789"}}]


def _spec(text: str, day: int, mentions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "text": text,
        "reported_at": f"2026-03-{day:02d}T09:00:00+00:00",
        "mentions": mentions,
        **extra,
    }


def _load(store: Store, load_reports: LoadReports) -> list[str]:
    ids = load_reports(
        store,
        ("IR-WEB-1", _spec("Texts offering deals came from 07700 900456 again.", 2, PHONE)),
        ("IR-WEB-1-AGAIN", _spec("Texts offering deals came from 07700 900456 again!", 2, PHONE)),
        ("IR-WEB-2", _spec("My teenager was sent a drugs menu from 07700 900456.", 20, PHONE)),
        (
            "IR-101",
            _spec(
                "Caller reports a lad using 07700 900456 to arrange drop-offs on Mill Lane.",
                9,
                PHONE,
                channel="CALL_101",
            ),
        ),
        (
            "IR-PARTNER",
            _spec(
                "Client says the deal line is 07700 900789.",
                10,
                OTHER_PHONE,
                channel="PARTNER_AGENCY",
                originating_org="Rutland Recovery Service",
                intelligence_assessment="C",
            ),
        ),
    )
    resolve.resolve_exact(system_access(store, "Resolving records for corroboration tests"))
    find_near_duplicates(acting(store))
    return ids


def test_reports_from_independent_sources_are_counted_once_each(
    store: Store, load_reports: LoadReports
) -> None:
    web, copy, web2, call, _partner = _load(store, load_reports)
    officer = acting(store)

    [phone] = report_corroboration(officer, web)

    assert phone.schema == "Phone"
    assert [r.report_id for r in phone.reports] == [web, call, web2]
    # Two public web reports could be one person: they are one source. The copy counts not.
    assert (phone.report_count, phone.source_count) == (3, 2)
    assert phone.summary == "seen in 3 reports from 2 independent sources"
    assert phone.excluded_copies == ["IR-WEB-1-AGAIN"]
    same = entity_corroboration(officer, phone.entity_id)
    assert same is not None and same.summary == phone.summary
    assert copy not in {r.report_id for r in same.reports}


def test_the_officer_raises_to_b_naming_only_independent_reports(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    web, _copy, _web2, _call, partner = _load(sqlite_store, load_reports)
    officer = acting(sqlite_store)

    record = raise_to_corroborated(officer, web)

    assert record.code == "2/B/P"
    assert record.reason is not None
    assert "IR-101 (CALL_101 / Leicestershire Police)" in record.reason
    assert "IR-WEB-2" not in record.reason  # the same source is no corroboration
    assert grade_history(officer, web)[-1].reason == record.reason
    with pytest.raises(GradingError, match="only a C, D or ungraded"):
        raise_to_corroborated(officer, web)  # already B
    with pytest.raises(GradingError, match="no report from an independent source"):
        raise_to_corroborated(officer, partner)


def test_a_copy_a_first_hand_report_and_a_partner_user_are_refused(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    _web, copy, _web2, call, _partner = _load(sqlite_store, load_reports)
    officer = acting(sqlite_store)
    with pytest.raises(GradingError, match="near-duplicate"):
        raise_to_corroborated(officer, copy)
    from linewatch.evaluate import grade

    grade(officer, call, "2", "A", "P")
    with pytest.raises(GradingError, match="the assessment is A"):
        raise_to_corroborated(officer, call)
    with pytest.raises(AccessDenied):
        report_corroboration(acting(sqlite_store, Role.ANALYST), call)


def test_triage_names_independent_corroboration_as_a_reason(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    web, copy, web2, call, partner = _load(sqlite_store, load_reports)
    queue = {i.report_id: i for i in triage_queue(acting(sqlite_store), as_of=AS_OF)}

    assert copy not in queue
    backed = [r for r in queue[web].reasons if r.startswith("opportunity: corroborated")]
    assert backed == ["opportunity: corroborated by independent reports (IR-101)"]
    assert any("IR-WEB-1, IR-WEB-2" in r for r in queue[call].reasons)
    assert not any("corroborated" in r for r in queue[partner].reasons)
    # Another public web report is the same source: IR-WEB-2 is backed by the call alone.
    assert "opportunity: corroborated by independent reports (IR-101)" in queue[web2].reasons
