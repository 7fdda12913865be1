from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from comms.callworld import SCHEMA, START, event, mobile, write_production
from linewatch.comms import CallStore, DealLineRules
from linewatch.comms.features import number_figures, sightings, top_contacts

STORED = SCHEMA.append(pa.field("production_id", pa.string()))
RULES = DealLineRules()


def _store(tmp_path: Path, rows: list[dict[str, Any]], production: str = "P-1") -> CallStore:
    for row in rows:
        row["production_id"] = production
    write_production(rows, tmp_path / "calls" / f"{production}.parquet", STORED)
    return CallStore(tmp_path / "calls")


def _burst(
    sender: str, recipients: list[str], at: datetime, every_s: int = 1
) -> list[dict[str, Any]]:
    return [
        event(at + timedelta(seconds=i * every_s), sender, to, "SMS")
        for i, to in enumerate(recipients)
    ]


def _figures(calls: CallStore) -> dict[str, Any]:
    return {f.number: f for f in number_figures(calls.con, RULES)}


def test_a_quick_broadcast_is_a_flare_and_slow_or_repeated_texts_are_not(
    tmp_path: Path,
) -> None:
    crowd = [mobile(100 + i) for i in range(8)]
    friends = crowd[:3]
    rows = [
        *_burst(mobile(1), crowd, START),  # eight numbers, a second apart: a flare
        *_burst(mobile(2), crowd, START, every_s=300),  # five minutes apart: separate texts
        *_burst(mobile(3), friends * 4, START),  # rapid, but the same three friends
    ]
    with _store(tmp_path, rows) as calls:
        figures = _figures(calls)

    assert figures[mobile(1)].flare_bursts == 1 and figures[mobile(1)].flare_days == 1
    assert figures[mobile(1)].flare_median_recipients == 8
    assert figures[mobile(1)].flare_max_recipients == 8
    assert figures[mobile(1)].flare_max_span_s == 7
    assert mobile(2) not in figures and mobile(3) not in figures


def test_flare_days_are_counted_on_the_uk_calendar(tmp_path: Path) -> None:
    crowd = [mobile(100 + i) for i in range(6)]
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the same UK day as noon on 1 July.
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    noon = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    rows = [*_burst(mobile(1), crowd, late), *_burst(mobile(1), crowd, noon)]
    with _store(tmp_path, rows) as calls:
        line = _figures(calls)[mobile(1)]

    assert (line.flare_bursts, line.flare_days) == (2, 1)


def test_contacts_handsets_and_call_lengths_are_counted_per_number(tmp_path: Path) -> None:
    line = mobile(1)
    callers = [mobile(100 + i) for i in range(12)]
    rows = [event(START + timedelta(days=i), c, line, "CALL", 20) for i, c in enumerate(callers)]
    rows.append(event(START, line, mobile(20), "CALL", 200, "352099000000014"))
    rows.append(event(START, line, mobile(20), "CALL", 30, "352099000000022"))
    rows += _burst(line, callers[:4], START + timedelta(days=2, hours=1))
    with _store(tmp_path, rows) as calls:
        figures = _figures(calls)[line]

    assert figures.inbound_contacts == 12
    assert (figures.outbound_calls, figures.outbound_call_contacts) == (2, 1)
    assert (figures.calls, figures.short_calls) == (14, 13)
    assert (figures.active_days, figures.days_in_use) == (12, 12)
    # Whether before or after the flare, each of the four it was sent to rang it.
    assert (figures.flare_audience, figures.flare_responders) == (4, 4)
    assert figures.handsets == ["352099000000014", "352099000000022"]
    assert figures.productions == ["P-1"]
    assert figures.first_seen == START


def test_top_contacts_leave_out_the_flare_audience(tmp_path: Path) -> None:
    line, runner, customer = mobile(1), mobile(20), mobile(100)
    crowd = [customer, *(mobile(101 + i) for i in range(6))]
    rows = _burst(line, crowd, START)
    for day in range(5):
        at = START + timedelta(days=day, hours=2)
        rows.append(event(at, line, runner, "CALL", 40))
        rows += [event(at + timedelta(minutes=m), customer, line, "CALL", 15) for m in (1, 2)]
    with _store(tmp_path, rows) as calls:
        found = top_contacts(calls.con, [line], RULES)
        seen = {s.number: s for s in sightings(calls.con, [line, runner])}

    assert [(c.line, c.other, c.calls) for c in found] == [(line, runner, 5)]
    assert found[0].first_call == START + timedelta(hours=2)
    assert seen[line].production_id == "P-1" and seen[line].is_synthetic


def test_an_empty_call_store_has_no_figures(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with CallStore(tmp_path / "empty") as calls:
        assert calls.count() == 0
        assert number_figures(calls.con, RULES) == []


def test_evening_and_active_days_follow_uk_clocks_across_the_change_to_summer_time(
    tmp_path: Path,
) -> None:
    line = mobile(1)
    callers = [mobile(100 + i) for i in range(10)]
    # Clocks went forward at 01:00 UTC on 29 March 2026. 17:30 UTC on the 28th is 17:30 GMT
    # (day), on the 29th 18:30 BST (evening); 23:30 UTC on the 29th is 00:30 BST on the 30th.
    times = [
        datetime(2026, 3, 28, 17, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 17, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 23, 30, tzinfo=UTC),
    ]
    rows = [event(at, caller, line, "CALL", 20) for at in times for caller in callers[:4]]
    rows += [event(times[0], c, line, "CALL", 20) for c in callers[4:]]
    with _store(tmp_path, rows[:12], "P-1"):
        pass
    with _store(tmp_path, rows[12:], "P-2") as calls:
        figures = _figures(calls)[line]

    assert figures.events == 18
    assert figures.evening_events == 8
    # UK days 28, 29 and 30 March: the last event falls on the 30th in London.
    assert (figures.active_days, figures.days_in_use) == (3, 3)
    assert figures.productions == ["P-1", "P-2"]
    assert (figures.first_seen, figures.last_seen) == (times[0], times[2])
