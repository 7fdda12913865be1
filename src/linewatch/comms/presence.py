"""Where and when a phone is active, as a phone's page shows it.

A week grid counts the phone's calls and texts by weekday and hour (UK time). Its days list,
for each recent day it made calls, the places its serving cells were in hour by hour: a
district of Leicestershire or Rutland from the boundaries held offline, or "further away"
(an exporting hub). Both read the call records through ``timeline``, so each read is a logged
consultation of the phone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from linewatch import geo
from linewatch.access import Access, Permission
from linewatch.comms.analysis import phone_id
from linewatch.comms.callstore import CallStore
from linewatch.comms.timeline import whereabouts

LOCAL_ZONE = "Europe/London"
FURTHER_AWAY = "further away"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@cache
def area_of(latitude: float, longitude: float) -> str:
    """The Leicestershire or Rutland district a cell stands in, or ``FURTHER_AWAY``."""
    for area in geo.districts():
        if area.contains(latitude, longitude):
            return area.name
    return FURTHER_AWAY


@dataclass(frozen=True)
class HourPlace:
    hour: int
    area: str
    cells: list[str]
    events: int


@dataclass
class DayPlaces:
    day: date
    hours: list[HourPlace] = field(default_factory=list)

    @property
    def areas(self) -> list[str]:
        """The places the phone was served in that day, in the order it reached them."""
        seen: list[str] = []
        for hour in self.hours:
            if hour.area not in seen:
                seen.append(hour.area)
        return seen

    @property
    def travelled(self) -> bool:
        return len(self.areas) > 1


def days_by_area(
    access: Access, calls: CallStore, number: str, recent: int = 14
) -> list[DayPlaces]:
    """The phone's last ``recent`` days with a located call or text, newest first."""
    by_day: dict[date, dict[int, dict[str, list[tuple[str, int]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for cell in whereabouts(access, calls, number):
        if cell.latitude is None or cell.longitude is None:
            area = "unknown place"
        else:
            area = area_of(round(cell.latitude, 5), round(cell.longitude, 5))
        by_day[cell.day][cell.hour][area].append((cell.cell_id, cell.events))
    out = []
    for day in sorted(by_day, reverse=True)[:recent]:
        places = DayPlaces(day)
        for hour in sorted(by_day[day]):
            for area, cells in sorted(by_day[day][hour].items()):
                places.hours.append(
                    HourPlace(hour, area, sorted({c for c, _ in cells}), sum(n for _, n in cells))
                )
        out.append(places)
    return out


def week_grid(access: Access, calls: CallStore, number: str) -> list[list[int]]:
    """Calls and texts made or received in each weekday (Monday first) and local hour."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    with access.store.begin() as conn:
        access.consult(conn, [phone_id(number)])
    rows = calls.con.execute(
        "SELECT isodow(timezone($zone, timestamp)) - 1, hour(timezone($zone, timestamp)), "
        "count(*) FROM calls WHERE calling_number = $n OR called_number = $n GROUP BY ALL",
        {"n": number, "zone": LOCAL_ZONE},
    ).fetchall()
    grid = [[0] * 24 for _ in WEEKDAYS]
    for weekday, hour, count in rows:
        grid[int(weekday)][int(hour)] = int(count)
    return grid
