"""Vehicles read by ANPR near a line's workers' phones, again and again, written down.

A line's couriers are often cars kept for the work: no keeper on record, known only as
plates in reports and reads on the roads into the target area. What ties such a car to a
line is where and when it is read: at a camera near the cell serving one of the line's
runner or holder phones (as ``analyse_staff`` placed them), at about the same time, on
several different days. One such coincidence means little (a worker's phone is busy where
the line sells, and so is the traffic), and a misread plate is read once or twice; a car
that keeps turning up beside the line's phones, day after day, is travelling with the line.

Each run reads the current runner and holder phone assessments and every ANPR read, records
the plate as a Vehicle (its registration cleaned as every source's is, so resolution joins it
with the same plate named in reports) and, per vehicle and line, a ``LINE_VEHICLE``
assessment resting on the phones' own assessments and the co-located reads. Ids come from
the content, so a run over the same data adds nothing; a conclusion the data no longer
supports is superseded.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from linewatch.access import Access, Permission
from linewatch.comms.callstore import CallStore
from linewatch.comms.duck import temp_table
from linewatch.model import AuditOperation
from linewatch.store import Provenance, add_entity, insert_ignore, make_id, tables, utcnow

CLAIM = "LINE_VEHICLE"
METHOD = "comms.vehicle_co_location"
METHOD_VERSION = "1"
STAFF_CLAIMS = ("RUNNER_PHONE", "LINE_HOLDER_PHONE")
SOURCE_KIND = "anpr"
READS_KEPT = 40  # the latest co-located reads an assessment lists; its figures count them all


@dataclass(frozen=True)
class CoLocationRules:
    # A rural cell serves several km around its mast, and the phone's event and the read
    # are rarely at the same minute: measured on the small scenario, 5 km and 15 minutes
    # found one courier of four, 8 km and 30 minutes three, at four days.
    radius_km: float = 8.0
    window_minutes: int = 30
    # Distinct days the car was read beside any of one line's worker phones: at three, two
    # cars that were no couriers passed on the scenario; fewer is chance and misreads.
    min_days: int = 4


@dataclass
class LineVehicle:
    """A plate read near one line's worker phones on ``days`` distinct days."""

    vrm: str
    line: str
    days: int
    first_seen: datetime
    last_seen: datetime
    phones: dict[str, int] = field(default_factory=dict)  # phone entity -> days beside it
    reads: list[dict[str, Any]] = field(default_factory=list)
    is_synthetic: bool = False

    @property
    def vehicle_id(self) -> str:
        return make_id("Vehicle", SOURCE_KIND, self.vrm)

    @property
    def score(self) -> float:
        # Each day beside a worker's phone is a further, if weak, ground: 1 - 0.8^days.
        return round(min(0.9, 1 - 0.8**self.days), 3)


@dataclass
class VehicleResult:
    vehicles: list[LineVehicle] = field(default_factory=list)
    written: int = 0
    superseded: int = 0

    def summary(self) -> str:
        return (
            f"{len({v.vrm for v in self.vehicles})} vehicles read repeatedly beside line "
            f"workers' phones; {self.written} new assessments, {self.superseded} superseded"
        )


def analyse_vehicles(access: Access, rules: CoLocationRules | None = None) -> VehicleResult:
    """Find and record the vehicles travelling with each line's runner and holder phones."""
    access.require(Permission.RUN_ANALYSIS)
    rules = rules or CoLocationRules()
    with access.store.begin() as conn:
        phones = _staff_phones(conn)
        reads = _reads(conn)
    result = VehicleResult()
    if phones and reads:
        with CallStore() as calls:
            result.vehicles = co_located(calls, phones, reads, rules)
    with access.store.begin() as conn:
        result.written, result.superseded = _record(conn, access, result.vehicles, phones)
    return result


