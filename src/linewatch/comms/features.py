"""Per-number figures from every imported production, computed set-wise in DuckDB.

Flares are found by gaps and islands: a number's texts, in time order, fall into one burst
while each follows the last within ``flare_gap_s``. A burst is a flare when it reaches at
least ``flare_min_recipients`` different numbers within ``flare_window_s`` and is a broadcast
(nearly every text goes to a different number), which a quick exchange with friends is not.
Hours and days are UK local time, since "evening" and "on how many days" are what an analyst
means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb

from linewatch.comms.duck import temp_table
from linewatch.comms.rules import DealLineRules, NumberFigures

LOCAL_ZONE = "Europe/London"


def _params(rules: DealLineRules) -> dict[str, object]:
    return {
        "gap": rules.flare_gap_s,
        "window": rules.flare_window_s,
        "min_recipients": rules.flare_min_recipients,
        "broadcast": rules.flare_broadcast_share,
        "min_inbound": rules.candidate_min_inbound,
        "short": rules.short_call_s,
        "evening": rules.evening_from_hour,
        "morning": rules.morning_hour,
        "zone": LOCAL_ZONE,
    }


def _bind(sql: str, params: dict[str, object]) -> dict[str, object]:
    """Only the parameters ``sql`` names: DuckDB refuses any extra."""
    used = set(re.findall(r"\$(\w+)", sql))
    return {k: v for k, v in params.items() if k in used}


def number_figures(con: duckdb.DuckDBPyConnection, rules: DealLineRules) -> list[NumberFigures]:
    """Figures for every number that sends flares or is contacted by many numbers."""
    span = con.execute(
        "SELECT epoch_us(min(timestamp)) // 3600000000, epoch_us(max(timestamp)) // 3600000000 "
        "FROM calls"
    ).fetchone()
    if span is None or span[0] is None:
        return []
    first_hour, last_hour = int(span[0]), int(span[1])
    # Constants, as the bitmap's bounds must be: the local day index never exceeds this.
    sql = (
        _FIGURES_SQL.replace("{first_hour}", str(first_hour))
        .replace("{last_hour}", str(last_hour))
        .replace("{last_day_index}", str((last_hour - first_hour) // 24 + 2))
    )
    cursor = con.execute(sql, _bind(sql, _params(rules)))
    names = [d[0] for d in cursor.description or []]
    found = []
    for row in cursor.fetchall():
        values = dict(zip(names, row, strict=True))
        for key in ("handsets", "productions"):
            values[key] = sorted(values[key] or [])
        for key, value in values.items():
            if value is None and key not in ("first_seen", "last_seen"):
                values[key] = 0
        found.append(NumberFigures(**values))
    return found


@dataclass(frozen=True)
class ContactCount:
    """Calls between a flagged line and one other phone in one production."""

    line: str
    other: str
    production_id: str
    calls: int
    first_call: datetime
    last_call: datetime


def top_contacts(
    con: duckdb.DuckDBPyConnection, lines: Iterable[str], rules: DealLineRules
) -> list[ContactCount]:
    """The phones each line calls with most (per production), leaving out its flare audience.

    A runner or holder is called often but is not on the marketing list; a regular customer
    may call as often, but is sent the flares.
    """
    temp_table(con, "flagged_lines", {"line": list(lines)})
    rows = con.execute(
        _CONTACTS_SQL,
        _bind(
            _CONTACTS_SQL,
            {**_params(rules), "top": rules.top_contacts, "min_calls": rules.contact_min_calls},
        ),
    ).fetchall()
    return [ContactCount(r[0], r[1], r[2], int(r[3]), r[4], r[5]) for r in rows]


@dataclass(frozen=True)
class Sighting:
    """One number in one production: the handsets it called from, and whether it is synthetic."""

    number: str
    production_id: str
    handsets: list[str]
    is_synthetic: bool
    last_seen: datetime | None


def sightings(con: duckdb.DuckDBPyConnection, numbers: Iterable[str]) -> list[Sighting]:
    temp_table(con, "wanted_numbers", {"number": list(numbers)})
    rows = con.execute(_SIGHTINGS_SQL).fetchall()
    return [Sighting(r[0], r[1], sorted(r[2] or []), bool(r[3]), r[4]) for r in rows]


# ``{only}`` narrows the texts to some senders (a burst is one sender's, so that is exact).
_BURSTS = """
sms AS (
    SELECT calling_number AS number, called_number, timestamp,
           epoch(timestamp) - epoch(lag(timestamp) OVER (
               PARTITION BY calling_number ORDER BY timestamp)) AS gap
    FROM calls WHERE event_type = 'SMS'{only}
),
sms_bursts AS (
    SELECT number, called_number, timestamp,
           sum(CASE WHEN gap IS NULL OR gap > $gap THEN 1 ELSE 0 END) OVER (
               PARTITION BY number ORDER BY timestamp ROWS UNBOUNDED PRECEDING) AS burst
    FROM sms
),
bursts AS (
    SELECT number, burst, min(timestamp) AS started,
           epoch(max(timestamp)) - epoch(min(timestamp)) AS span_s,
           count(DISTINCT called_number) AS recipients, count(*) AS texts
    FROM sms_bursts GROUP BY number, burst
),
flare_bursts AS (
    SELECT * FROM bursts
    WHERE recipients >= $min_recipients AND recipients >= $broadcast * texts
      AND span_s <= $window
)
"""

# Calls are first reduced to (caller, called, kind, production) rows, and every distinct count
# is taken over that much smaller set. Per-number activity is one pass with the number as the
# only group: the UK's offset from UTC has been a whole number of hours since 1972, so each
# event's local day and hour come from a lookup of the few thousand hours the records span
# (not a time-zone conversion per event), and the days a number was active are a bitmap of
# day indexes rather than a distinct count over millions of (number, day) pairs.
_FIGURES_SQL = (
    "WITH "
    + _BURSTS.format(only="")
    + """,
