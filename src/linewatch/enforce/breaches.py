"""Possible breaches of bail exclusion conditions, from ANPR reads of a bailed person's vehicles.

For every exclusion-area condition, the vehicles tied to the bailed person (a DRIVES or
KEEPER_OF link from any record merged into that person) are matched against ANPR reads, by
registration in its cleaned form. A read inside the area while both the bail and the condition
were live raises one alert per person per day. The alert says "possible": the read shows a
vehicle, not who drove it, so an officer decides (domain rules 4.2).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from linewatch import geo, types
from linewatch.access import Access, Permission
from linewatch.enforce.alerts import Alert, load_alert
from linewatch.model import AuditOperation, BailConditionType
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import AsOf, aware, cutoff, maybe_aware
from linewatch.safeguard.entities import property_values
from linewatch.safeguard.rows import raise_alert
from linewatch.store import tables, utcnow

KIND = "POSSIBLE_BAIL_BREACH"
METHOD = "enforce.exclusion_anpr"
METHOD_VERSION = "1"
VEHICLE_LINKS = ("DRIVES", "KEEPER_OF")
_NOT_PLATE = re.compile(r"[^0-9A-Z]")


def vrm_key(raw: str) -> str:
    """A registration as compared: its cleaned form, without spaces."""
    try:
        value = types.clean("vrm", raw)
    except ValueError:
        value = raw
    return _NOT_PLATE.sub("", value.upper())


@dataclass(frozen=True)
class Exclusion:
    condition_id: str
    bail_id: str
    person_id: str
    area: str
    bail_start: datetime
    bail_ended: datetime | None
    valid_from: datetime
    valid_to: datetime | None

    def live_at(self, moment: datetime) -> bool:
        return (
            self.bail_start <= moment
            and (self.bail_ended is None or moment < self.bail_ended)
            and self.valid_from <= moment
            and (self.valid_to is None or moment < self.valid_to)
        )


@dataclass(frozen=True)
class VehicleLink:
    link_id: str
    link_type: str
    person_id: str
    vehicle_id: str
    plate: str
    valid_from: datetime | None
    valid_to: datetime | None
    evidence: dict[str, Any]

    def valid_at(self, moment: datetime) -> bool:
        return (self.valid_from is None or self.valid_from <= moment) and (
            self.valid_to is None or moment < self.valid_to
        )


@dataclass
class PersonDay:
    person: str
    day: date
    exclusions: dict[str, Exclusion] = field(default_factory=dict)
    links: dict[str, VehicleLink] = field(default_factory=dict)
    reads: dict[str, dict[str, Any]] = field(default_factory=dict)


def _exclusions(conn: Connection, until: datetime) -> list[Exclusion]:
    b, c = tables.bail_records, tables.bail_conditions
    rows = conn.execute(
        select(
            c.c.id,
            c.c.bail_id,
            b.c.person_id,
            c.c.params,
            b.c.bail_start,
            b.c.ended_at,
            c.c.valid_from,
            c.c.valid_to,
        )
        .join(b, b.c.id == c.c.bail_id)
        .where(c.c.condition_type == BailConditionType.EXCLUSION_AREA.value, b.c.bail_start < until)
        .order_by(c.c.id)
    ).all()
    return [
        Exclusion(
            cid,
            bail_id,
            person_id,
            str((params or {}).get("area", "")),
            aware(start),
            maybe_aware(ended),
            aware(valid_from),
            maybe_aware(valid_to),
        )
        for cid, bail_id, person_id, params, start, ended, valid_from, valid_to in rows
    ]


def _vehicle_links(
    conn: Connection, canonical: Canonical, people: Iterable[str]
) -> dict[str, list[VehicleLink]]:
    """Canonical person id -> the links tying a vehicle to them, one per registration."""
    members = {m: canonical.of(p) for p in people for m in canonical.members(p)}
    if not members:
        return {}
    ln = tables.links
    rows = list(
        conn.execute(
            select(ln).where(ln.c.link_type.in_(VEHICLE_LINKS), ln.c.source_id.in_(sorted(members)))
        ).mappings()
    )
    vehicle_members = {v: canonical.members(v) for v in {r["target_id"] for r in rows}}
    values = property_values(conn, {m for ms in vehicle_members.values() for m in ms}, ["vrm"])
    out: dict[str, list[VehicleLink]] = defaultdict(list)
    for row in rows:
        plates = {
            plate
            for member in vehicle_members[row["target_id"]]
            for plate in values.get(member, {}).get("vrm", set())
        }
        for plate in sorted(plates):
            out[members[row["source_id"]]].append(
                VehicleLink(
                    link_id=row["id"],
                    link_type=row["link_type"],
                    person_id=row["source_id"],
                    vehicle_id=canonical.of(row["target_id"]),
                    plate=plate,
                    valid_from=maybe_aware(row["valid_from"]),
                    valid_to=maybe_aware(row["valid_to"]),
                    evidence={
                        "kind": "link",
                        "id": row["id"],
                        "link_type": row["link_type"],
                        "vrm": plate,
                        "source_kind": row["evidence_kind"],
                        "source_id": row["evidence_id"],
                        "dataset": row["dataset"],
                        "grading": "".join(
                            row[k] or "-"
                            for k in (
                                "source_evaluation",
                                "intelligence_assessment",
                                "handling_code",
                            )
                        ),
                    },
                )
            )
    return out


def _reads(
    conn: Connection, keys: set[str], since: datetime, until: datetime
) -> list[dict[str, Any]]:
    r = tables.anpr_reads
    compact = func.upper(func.replace(r.c.vrm, " ", ""))
    wanted = sorted(keys)
    found: list[dict[str, Any]] = []
    for start in range(0, len(wanted), 500):
        rows = conn.execute(
            select(r)
            .where(
                compact.in_(wanted[start : start + 500]), r.c.read_at >= since, r.c.read_at < until
            )
            .order_by(r.c.read_at, r.c.id)
        ).mappings()
        found.extend(dict(row) for row in rows)
    return found


def _person_days(
    exclusions: list[Exclusion],
    links: dict[str, list[VehicleLink]],
    reads: list[dict[str, Any]],
    canonical: Canonical,
) -> dict[tuple[str, date], PersonDay]:
    by_plate: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for read in reads:
        read["read_at"] = aware(read["read_at"])
        by_plate[vrm_key(read["vrm"])].append(read)
    days: dict[tuple[str, date], PersonDay] = {}
    for exclusion in exclusions:
        person = canonical.of(exclusion.person_id)
        area = geo.named_area(exclusion.area)
        for link in links.get(person, []):
            for read in by_plate.get(vrm_key(link.plate), []):
                moment = read["read_at"]
                if not (exclusion.live_at(moment) and link.valid_at(moment)):
                    continue
                if not area.contains(read["latitude"], read["longitude"]):
                    continue
                key = (person, moment.date())
                entry = days.setdefault(key, PersonDay(person, moment.date()))
                entry.exclusions[exclusion.condition_id] = exclusion
                entry.links[link.link_id] = link
                entry.reads[read["id"]] = read
    return days


def _summary(entry: PersonDay) -> str:
    areas = sorted({e.area for e in entry.exclusions.values()})
    bails = sorted({e.bail_id for e in entry.exclusions.values()})
    plates = sorted({link.plate for link in entry.links.values()})
    sites = sorted({str(r["site"] or r["camera_id"]) for r in entry.reads.values()})
    count = len(entry.reads)
    return (
        f"Possible breach of bail {', '.join(bails)} (excluded from {', '.join(areas)}): "
        f"vehicle {', '.join(plates)}, tied to the bailed person, was read {count} "
        f"time{'s' if count != 1 else ''} inside the area on {entry.day:%d %b %Y} "
        f"at {'; '.join(sites)}. An officer must decide whether this is a breach."
    )


def _evidence(entry: PersonDay) -> list[dict[str, Any]]:
    evidence: list[dict[str, Any]] = [
        {
            "kind": "anpr_read",
            "id": read["id"],
            "vrm": read["vrm"],
            "camera_id": read["camera_id"],
            "site": read["site"],
            "read_at": read["read_at"].isoformat(),
            "latitude": read["latitude"],
            "longitude": read["longitude"],
        }
        for read in sorted(entry.reads.values(), key=lambda r: (r["read_at"], r["id"]))
    ]
    for exclusion in sorted(entry.exclusions.values(), key=lambda e: e.condition_id):
        evidence.append({"kind": "bail_record", "id": exclusion.bail_id})
        evidence.append(
            {
                "kind": "bail_condition",
                "id": exclusion.condition_id,
                "bail_id": exclusion.bail_id,
                "condition_type": BailConditionType.EXCLUSION_AREA.value,
                "area": exclusion.area,
                "valid_from": exclusion.valid_from.isoformat(),
                "valid_to": exclusion.valid_to.isoformat() if exclusion.valid_to else None,
            }
        )
    evidence.extend(link.evidence for link in sorted(entry.links.values(), key=lambda k: k.link_id))
    evidence.append({"kind": "method", "id": METHOD, "version": METHOD_VERSION})
    return evidence


def detect_breaches(access: Access, as_of: AsOf = None) -> list[Alert]:
    """Raise a possible-breach alert per person per day; re-running raises nothing new.

    Returns every alert this run found, those raised before included (``is_new`` tells them
    apart).
    """
    access.require(Permission.RUN_ANALYSIS)
    until = cutoff(as_of)
    alerts = _vehicle_breaches(access, until)
    # Sightings, reports, cell sites and phone contact: read after the vehicle checks commit,
    # because the call records are consulted (and logged) in transactions of their own.
    from linewatch.enforce.whereabouts import detect_whereabouts_breaches

    return alerts + detect_whereabouts_breaches(access, until)


def _vehicle_breaches(access: Access, until: datetime) -> list[Alert]:
    # Address and curfew conditions build on this module's vehicle links and reads.
    from linewatch.enforce.conditions import detect_condition_breaches

    with access.store.begin() as conn:
        canonical = Canonical.load(conn)
        others = detect_condition_breaches(conn, canonical, until)
        if others:
            access.log(conn, AuditOperation.COMBINATION, [f"alerts:{a.id}" for a in others])
        exclusions = _exclusions(conn, until)
        if not exclusions:
            return others
        links = _vehicle_links(conn, canonical, {e.person_id for e in exclusions})
        plates = {vrm_key(link.plate) for found in links.values() for link in found}
        since = min(e.bail_start for e in exclusions)
        reads = _reads(conn, plates, since, until) if plates else []
        days = _person_days(exclusions, links, reads, canonical)
        alerts = []
        now = utcnow()
        for (person, day), entry in sorted(days.items()):
            alert_id, is_new = raise_alert(
                conn,
                kind=KIND,
                subject_id=person,
                dedupe_key=f"{KIND}:{person}:{day.isoformat()}",
                summary=_summary(entry),
                evidence=_evidence(entry),
                method=METHOD,
                raised_at=now,
            )
            alerts.append(load_alert(conn, alert_id, is_new=is_new))
        checked = [f"bail_records:{b}" for b in sorted({e.bail_id for e in exclusions})]
        combined = [f"alerts:{a.id}" for a in alerts] + [
            f"anpr_reads:{r}" for entry in days.values() for r in entry.reads
        ]
        access.log(conn, AuditOperation.COMBINATION, checked + combined)
    return alerts + others
