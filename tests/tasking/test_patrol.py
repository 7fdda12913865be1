"""The patrol plan: areas ranked from the hotspots, times from when their events happen."""

from __future__ import annotations

from tests.tasking.world import AS_OF, HOT, WARM, seed

from linewatch.access import system_access
from linewatch.store import Store
from linewatch.tasking import patrol_plan
from linewatch.tasking.patrol import busiest_window, month_bounds


def test_the_busiest_window_wraps_past_midnight() -> None:
    hours = [0.0] * 24
    hours[23], hours[0], hours[12] = 2.0, 2.0, 1.0
    assert busiest_window(hours, 2) == (23, 0.8)
    assert busiest_window([0.0] * 24, 2) == (0, 0.0)


def test_month_bounds_cross_a_year() -> None:
    first_last, first_this, end = month_bounds(AS_OF.replace(month=1, day=5))
    assert (first_last.isoformat(), first_this.isoformat(), end.isoformat()) == (
        "2025-12-01",
        "2026-01-01",
        "2026-01-06",
    )


def test_areas_are_ranked_with_their_patrol_time_reason_and_month_on_month(
    sqlite_store: Store,
) -> None:
    seed(sqlite_store)
    plan = patrol_plan(system_access(sqlite_store, "Planning patrols"), AS_OF)
    assert [a.code for a in plan.areas][:2] == [HOT, WARM]
    hot, warm = plan.areas[0], plan.areas[1]
    # Both recent A/B reports in HOT were at 21:00 (GMT in November), the old C one at noon.
    assert (hot.start_hour, hot.end_hour) == (21, 23)
    assert hot.reasons[0].startswith("99% of its recent events")  # the old C report at noon
    assert any("graded A/B" in r for r in hot.reasons)
    # The courier's reads in WARM were at 22:00 on three days; last month's report at 14:00.
    assert (warm.start_hour, warm.end_hour) == (22, 0)
    assert (hot.this_month, hot.last_month) == (2, 0)
    assert (warm.this_month, warm.last_month) == (3, 1)
    assert plan.this_month["Intelligence reports placed"] == 2
    assert plan.last_month["Intelligence reports placed"] == 1
    assert plan.this_month["Reads of flagged vehicles"] == 3
    assert plan.shift_start <= 21 < plan.shift_start + 8
