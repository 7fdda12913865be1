"""Possible bail breaches scored against a generated scenario's ground truth."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from linewatch.enforce import detect_breaches
from linewatch.safeguard.clock import aware
from linewatch.store import tables
from safeguard.scenario import AS_OF, Scenario

pytestmark = pytest.mark.slow


def test_every_true_breach_is_found_and_none_outside_live_bail(scenario: Scenario) -> None:
    assert scenario.enforcement.rows_quarantined == 0, scenario.enforcement.problems
    alerts = detect_breaches(scenario.access, AS_OF)
    found = {e["id"] for a in alerts for e in a.evidence_of("anpr_read")}
    true = scenario.truth.breach_read_ids()
    assert true, "the scenario holds at least one breach"
    assert true <= found
    assert found - true == set()
    b = tables.bail_records
    with scenario.store.connect() as conn:
        bail = {row.id: row for row in conn.execute(select(b)).all()}
    for alert in alerts:
        (bail_id,) = {e["id"] for e in alert.evidence_of("bail_record")}
        record = bail[bail_id]
        for read in alert.evidence_of("anpr_read"):
            moment = datetime.fromisoformat(read["read_at"])
            assert aware(record.bail_start) <= moment
            assert record.ended_at is None or moment < aware(record.ended_at)
    again = detect_breaches(scenario.access, AS_OF)
    assert [a.id for a in again] == [a.id for a in alerts]
    assert not any(a.is_new for a in again)