hours AS (
    SELECT h, day, hour(local) AS local_hour,
           date_diff('day', min(day) OVER (), day) AS day_index
    FROM (
        SELECT h, timezone($zone, to_timestamp(h * 3600)) AS local,
               CAST(timezone($zone, to_timestamp(h * 3600)) AS DATE) AS day
        FROM range({first_hour}, {last_hour} + 1) AS t(h)
    )
),
by_production AS (
    SELECT calling_number, called_number, event_type, production_id, count(*) AS n
    FROM calls GROUP BY ALL
),
pairs AS (
    SELECT calling_number, called_number, event_type, sum(n) AS n
    FROM by_production GROUP BY ALL
),
productions AS (
    SELECT number, list(production_id) AS productions FROM (
        SELECT calling_number AS number, production_id FROM by_production
        UNION SELECT called_number, production_id FROM by_production
    ) GROUP BY number
),
flares AS (
    SELECT number, count(*) AS flare_bursts,
           count(DISTINCT CAST(timezone($zone, started) AS DATE)) AS flare_days,
           CAST(round(median(recipients)) AS INTEGER) AS flare_median_recipients,
           max(recipients) AS flare_max_recipients, max(span_s) AS flare_max_span_s
    FROM flare_bursts GROUP BY number
),
audience AS (
    SELECT DISTINCT s.number, s.called_number AS member
    FROM sms_bursts AS s JOIN flare_bursts AS f ON f.number = s.number AND f.burst = s.burst
),
responses AS (
    SELECT a.number, count(*) AS flare_audience, count(k.caller) AS flare_responders
    FROM audience AS a
    LEFT JOIN (SELECT DISTINCT calling_number AS caller, called_number FROM pairs) AS k
        ON k.called_number = a.number AND k.caller = a.member
    GROUP BY a.number
),
inbound AS (
    SELECT called_number AS number, count(DISTINCT calling_number) AS inbound_contacts
    FROM pairs GROUP BY called_number
),
outbound AS (
    SELECT calling_number AS number,
           coalesce(sum(n) FILTER (WHERE event_type = 'CALL'), 0) AS outbound_calls,
           count(*) FILTER (WHERE event_type = 'CALL') AS outbound_call_contacts,
           count(*) FILTER (WHERE event_type = 'SMS') AS outbound_sms_contacts
    FROM pairs GROUP BY calling_number
),
candidates AS (
    SELECT number FROM inbound WHERE inbound_contacts >= $min_inbound
    UNION SELECT number FROM flares
),
handsets AS (
    SELECT calling_number AS number, list(DISTINCT imei) AS handsets
    FROM calls
    WHERE imei IS NOT NULL AND calling_number IN (SELECT number FROM candidates)
    GROUP BY calling_number
),
involved AS (
    SELECT c.number, k.timestamp, epoch_us(k.timestamp) // 3600000000 AS h,
           k.event_type, k.duration_s
    FROM candidates AS c JOIN calls AS k ON k.calling_number = c.number
    UNION ALL
    SELECT c.number, k.timestamp, epoch_us(k.timestamp) // 3600000000 AS h,
           k.event_type, k.duration_s
    FROM candidates AS c JOIN calls AS k ON k.called_number = c.number
),
activity AS (
    SELECT number, count(*) AS events,
           bit_count(bitstring_agg(hr.day_index, 0, {last_day_index})) AS active_days,
           date_diff('day', min(hr.day), max(hr.day)) + 1 AS days_in_use,
           count(*) FILTER (WHERE event_type = 'CALL') AS calls,
           count(*) FILTER (WHERE event_type = 'CALL' AND duration_s < $short) AS short_calls,
           count(*) FILTER (WHERE hr.local_hour >= $evening
                               OR hr.local_hour < $morning) AS evening_events,
           min(timestamp) AS first_seen, max(timestamp) AS last_seen
    FROM involved JOIN hours AS hr USING (h) GROUP BY number
)
SELECT a.number, a.events, a.active_days, a.days_in_use, a.calls, a.short_calls,
       a.evening_events, i.inbound_contacts, o.outbound_calls, o.outbound_call_contacts,
       o.outbound_sms_contacts, f.flare_bursts, f.flare_days, f.flare_median_recipients,
       f.flare_max_recipients, f.flare_max_span_s, r.flare_audience, r.flare_responders,
       h.handsets, p.productions, a.first_seen, a.last_seen
