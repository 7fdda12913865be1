"""Possible bail breaches scored against a generated scenario's ground truth."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import select

from linewatch.enforce import detect_breaches
from linewatch.safeguard.clock import aware
from linewatch.store import tables
from safeguard.scenario import AS_OF, Scenario

pytestmark = pytest.mark.slow
MOMENTS = ("read_at", "seen_at", "occurred_at", "hour_from", "at")


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
    by_method: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    for alert in alerts:
        by_method[alert.method] += 1
        (bail_id,) = {e["id"] for e in alert.evidence_of("bail_record")}
        record = bail[bail_id]
        # Every dated piece of evidence, whatever its source, falls while the bail was live.
        for item in alert.evidence:
            when = next((item[k] for k in MOMENTS if item.get(k)), None)
            if when is None:
                continue
            by_source[item["kind"]] += 1
            moment = datetime.fromisoformat(when)
            assert aware(record.bail_start) <= moment, (alert.summary, item)
            assert record.ended_at is None or moment < aware(record.ended_at), (alert.summary, item)
    print(
        f"\nscenario breaches: {len(true)} true breach reads, {len(true & found)} found, "
        f"{len(found - true)} extra; {len(alerts)} alerts by method {dict(by_method)}; "
        f"dated evidence by source {dict(by_source)}; "
        f"{sum(1 for r in bail.values() if r.ended_at)} of {len(bail)} bail records ended"
    )
    again = detect_breaches(scenario.access, AS_OF)
    assert [a.id for a in again] == [a.id for a in alerts]
    assert not any(a.is_new for a in again)
