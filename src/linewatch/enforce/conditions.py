"""Possible breaches of exclusion-address and curfew conditions, from ANPR reads of the bailed
person's vehicles, tested as geofences (``enforce.geofence``).

An exclusion address gives ``latitude``, ``longitude`` and ``radius_m`` in its params; a curfew
gives ``from_hour`` and ``to_hour`` (UTC, may wrap past midnight) and the home's ``latitude``,
``longitude`` and ``radius_m``: a read further from home than that during curfew hours is a
possible breach. As with areas, one alert per person, condition and day, for an officer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, select

from linewatch.enforce.alerts import Alert, load_alert
from linewatch.enforce.breaches import VehicleLink, _reads, _vehicle_links, vrm_key
from linewatch.enforce.geofence import ADDRESS, CURFEW, Fence, fence_hits
from linewatch.model import BailConditionType
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import aware, maybe_aware
from linewatch.safeguard.rows import raise_alert
from linewatch.store import tables, utcnow

KIND = "POSSIBLE_BAIL_BREACH"
METHOD = "enforce.condition_geofence"
METHOD_VERSION = "1"
KINDS = (BailConditionType.EXCLUSION_ADDRESS.value, BailConditionType.CURFEW.value)


def _fences(conn: Connection, until: datetime) -> list[tuple[Fence, dict[str, Any]]]:
    b, c = tables.bail_records, tables.bail_conditions
    rows = conn.execute(
        select(c, b.c.person_id, b.c.bail_start, b.c.ended_at)
        .join(b, b.c.id == c.c.bail_id)
        .where(c.c.condition_type.in_(KINDS), b.c.bail_start < until)
        .order_by(c.c.id)
    ).mappings()
    out = []
    for row in rows:
        p = row["params"] or {}
        try:
            lat, lon, radius = float(p["latitude"]), float(p["longitude"]), float(p["radius_m"])
        except (KeyError, TypeError, ValueError):
            continue
        start = max(aware(row["bail_start"]), aware(row["valid_from"])).timestamp()
        ends = [maybe_aware(row["ended_at"]), maybe_aware(row["valid_to"])]
        end = min([e.timestamp() for e in ends if e is not None] or [float("inf")])
        kind = ADDRESS if row["condition_type"] == KINDS[0] else CURFEW
        hours = (int(p.get("from_hour", 0)), int(p.get("to_hour", 0)))
        fence = Fence(0, kind, start, end, None, lat, lon, radius, *hours)
        out.append((fence, dict(row)))
    return out


def detect_condition_breaches(
    conn: Connection, canonical: Canonical, until: datetime
) -> list[Alert]:
    """Raise alerts for reads breaking address or curfew conditions; called by detect_breaches."""
    fenced = _fences(conn, until)
    if not fenced:
        return []
    people = sorted({canonical.of(row["person_id"]) for _f, row in fenced})
    index = {p: i for i, p in enumerate(people)}
    fences = [replace(f, person=index[canonical.of(row["person_id"])]) for f, row in fenced]
    links = _vehicle_links(conn, canonical, people)
    owner: dict[str, list[VehicleLink]] = defaultdict(list)
    for person in people:
        for link in links.get(person, []):
            owner[vrm_key(link.plate)].append(link)
    since = datetime.fromtimestamp(min(f.start for f in fences), tz=until.tzinfo)
    reads = _reads(conn, set(owner), since, until) if owner else []
    rows: list[tuple[dict[str, Any], VehicleLink]] = []
    for read in reads:
        moment = aware(read["read_at"])
        for link in owner[vrm_key(read["vrm"])]:
            if link.valid_at(moment):
                rows.append(({**read, "read_at": moment}, link))
    if not rows:
        return []
    person_of = {link.link_id: index[canonical.of(link.person_id)] for _r, link in rows}
    hit_reads, hit_fences = fence_hits(
        fences,
        np.array([person_of[link.link_id] for _r, link in rows], dtype=np.int64),
        np.array([r["latitude"] for r, _l in rows], dtype=np.float64),
        np.array([r["longitude"] for r, _l in rows], dtype=np.float64),
        np.array([r["read_at"].timestamp() for r, _l in rows], dtype=np.float64),
    )
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r, f in zip(hit_reads.tolist(), hit_fences.tolist(), strict=True):
        grouped[(fenced[f][1]["id"], rows[r][0]["read_at"].date().isoformat())].append(r)
    alerts = []
    by_id = {row["id"]: (fence, row) for fence, row in fenced}
    for (condition_id, day), found in sorted(grouped.items()):
        fence, row = by_id[condition_id]
        person = canonical.of(row["person_id"])
        what = "within" if fence.kind == ADDRESS else "away from home, outside"
        kind_label = "exclusion address" if fence.kind == ADDRESS else "curfew"
        evidence: list[dict[str, Any]] = [
            {
                "kind": "anpr_read",
                "id": rows[r][0]["id"],
                "vrm": rows[r][0]["vrm"],
                "camera_id": rows[r][0]["camera_id"],
                "site": rows[r][0]["site"],
                "read_at": rows[r][0]["read_at"].isoformat(),
                "latitude": rows[r][0]["latitude"],
                "longitude": rows[r][0]["longitude"],
            }
            for r in sorted(set(found))
        ]
        evidence.append({"kind": "bail_record", "id": row["bail_id"]})
        evidence.append(
            {
                "kind": "bail_condition",
                "id": condition_id,
                "bail_id": row["bail_id"],
                "condition_type": row["condition_type"],
                "valid_from": str(row["valid_from"]),
            }
        )
        tied = {rows[i][1].link_id: rows[i][1].evidence for i in found}
        evidence.extend(tied[k] for k in sorted(tied))
        evidence.append({"kind": "method", "id": METHOD, "version": METHOD_VERSION})
        alert_id, is_new = raise_alert(
            conn,
            kind=KIND,
            subject_id=person,
            dedupe_key=f"{KIND}:{person}:{condition_id}:{day}",
            summary=(
                f"Possible breach of the {kind_label} condition of bail {row['bail_id']}: a "
                f"vehicle tied to the bailed person was read {len(set(found))} time(s) {what} "
                f"{fence.radius_m:.0f} m of the address on {day}. An officer must decide."
            ),
            evidence=evidence,
            method=METHOD,
            raised_at=utcnow(),
        )
        alerts.append(load_alert(conn, alert_id, is_new=is_new))
    return alerts
