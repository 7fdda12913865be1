"""Writing facts: entities as statements, and typed links, each with its provenance.

Every value is cleaned by the ``types`` module its schema property names, so the same phone
number or registration written two ways is stored one way (the raw form is kept beside it).
Ids are derived from content, so writing the same fact twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from linewatch import types
from linewatch.model import domain
from linewatch.store.batches import RowError
from linewatch.store.db import insert_ignore, make_id, utcnow
from linewatch.store.tables import entities, links, statements


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from, and the grading and handling that travel with it."""

    source_kind: str  # report | record | calls | anpr | enforcement | user
    source_id: str
    dataset: str | None = None
    source_evaluation: str | None = None
    intelligence_assessment: str | None = None
    handling_code: str | None = None
    classification: str = "OFFICIAL"
    observed_at: datetime | None = None
    is_synthetic: bool = False

    def columns(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "source_evaluation": self.source_evaluation,
            "intelligence_assessment": self.intelligence_assessment,
            "handling_code": self.handling_code,
            "classification": self.classification,
            "is_synthetic": self.is_synthetic,
        }


def clean_properties(
    schema: str, properties: Mapping[str, str | Sequence[str] | None]
) -> list[tuple[str, str, str]]:
    """(prop, clean value, raw value) for every non-empty value; RowError names a bad one."""
    entity_schema = domain().entity(schema)
    cleaned: list[tuple[str, str, str]] = []
    for prop, raw in properties.items():
        spec = entity_schema.properties.get(prop)
        if spec is None:
            raise RowError(prop, f"{schema} has no property {prop!r}")
        values = [raw] if isinstance(raw, str) else list(raw or [])
        for value in values:
            if value is None or not str(value).strip():
                continue
            try:
                cleaned.append((prop, types.clean(spec.type, str(value)), str(value)))
            except ValueError as exc:
                raise RowError(prop, str(exc)) from None
    return cleaned


def add_entity(
    conn: Connection,
    schema: str,
    entity_id: str,
    properties: Mapping[str, str | Sequence[str] | None],
    provenance: Provenance,
) -> str:
    """Record an entity and one statement per property value from this source."""
    values = clean_properties(schema, properties)
    now = utcnow()
    insert_ignore(
        conn,
        entities,
        [
            {
                "id": entity_id,
                "schema": schema,
                "created_at": now,
                "is_synthetic": provenance.is_synthetic,
            }
        ],
        ["id"],
    )
    rows = [
        {
            "id": make_id(
                "st", entity_id, prop, value, provenance.source_kind, provenance.source_id
            ),
            "entity_id": entity_id,
            "prop": prop,
            "value": value,
            "original_value": raw,
            "source_kind": provenance.source_kind,
            "source_id": provenance.source_id,
            "observed_at": provenance.observed_at,
            "created_at": now,
            **provenance.columns(),
        }
        for prop, value, raw in values
    ]
    insert_ignore(conn, statements, rows, ["id"])
    return entity_id


def add_link(
    conn: Connection,
    link_type: str,
    source_id: str,
    target_id: str,
    provenance: Provenance,
    *,
    valid_from: datetime | None = None,
    valid_to: datetime | None = None,
    weight: float | None = None,
) -> str:
    """Record one source's statement that ``source_id`` relates to ``target_id``."""
    domain().link(link_type)  # refuse an unknown link type
    link_id = make_id(
        "ln", link_type, source_id, target_id, provenance.source_kind, provenance.source_id
    )
    row = {
        "id": link_id,
        "link_type": link_type,
        "source_id": source_id,
        "target_id": target_id,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "weight": weight,
        "evidence_kind": provenance.source_kind,
        "evidence_id": provenance.source_id,
        "created_at": utcnow(),
        **provenance.columns(),
    }
    insert_ignore(conn, links, [row], ["id"])
    return link_id