FROM activity AS a
LEFT JOIN productions AS p USING (number)
LEFT JOIN inbound AS i USING (number)
LEFT JOIN outbound AS o USING (number)
LEFT JOIN flares AS f USING (number)
LEFT JOIN responses AS r USING (number)
LEFT JOIN handsets AS h USING (number)
ORDER BY a.number
"""
)

_CONTACTS_SQL = f"""
WITH {_BURSTS.format(only=" AND calling_number IN (SELECT line FROM flagged_lines)")},
audience AS (
    SELECT DISTINCT s.number AS line, s.called_number AS other
    FROM sms_bursts AS s
    JOIN flare_bursts AS f ON f.number = s.number AND f.burst = s.burst
    WHERE s.number IN (SELECT line FROM flagged_lines)
),
line_calls AS (
    SELECT l.line, k.called_number AS other, k.production_id, k.timestamp
    FROM flagged_lines AS l JOIN calls AS k ON k.calling_number = l.line
    WHERE k.event_type = 'CALL'
    UNION ALL
    SELECT l.line, k.calling_number AS other, k.production_id, k.timestamp
    FROM flagged_lines AS l JOIN calls AS k ON k.called_number = l.line
    WHERE k.event_type = 'CALL'
),
totals AS (
    SELECT line, other, count(*) AS calls FROM line_calls
    WHERE other <> line AND (line, other) NOT IN (SELECT line, other FROM audience)
    GROUP BY line, other HAVING count(*) >= $min_calls
    QUALIFY row_number() OVER (PARTITION BY line ORDER BY count(*) DESC, other) <= $top
)
SELECT c.line, c.other, c.production_id, count(*) AS calls,
       min(c.timestamp), max(c.timestamp)
FROM line_calls AS c JOIN totals AS t USING (line, other)
GROUP BY c.line, c.other, c.production_id
ORDER BY c.line, calls DESC, c.other, c.production_id
"""

_SIGHTINGS_SQL = """
WITH seen AS (
    SELECT k.calling_number AS number, k.production_id, k.imei, k.is_synthetic, k.timestamp
    FROM calls AS k WHERE k.calling_number IN (SELECT number FROM wanted_numbers)
    UNION ALL
    SELECT k.called_number, k.production_id, NULL, k.is_synthetic, k.timestamp
    FROM calls AS k WHERE k.called_number IN (SELECT number FROM wanted_numbers)
)
SELECT number, production_id, list(DISTINCT imei) FILTER (WHERE imei IS NOT NULL),
       bool_or(coalesce(is_synthetic, false)), max(timestamp)
FROM seen GROUP BY number, production_id ORDER BY number, production_id
"""
