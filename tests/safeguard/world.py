"""A small world of facts for safeguarding and enforcement tests, written as importers would.

People, places, vehicles and phones are entities with statements from a named source; links
carry their own source and grading; reports and ANPR reads are rows. Scenario-wide tests use
the generator instead; these keep each test's facts in view.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from linewatch.access import FORCE_ORG, Access, Actor
from linewatch.model import Role
from linewatch.store import Provenance, Store, add_entity, add_link, make_id, tables, utcnow

POLICE = "Leicestershire Police"
OAKHAM = (52.6703, -0.7277)
UPPINGHAM = (52.5895, -0.7225)
LEICESTER = (52.6369, -1.1398)


def at(text: str) -> datetime:
    """A UTC moment from 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM'."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def acting(store: Store, role: Role = Role.ANALYST, user: str | None = None) -> Access:
    actor = Actor(user or f"user-{role.value.lower()}", role, FORCE_ORG, role.label)
    return Access(store, actor, "County Lines safeguarding and enforcement")


def record(organisation: str, record_id: str, **extra: Any) -> Provenance:
    return Provenance("record", f"{organisation}:{record_id}", dataset="person_records", **extra)


@dataclass
class World:
    store: Store

    def person(
        self,
        record_id: str,
        name: str,
        *,
        organisation: str = POLICE,
        date_of_birth: str | None = None,
        estimated_age: int | None = None,
        vulnerability: tuple[str, ...] = (),
        recorded_at: str = "2025-06-01",
    ) -> str:
        """A person as one agency records them; a police nominal's id is its reference."""
        entity_id = make_id("Person", organisation, record_id)
        props: dict[str, Any] = {
            "name": name,
            "date_of_birth": date_of_birth,
            "estimated_age": str(estimated_age) if estimated_age is not None else None,
            "vulnerability": list(vulnerability),
        }
        if organisation == POLICE:
            props["force_reference"] = record_id
        with self.store.begin() as conn:
            add_entity(
                conn,
                "Person",
                entity_id,
                props,
                record(organisation, record_id, observed_at=at(recorded_at), is_synthetic=True),
            )
        return entity_id

    def entity(self, schema: str, key: str, props: dict[str, Any], source: str = "R1") -> str:
        entity_id = make_id(schema, source, key)
        with self.store.begin() as conn:
            add_entity(conn, schema, entity_id, props, record(POLICE, source, is_synthetic=True))
        return entity_id

    def address(self, full: str, postcode: str, source: str = "R1") -> str:
        return self.entity("Address", full, {"full": full, "postcode": postcode}, source)

    def vehicle(self, vrm: str, source: str = "R1") -> str:
        return self.entity("Vehicle", vrm, {"vrm": vrm}, source)

    def phone(self, number: str, source: str = "R1") -> str:
        return self.entity("Phone", number, {"number": number}, source)

    def link(
        self,
        link_type: str,
        source_id: str,
        target_id: str,
        *,
        record_id: str = "R1",
        organisation: str = POLICE,
        grading: tuple[str, str, str] = ("1", "A", "P"),
        valid_from: datetime | None = None,
        valid_to: datetime | None = None,
    ) -> str:
        provenance = record(
            organisation,
            record_id,
            source_evaluation=grading[0],
            intelligence_assessment=grading[1],
            handling_code=grading[2],
            is_synthetic=True,
        )
        with self.store.begin() as conn:
            return add_link(
                conn,
                link_type,
                source_id,
                target_id,
                provenance,
                valid_from=valid_from,
                valid_to=valid_to,
            )

    def merge(self, canonical: str, *others: str) -> None:
        """What the resolver writes when records are judged one entity."""
        with self.store.begin() as conn:
            for entity_id in (canonical, *others):
                conn.execute(
                    tables.entity_canonical.insert().values(
                        entity_id=entity_id, canonical_id=canonical
                    )
                )

    def report(
        self,
        reference: str,
        text: str,
        reported_at: str,
        mentions: Sequence[tuple[str, dict[str, Any]]] = (),
    ) -> str:
        """A graded report and, for each (entity id, properties), its mention statements."""
        report_id = make_id("report", reference)
        with self.store.begin() as conn:
            conn.execute(
                tables.reports.insert().values(
                    id=report_id,
                    reference=reference,
                    channel="PUBLIC_WEB",
                    originating_org="Public",
                    reported_at=at(reported_at),
                    sanitised_text=text,
                    sanitised=True,
                    source_evaluation="2",
                    intelligence_assessment="C",
                    handling_code="P",
                    classification="OFFICIAL",
                    is_synthetic=True,
                )
            )
            for entity_id, props in mentions:
                schema = (
                    conn.execute(tables.entities.select().where(tables.entities.c.id == entity_id))
                    .one()
                    .schema
                )
                add_entity(
                    conn,
                    schema,
                    entity_id,
                    props,
                    Provenance("report", report_id, dataset="reports", is_synthetic=True),
                )
        return report_id

    def read(self, read_id: str, vrm: str, where: tuple[float, float], when: str) -> None:
        with self.store.begin() as conn:
            conn.execute(
                tables.anpr_reads.insert().values(
                    id=read_id,
                    vrm=vrm,
                    camera_id=f"CAM-{read_id}",
                    site=f"Site {read_id}",
                    direction="N",
                    latitude=where[0],
                    longitude=where[1],
                    read_at=at(when),
                    confidence=0.97,
                    source_system="NAS",
                    is_synthetic=True,
                )
            )

    def deal_line(self, phone_id: str, score: float = 0.9) -> str:
        assessment_id = make_id("as", phone_id, "DEAL_LINE")
        with self.store.begin() as conn:
            conn.execute(
                tables.assessments.insert().values(
                    id=assessment_id,
                    subject_id=phone_id,
                    claim="DEAL_LINE",
                    score=score,
                    reasons=["test"],
                    evidence=[],
                    method="comms.deal_line_rules",
                    method_version="1",
                    created_at=utcnow(),
                )
            )
        return assessment_id

    def user(self, user_id: str, role: Role = Role.OFFICER) -> None:
        with self.store.begin() as conn:
            if conn.execute(tables.organisations.select()).first() is None:
                conn.execute(
                    tables.organisations.insert().values(id=FORCE_ORG, name=POLICE, kind="FORCE")
                )
            conn.execute(
                tables.users.insert().values(
                    id=user_id,
                    display_name=user_id,
                    role=role.value,
                    organisation_id=FORCE_ORG,
                    password_hash="x",
                    active=True,
                    created_at=utcnow(),
                )
            )


def write_enforcement(path: Path, **sections: list[dict[str, Any]]) -> Path:
    document: dict[str, Any] = {"is_synthetic": True}
    for name in ("warrants", "arrests", "bail", "seizures", "referrals", "visits"):
        document[name] = sections.get(name, [])
    path.write_text(json.dumps(document, indent=1))
    return path
