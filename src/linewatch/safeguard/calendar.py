"""Welfare visits as iCalendar (RFC 5545), for officers' own calendars.

Each stop is one VEVENT on the shift's day, timed in route order from the shift start (UK local
time) with a fixed slot per visit plus the drive from the stop before. The address is the
event's LOCATION and the stop's coordinates its GEO; an overdue visit says so in its summary.
UIDs are the visit ids, so re-importing a newer plan updates events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vGeo

from linewatch.safeguard.schedule import Shift

LONDON = ZoneInfo("Europe/London")
SHIFT_START = time(9, 0)
VISIT_MINUTES = 30
DRIVE_KMH = 50.0
UID_DOMAIN = "linewatch.invalid"


def visits_calendar(shifts: Sequence[Shift], stamp: datetime | None = None) -> bytes:
    """The shifts' stops as one iCalendar file."""
    calendar = Calendar()
    calendar.add("prodid", "-//Linewatch//Welfare visits//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Welfare visits")
    made = stamp or datetime.now(UTC)
    for shift in shifts:
        clock = datetime.combine(shift.day, SHIFT_START, LONDON)
        for number, stop in enumerate(shift.stops, start=1):
            clock += timedelta(hours=stop.leg_km / DRIVE_KMH)
            start = clock.replace(second=0, microsecond=0)
            clock = start + timedelta(minutes=VISIT_MINUTES)
            visit = stop.visit
            event = Event()
            event.add("uid", f"{visit.id}@{UID_DOMAIN}")
            event.add("dtstamp", made)
            event.add("dtstart", start)
            event.add("dtend", clock)
            late = "OVERDUE " if stop.overdue else ""
            event.add("summary", f"{late}Welfare visit {number}: {visit.address}")
            event.add("location", visit.address)
            event["geo"] = vGeo((stop.point.latitude, stop.point.longitude))
            event.add(
                "description",
                f"Stop {number} of {len(shift.stops)} for {shift.officer or 'unassigned'}; "
                f"due {visit.scheduled_for:%d %b %Y}. Look for signs of cuckooing and record "
                "who was present, what was found, advice given and any referral.",
            )
            event.add("categories", ["Welfare visit"])
            if stop.overdue:
                event.add("priority", 1)
            calendar.add_component(event)
    # Times are local (a 9 o'clock start is 9 o'clock in summer too), so the file carries
    # the Europe/London VTIMEZONE that RFC 5545 requires for a TZID it names.
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
