"""Officer sightings: a person seen at a place and time, perhaps in someone's company.

A sighting is what an officer saw, recorded as a fact with its grading (by default 1, A: a
reliable source who saw it directly) and its author. Bail monitoring tests sightings against
conditions like any other whereabouts; nothing here decides whether a condition was broken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, RowMapping, select

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, HandlingCode, IntelligenceAssessment, SourceEvaluation
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import aware
from linewatch.store import make_id, tables, utcnow

# The force area and its neighbours with room to spare: a point outside is a typing slip.
LATITUDES, LONGITUDES = (49.0, 61.0), (-8.5, 2.0)


class SightingError(ValueError):
    """A sighting that cannot be recorded; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Sighting:
    id: str
    person_id: str
    with_person_id: str | None
    seen_at: datetime
    latitude: float
    longitude: float
    location_text: str | None
    notes: str | None
    grading: str
    recorded_by: str


def _is_person(conn: Connection, entity_id: str) -> bool:
    e = tables.entities
    found = conn.execute(select(e.c.schema).where(e.c.id == entity_id)).scalar()
    return found == "Person"


def record_sighting(
    access: Access,
    person_id: str,
    seen_at: datetime,
    latitude: float,
    longitude: float,
    *,
    location_text: str | None = None,
    with_person_id: str | None = None,
    notes: str | None = None,
    grading: tuple[str, str, str] = ("1", "A", "P"),
) -> Sighting:
    """Record what an officer saw; the record is collected personal data, so it is logged."""
    access.require(Permission.RECORD_OUTCOMES)
    seen_at = aware(seen_at)
    if seen_at > utcnow() + timedelta(minutes=5):
        raise SightingError("seen_at", "a sighting cannot be in the future")
    if not (LATITUDES[0] <= latitude <= LATITUDES[1]):
        raise SightingError("latitude", f"latitude {latitude} is not in Great Britain")
    if not (LONGITUDES[0] <= longitude <= LONGITUDES[1]):
        raise SightingError("longitude", f"longitude {longitude} is not in Great Britain")
    source, assessment, handling = grading
    for field, value, vocabulary in (
        ("source_evaluation", source, SourceEvaluation),
        ("intelligence_assessment", assessment, IntelligenceAssessment),
        ("handling_code", handling, HandlingCode),
    ):
        if value not in {m.value for m in vocabulary}:
            raise SightingError(field, f"{value!r} is not a {field.replace('_', ' ')}")
    with access.store.begin() as conn:
        if not _is_person(conn, person_id):
            raise SightingError("person_id", f"no person {person_id!r} is recorded")
        if with_person_id is not None:
            if not _is_person(conn, with_person_id):
                raise SightingError("with_person_id", f"no person {with_person_id!r} is recorded")
            canonical = Canonical.load(conn)
            if canonical.of(with_person_id) == canonical.of(person_id):
                raise SightingError("with_person_id", "a person cannot be seen with themselves")
        sighting_id = make_id("sighting", person_id, seen_at.isoformat(), access.actor.id)
        row = {
            "id": sighting_id,
            "person_id": person_id,
            "with_person_id": with_person_id,
            "seen_at": seen_at,
            "latitude": latitude,
            "longitude": longitude,
            "location_text": (location_text or "").strip() or None,
            "notes": (notes or "").strip() or None,
            "source_evaluation": source,
            "intelligence_assessment": assessment,
            "handling_code": handling,
            "classification": "OFFICIAL-SENSITIVE",
            "recorded_by": access.actor.id,
            "recorded_at": utcnow(),
        }
        s = tables.sightings
        if conn.execute(select(s.c.id).where(s.c.id == sighting_id)).first() is None:
            conn.execute(s.insert().values(**row))
            access.log(conn, AuditOperation.COLLECTION, [f"sightings:{sighting_id}"])
        stored = conn.execute(select(s).where(s.c.id == sighting_id)).mappings().one()
    return _sighting(stored)


def _sighting(r: RowMapping) -> Sighting:
    return Sighting(
        id=r["id"],
        person_id=r["person_id"],
        with_person_id=r["with_person_id"],
        seen_at=aware(r["seen_at"]),
        latitude=r["latitude"],
        longitude=r["longitude"],
        location_text=r["location_text"],
        notes=r["notes"],
        grading="".join(
            r[k] or "-" for k in ("source_evaluation", "intelligence_assessment", "handling_code")
        ),
        recorded_by=r["recorded_by"],
    )


def sightings_of(access: Access, person_id: str) -> list[Sighting]:
    """Sightings of this person (and records merged with them), newest first; logged."""
    force_only(access)
    s = tables.sightings
    with access.store.begin() as conn:
        members = sorted(Canonical.load(conn).members(person_id))
        rows = conn.execute(
            select(s).where(s.c.person_id.in_(members)).order_by(s.c.seen_at.desc(), s.c.id)
        ).mappings()
        found = [_sighting(r) for r in rows]
        access.consult(conn, [f"sightings:{x.id}" for x in found] or [f"entities:{person_id}"])
    return found