def co_located(
    calls: CallStore,
    phones: dict[str, list[tuple[str, str, str]]],
    reads: list[tuple[str, str, float, float, datetime, str, bool]],
    rules: CoLocationRules,
) -> list[LineVehicle]:
    """Plates read near a worker phone's serving cell within the window, on enough days.

    ``phones``: number -> [(phone entity, line, assessment)]; ``reads``: (id, vrm, latitude,
    longitude, read at, camera, synthetic)."""
    con = calls.con
    temp_table(con, "staff_numbers", {"number": sorted(phones)})
    temp_table(
        con,
        "reads",
        {
            "id": [r[0] for r in reads],
            "vrm": [r[1] for r in reads],
            "lat": [repr(r[2]) for r in reads],
            "lon": [repr(r[3]) for r in reads],
            "read_at": [r[4].isoformat() for r in reads],
            "camera": [r[5] for r in reads],
        },
    )
    rows = con.execute(
        _CO_LOCATED_SQL,
        {"km": rules.radius_km, "window": rules.window_minutes},
    ).fetchall()
    synthetic = {r[0]: r[6] for r in reads}
    # (vrm, line) -> read id -> the read, and the line's phones it was read beside.
    beside: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    near_phone: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for read_id, vrm, read_at, camera, number, distance in rows:
        for phone, line, _ in phones[number]:
            read = beside[(vrm, line)].setdefault(
                read_id,
                {
                    "kind": "anpr_read",
                    "id": read_id,
                    "read_at": read_at.isoformat(),
                    "camera": camera,
                    "km": round(float(distance), 1),
                },
            )
            read["km"] = min(read["km"], round(float(distance), 1))
            near_phone[(vrm, line)][phone].add(read_at.date().isoformat())
    out = []
    for (vrm, line), found in sorted(beside.items()):
        times = sorted(r["read_at"] for r in found.values())
        days = {t[:10] for t in times}
        if len(days) < rules.min_days:
            continue
        out.append(
            LineVehicle(
                vrm,
                line,
                len(days),
                datetime.fromisoformat(times[0]),
                datetime.fromisoformat(times[-1]),
                {p: len(d) for p, d in sorted(near_phone[(vrm, line)].items())},
                sorted(found.values(), key=lambda r: (r["read_at"], r["id"])),
                any(synthetic[i] for i in found),
            )
        )
    return sorted(out, key=lambda v: (-v.days, v.vrm, v.line))


def _staff_phones(conn: Connection) -> dict[str, list[tuple[str, str, str]]]:
    """Number -> [(phone entity, line, assessment)] for every current runner or holder phone
    (a holder may work two numbers of one line, each its own assessment)."""
    a, st = tables.assessments, tables.statements
    rows = conn.execute(
        select(a.c.id, a.c.subject_id, a.c.evidence)
        .where(a.c.claim.in_(STAFF_CLAIMS), a.c.superseded_at.is_(None))
        .order_by(a.c.id)
    ).all()
    work: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        line = next((e["number"] for e in row.evidence if e.get("claim") == "DEAL_LINE"), None)
        if line is not None:
            work[row.subject_id].append((line, row.id))
    numbers = conn.execute(
        select(st.c.entity_id, st.c.value)
        .where(st.c.entity_id.in_(sorted(work)), st.c.prop == "number")
        .distinct()
    ).all()
    return {str(n): [(e, line, x) for line, x in work[e]] for e, n in numbers}


def _reads(conn: Connection) -> list[tuple[str, str, float, float, datetime, str, bool]]:
    r = tables.anpr_reads
    columns = ("id", "vrm", "latitude", "longitude", "read_at", "camera_id", "is_synthetic")
    rows = conn.execute(select(*(r.c[c] for c in columns))).all()
    return [(x[0], x[1], x[2], x[3], x[4], x[5], bool(x[6])) for x in rows]


