"""The visit plan as iCalendar: valid RFC 5545 that a standard parser reads back."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from linewatch.model import Role
from linewatch.safeguard import (
    assess_cuckooing_risk,
    assign_visits,
    plan_shifts,
    schedule_visits,
    visits_calendar,
)
from safeguard.conftest import AS_OF, Street
from safeguard.world import acting


def test_the_plan_parses_back_as_one_event_per_stop(street: Street) -> None:
    w = street.world
    w.user("pc-1")
    analyst = acting(w.store)
    assess_cuckooing_risk(analyst, AS_OF)
    schedule_visits(analyst, AS_OF)
    assign_visits(analyst, AS_OF)
    shifts = plan_shifts(acting(w.store, Role.OFFICER), date(2026, 3, 3))
    stamp = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    data = visits_calendar(shifts, stamp)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    parsed = Calendar.from_ical(data)
    assert str(parsed["version"]) == "2.0" and "Linewatch" in str(parsed["prodid"])
    events = list(parsed.walk("VEVENT"))
    stops = [stop for s in shifts for stop in s.stops]
    assert len(events) == len(stops) == 3
    assert [str(e["uid"]) for e in events] == [f"{s.visit.id}@linewatch.invalid" for s in stops]
    starts = [e.decoded("dtstart") for e in events]
    assert starts == sorted(starts) and starts[0] >= datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert len(list(parsed.walk("VTIMEZONE"))) == 1
    for event, stop in zip(events, stops, strict=True):
        assert event.decoded("dtend") > event.decoded("dtstart")
        assert str(event["location"]) == stop.visit.address
        assert event["geo"].latitude == stop.point.latitude
        assert str(event["summary"]).startswith("OVERDUE ") == stop.overdue
    assert sum(str(e["summary"]).startswith("OVERDUE") for e in events) == 2
