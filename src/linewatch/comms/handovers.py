"""Line handovers: a deal line's customer base moving to a new number as the old goes quiet.

When a line's phone is seized or dropped the controller starts a new number and flares the
same customer list from it, often from the old handset for a while. A handover is a pair of
deal numbers where the new one starts sending around when the old one stops, and the customers
the new one exchanges with (its flare list and those who call it) largely exchanged with
the old one too. The overlap is reported both as
the overlap coefficient (shared / the smaller base: a new line has not yet reached all of the
old customers) and as the Jaccard index (shared / either), with any handset both used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import duckdb

from linewatch.comms.duck import temp_table

CLAIM = "LINE_HANDOVER"
METHOD = "comms.handover"
METHOD_VERSION = "1"


@dataclass(frozen=True)
class HandoverRules:
    """When a new deal number counts as taking over an old one's customers."""

    min_overlap: float = 0.3  # shared customers / the smaller customer base
    min_shared: int = 3
    # The new number's first message falls between these many days before and after the old
    # number's last one (a new SIM often runs beside the old for a few days).
    lead_days: int = 14
    lag_days: int = 42


@dataclass(frozen=True)
class Handover:
    old_number: str
    new_number: str
    shared_customers: int
    old_customers: int
    new_customers: int
    overlap: float
    jaccard: float
    old_first_seen: datetime
    old_last_seen: datetime
    new_first_seen: datetime
    new_last_seen: datetime
    shared_imeis: tuple[str, ...]
    productions: tuple[str, ...]

    @property
    def score(self) -> float:
        return round(min(1.0, self.overlap + (0.2 if self.shared_imeis else 0.0)), 3)

    def reasons(self) -> list[str]:
        gap = (self.new_first_seen - self.old_last_seen).days
        timing = f"{self.new_number} first sent on {self.new_first_seen:%d %b %Y}, " + (
            f"{gap} days after {self.old_number} last sent ({self.old_last_seen:%d %b %Y})"
            if gap >= 0
            else f"{-gap} days before {self.old_number} last sent ({self.old_last_seen:%d %b %Y})"
        )
        found = [
            f"{self.shared_customers} customers contacted both numbers: "
            f"{self.overlap:.0%} of the smaller base "
            f"({self.old_customers} old, {self.new_customers} new; Jaccard {self.jaccard:.2f})",
            timing,
        ]
        if self.shared_imeis:
            found.append(f"both numbers used handset {', '.join(self.shared_imeis)}")
        return found

    def evidence_values(self) -> dict[str, Any]:
        return {
            "old_number": self.old_number,
            "new_number": self.new_number,
            "shared_customers": self.shared_customers,
            "old_customers": self.old_customers,
            "new_customers": self.new_customers,
            "overlap_coefficient": round(self.overlap, 4),
            "jaccard": round(self.jaccard, 4),
            "old_first_seen": self.old_first_seen.isoformat(),
            "old_last_seen": self.old_last_seen.isoformat(),
            "new_first_seen": self.new_first_seen.isoformat(),
            "new_last_seen": self.new_last_seen.isoformat(),
            "shared_imeis": list(self.shared_imeis),
        }


def find_handovers(
    con: duckdb.DuckDBPyConnection, lines: list[str], rules: HandoverRules | None = None
) -> list[Handover]:
    """Handovers among ``lines`` (deal numbers), at most one predecessor per new number."""
    rules = rules or HandoverRules()
    if len(lines) < 2:
        return []
    temp_table(con, "handover_lines", {"number": sorted(set(lines))})
    cursor = con.execute(
        _SQL,
        {
            "min_overlap": rules.min_overlap,
            "min_shared": rules.min_shared,
            "lead": timedelta(days=rules.lead_days),
            "lag": timedelta(days=rules.lag_days),
        },
    )
    names = [d[0] for d in cursor.description or []]
    found = []
    for row in cursor.fetchall():
        values = dict(zip(names, row, strict=True))
        values["shared_imeis"] = tuple(sorted(values["shared_imeis"] or []))
        values["productions"] = tuple(sorted(values["productions"] or []))
        found.append(Handover(**values))
    return found


_SQL = """
WITH sent AS (
    SELECT c.calling_number AS line, c.timestamp, c.imei, c.production_id
    FROM calls AS c JOIN handover_lines AS l ON c.calling_number = l.number
),
activity AS (
    SELECT line, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
           list(DISTINCT imei) FILTER (WHERE imei IS NOT NULL) AS imeis,
           list(DISTINCT production_id) AS productions
    FROM sent GROUP BY line
),
customers AS (
    SELECT c.called_number AS line, c.calling_number AS customer
    FROM calls AS c JOIN handover_lines AS l ON c.called_number = l.number
    UNION
    SELECT c.calling_number AS line, c.called_number AS customer
    FROM calls AS c JOIN handover_lines AS l ON c.calling_number = l.number
),
bases AS (SELECT line, count(*) AS customers FROM customers GROUP BY line),
shared AS (
    SELECT a.line AS old_number, b.line AS new_number, count(*) AS shared_customers
    FROM customers AS a JOIN customers AS b ON a.customer = b.customer AND a.line <> b.line
    GROUP BY ALL HAVING count(*) >= $min_shared
),
pairs AS (
    SELECT s.old_number, s.new_number, s.shared_customers,
           ob.customers AS old_customers, nb.customers AS new_customers,
           s.shared_customers / least(ob.customers, nb.customers) AS overlap,
           s.shared_customers / (ob.customers + nb.customers - s.shared_customers) AS jaccard,
           oa.first_seen AS old_first_seen, oa.last_seen AS old_last_seen,
           na.first_seen AS new_first_seen, na.last_seen AS new_last_seen,
           list_intersect(oa.imeis, na.imeis) AS shared_imeis,
           list_distinct(list_concat(oa.productions, na.productions)) AS productions
    FROM shared AS s
    JOIN bases AS ob ON ob.line = s.old_number
    JOIN bases AS nb ON nb.line = s.new_number
    JOIN activity AS oa ON oa.line = s.old_number
    JOIN activity AS na ON na.line = s.new_number
    WHERE na.first_seen > oa.first_seen
      AND na.last_seen > oa.last_seen
      AND na.first_seen BETWEEN oa.last_seen - $lead AND oa.last_seen + $lag
      AND s.shared_customers / least(ob.customers, nb.customers) >= $min_overlap
)
SELECT * FROM pairs
QUALIFY row_number() OVER (PARTITION BY new_number ORDER BY overlap DESC, old_number) = 1
    AND row_number() OVER (PARTITION BY old_number ORDER BY overlap DESC, new_number) = 1
ORDER BY old_number, new_number
"""
