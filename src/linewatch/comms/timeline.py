"""A line's life and a phone's whereabouts, read from the call records for a person to see.

A line's life is its weeks: how many customers it exchanged with and how many texts it sent
each week, when it started, and when it went quiet (no message sent for ``quiet_days`` before
the newest record in the data). Where a phone was comes from the serving cell of the events it
made (a production records the calling party's cell), by day and hour in UK local time; two
phones are co-located when each made an event on the same cell within a few minutes.
Each read is a logged consultation of the phones it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from linewatch.access import Access, Permission
from linewatch.comms.analysis import phone_id
from linewatch.comms.callstore import CallStore
from linewatch.comms.features import LOCAL_ZONE


@dataclass(frozen=True)
class Week:
    starts: date
    customers: int
    texts_sent: int
    calls_received: int


@dataclass
class LineLife:
    number: str
    first_seen: datetime | None = None
    last_sent: datetime | None = None
    newest_record: datetime | None = None
    weeks: list[Week] = field(default_factory=list)
    quiet_days: int = 14

    @property
    def went_quiet(self) -> date | None:
        """The day of the last message sent, if nothing was sent for ``quiet_days`` after it."""
        if self.last_sent is None or self.newest_record is None:
            return None
        if self.newest_record - self.last_sent >= timedelta(days=self.quiet_days):
            return self.last_sent.date()
        return None


@dataclass(frozen=True)
class CellHour:
    day: date
    hour: int
    cell_id: str
    latitude: float | None
    longitude: float | None
    events: int


@dataclass(frozen=True)
class CoLocation:
    cell_id: str
    latitude: float | None
    longitude: float | None
    first_time: datetime
    second_time: datetime


def line_life(access: Access, calls: CallStore, number: str, quiet_days: int = 14) -> LineLife:
    """Start, customers and texts by week, and when the line went quiet."""
    _consult(access, [number])
    life = LineLife(number, quiet_days=quiet_days)
    row = calls.con.execute(
        "SELECT min(timestamp) FILTER (WHERE calling_number = $n OR called_number = $n), "
        "max(timestamp) FILTER (WHERE calling_number = $n), max(timestamp) FROM calls",
        {"n": number},
    ).fetchone()
    if row:
        life.first_seen, life.last_sent, life.newest_record = row
    weeks = calls.con.execute(_WEEKS_SQL, {"n": number, "zone": LOCAL_ZONE}).fetchall()
    life.weeks = [Week(*w) for w in weeks]
    return life


def whereabouts(
    access: Access, calls: CallStore, number: str, since: datetime | None = None
) -> list[CellHour]:
    """Where the phone was: its serving cells by local day and hour."""
    _consult(access, [number])
    rows = calls.con.execute(
        _WHERE_SQL,
        {"n": number, "zone": LOCAL_ZONE, "since": since or datetime(1970, 1, 1)},
    ).fetchall()
    return [CellHour(*r) for r in rows]


def activity_by_hour(access: Access, calls: CallStore, number: str) -> list[int]:
    """Events the phone made or received in each local hour of the day (24 counts)."""
    _consult(access, [number])
    rows = calls.con.execute(
        "SELECT hour(timezone($zone, timestamp)) AS h, count(*) FROM calls "
        "WHERE calling_number = $n OR called_number = $n GROUP BY h",
        {"n": number, "zone": LOCAL_ZONE},
    ).fetchall()
    counts = [0] * 24
    for hour, n in rows:
        counts[int(hour)] = int(n)
    return counts


def co_location(
    access: Access, calls: CallStore, first: str, second: str, within_minutes: int = 15
) -> list[CoLocation]:
    """Times both phones used the same cell within ``within_minutes`` of each other."""
    _consult(access, [first, second])
    rows = calls.con.execute(
        _COLOCATION_SQL,
        {"a": first, "b": second, "within": timedelta(minutes=within_minutes)},
    ).fetchall()
    return [CoLocation(*r) for r in rows]


def _consult(access: Access, numbers: list[str]) -> None:
    access.require(Permission.VIEW_PERSONAL_DATA)
    with access.store.begin() as conn:
        access.consult(conn, [phone_id(n) for n in numbers])


_WEEKS_SQL = """
WITH ev AS (
    SELECT CAST(date_trunc('week', timezone($zone, timestamp)) AS DATE) AS week,
           calling_number = $n AS sent, event_type,
           CASE WHEN calling_number = $n THEN called_number ELSE calling_number END AS other
    FROM calls WHERE calling_number = $n OR called_number = $n
)
SELECT week, count(DISTINCT other),
       count(*) FILTER (WHERE sent AND event_type = 'SMS'),
       count(*) FILTER (WHERE NOT sent AND event_type = 'CALL')
FROM ev GROUP BY week ORDER BY week
"""

_WHERE_SQL = """
SELECT CAST(timezone($zone, timestamp) AS DATE) AS day, hour(timezone($zone, timestamp)) AS hour,
       cell_id, any_value(cell_latitude), any_value(cell_longitude), count(*)
FROM calls
WHERE calling_number = $n AND cell_id IS NOT NULL AND timestamp >= $since
GROUP BY ALL ORDER BY day, hour, count(*) DESC, cell_id
"""

_COLOCATION_SQL = """
WITH a AS (SELECT timestamp, cell_id, cell_latitude, cell_longitude FROM calls
           WHERE calling_number = $a AND cell_id IS NOT NULL),
     b AS (SELECT timestamp, cell_id FROM calls WHERE calling_number = $b AND cell_id IS NOT NULL)
SELECT a.cell_id, a.cell_latitude, a.cell_longitude, a.timestamp, b.timestamp
FROM a JOIN b ON a.cell_id = b.cell_id
    AND b.timestamp BETWEEN a.timestamp - $within AND a.timestamp + $within
ORDER BY a.timestamp, b.timestamp
"""
