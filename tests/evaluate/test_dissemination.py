"""Dissemination: nothing leaves unsanitised, ungraded, or with unacknowledged conditions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from evaluate.conftest import LoadReports, acting
from linewatch.access import create_organisation
from linewatch.evaluate import (
    NotDisseminable,
    confirm_sanitised,
    disclose_reports,
    ensure_disseminable,
    grade,
)
from linewatch.store import Store, tables

UNGRADED = {"source_evaluation": None, "intelligence_assessment": None, "handling_code": None}


def test_dissemination_waits_for_a_confirmed_sanitised_text(
    store: Store, load_reports: LoadReports
) -> None:
    [rid] = load_reports(store, ("IR-1", {}))
    officer = acting(store)
    with store.connect() as conn, pytest.raises(NotDisseminable, match="not been sanitised"):
        ensure_disseminable(conn, rid)

    with store.connect() as conn:
        auto = conn.execute(select(tables.reports.c.sanitised_text)).scalar_one()
    confirm_sanitised(officer, rid, auto)

    with store.connect() as conn:
        handling = ensure_disseminable(conn, rid)
        row = conn.execute(select(tables.reports)).mappings().one()
    assert handling.handling_code == "P" and handling.reference == "IR-1"
    assert row["sanitised"] is True and row["sanitised_by"] == "user-intelligence_officer"


def test_a_handling_code_c_report_needs_its_conditions_acknowledged(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    conditioned = {"handling_code": "C", "handling_conditions": "Police only"}
    [rid, ungraded] = load_reports(
        sqlite_store,
        ("IR-C", conditioned),
        ("IR-U", UNGRADED),
    )
    officer = acting(sqlite_store)
    confirm_sanitised(officer, rid, "Golf AB12 CDE seen at the address.")
    confirm_sanitised(officer, ungraded, "Golf AB12 CDE seen at the address.")
    with sqlite_store.connect() as conn:
        with pytest.raises(NotDisseminable, match="Police only"):
            ensure_disseminable(conn, rid)
        assert ensure_disseminable(conn, rid, conditions_acknowledged=True).handling_code == "C"
        with pytest.raises(NotDisseminable, match="not graded"):
            ensure_disseminable(conn, ungraded)


def test_a_legacy_report_is_shared_only_once_regraded_in_3x5x2(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    legacy = {
        "grading_scheme": "5x5x5",
        "source_evaluation": "B",
        "intelligence_assessment": "2",
        "handling_code": "1",
    }
    [rid] = load_reports(sqlite_store, ("IR-L", legacy))
    officer = acting(sqlite_store)
    confirm_sanitised(officer, rid, "Golf AB12 CDE seen at the address.")
    with sqlite_store.connect() as conn, pytest.raises(NotDisseminable, match="5x5x5"):
        ensure_disseminable(conn, rid)
    grade(officer, rid, "2", "B", "P", reason="re-evaluated for sharing with housing")
    with sqlite_store.connect() as conn:
        assert ensure_disseminable(conn, rid).handling_code == "P"


def test_reports_are_disclosed_together_or_not_at_all(
    store: Store, load_reports: LoadReports
) -> None:
    ready, unsanitised = load_reports(store, ("IR-1", {}), ("IR-2", {}))
    officer = acting(store)
    confirm_sanitised(officer, ready, "Golf AB12 CDE seen at the address.")
    with store.begin() as conn:
        create_organisation(conn, "rutland-housing", "Rutland Housing", "HOUSING")

    with pytest.raises(NotDisseminable, match="IR-2"):
        disclose_reports(officer, [ready, unsanitised], "rutland-housing", "Tenancy risk")
    with store.connect() as conn:
        assert conn.execute(select(tables.disclosures)).first() is None

    shared = disclose_reports(officer, [ready], "rutland-housing", "Tenancy risk review")
    assert shared.record_ids == (ready,) and shared.handling_code == "P"
    with store.connect() as conn:
        row = conn.execute(select(tables.disclosures)).mappings().one()
        last = (
            conn.execute(select(tables.audit_log).order_by(tables.audit_log.c.seq.desc()).limit(1))
            .mappings()
            .one()
        )
    assert (row["record_id"], row["organisation_id"]) == (ready, "rutland-housing")
    assert last["operation"] == "DISCLOSURE" and last["recipients"] == ["rutland-housing"]