def _record(
    conn: Connection,
    access: Access,
    vehicles: list[LineVehicle],
    phones: dict[str, list[tuple[str, str, str]]],
) -> tuple[int, int]:
    """The Vehicle records and their assessments, in bulk; returns (new, superseded)."""
    now = utcnow()
    assessment_of = {(p, line): x for rows in phones.values() for p, line, x in rows}
    assessments: list[dict[str, Any]] = []
    for v in vehicles:
        # Few vehicles pass (a handful a line), so each is written as every source writes one.
        add_entity(
            conn,
            "Vehicle",
            v.vehicle_id,
            {"vrm": v.vrm},
            Provenance(
                SOURCE_KIND,
                METHOD,
                dataset="anpr_reads",
                observed_at=v.last_seen,
                is_synthetic=v.is_synthetic,
            ),
        )
        figures = {
            "line": v.line,
            "days": v.days,
            "reads": len({r["id"] for r in v.reads}),
            "first_seen": v.first_seen.isoformat(),
            "last_seen": v.last_seen.isoformat(),
            "days_by_phone": v.phones,
        }
        evidence: list[dict[str, Any]] = [
            *(
                {"kind": "assessment", "id": assessment_of[(p, v.line)], "phone": p}
                for p in sorted(v.phones)
            ),
            {"kind": "figures", "id": f"{v.vrm}>{v.line}", "values": figures},
            *v.reads[-READS_KEPT:],
        ]
        reasons = [
            f"read by ANPR near the serving cell of {len(v.phones)} of the {v.line} line's "
            f"runner or holder phones, at about the same time, on {v.days} days "
            f"between {v.first_seen:%d %b %Y} and {v.last_seen:%d %b %Y}"
        ]
        content = json.dumps([v.score, reasons, evidence], sort_keys=True, default=str)
        assessments.append(
            {
                "id": make_id("as", v.vehicle_id, CLAIM, v.line, METHOD_VERSION, content),
                "subject_id": v.vehicle_id,
                "claim": CLAIM,
                "score": v.score,
                "reasons": reasons,
                "evidence": evidence,
                "method": METHOD,
                "method_version": METHOD_VERSION,
                "created_at": now,
                "created_by": access.actor.id,
            }
        )
    a = tables.assessments
    keep = [x["id"] for x in assessments]
    superseded = conn.execute(
        update(a)
        .where(a.c.method == METHOD, a.c.superseded_at.is_(None), a.c.id.not_in(keep))
        .values(superseded_at=now)
    ).rowcount
    # A conclusion superseded once and supported again stands again under its own id.
    revived = conn.execute(
        update(a).where(a.c.id.in_(keep), a.c.superseded_at.is_not(None)).values(superseded_at=None)
    ).rowcount
    new = insert_ignore(conn, a, assessments, ["id"])
    if new or revived:
        access.log(
            conn, AuditOperation.COMBINATION, keep, operation_ref=f"{METHOD}/{METHOD_VERSION}"
        )
    return new + max(revived, 0), max(superseded, 0)


_CO_LOCATED_SQL = """
WITH r AS (
    SELECT id, vrm, camera, CAST(lat AS DOUBLE) AS lat, CAST(lon AS DOUBLE) AS lon,
           CAST(read_at AS TIMESTAMPTZ) AS read_at FROM reads
), ev AS (
    SELECT k.calling_number AS number, k.timestamp AS ts,
           k.cell_latitude AS lat, k.cell_longitude AS lon
    FROM calls AS k JOIN staff_numbers AS s ON k.calling_number = s.number
    WHERE k.cell_latitude IS NOT NULL AND k.cell_longitude IS NOT NULL
), near AS (
    SELECT r.id, r.vrm, r.read_at, r.camera, ev.number,
           6371 * 2 * asin(sqrt(
               pow(sin(radians(ev.lat - r.lat) / 2), 2)
               + cos(radians(r.lat)) * cos(radians(ev.lat))
               * pow(sin(radians(ev.lon - r.lon) / 2), 2))) AS km
    FROM r JOIN ev
      ON ev.ts BETWEEN r.read_at - to_minutes(CAST($window AS BIGINT))
                   AND r.read_at + to_minutes(CAST($window AS BIGINT))
)
SELECT id, vrm, read_at, camera, number, min(km) FROM near WHERE km <= $km
GROUP BY id, vrm, read_at, camera, number ORDER BY vrm, number, read_at, id
"""
