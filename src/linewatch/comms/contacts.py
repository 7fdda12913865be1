"""Who was in touch with whom, from the call records, written down as ``CONTACTED`` facts.

A line's customers are the numbers that ring it and text it: that is how a deal is ordered.
Every number that contacted a flagged line becomes one ``CONTACTED`` link per production, from
that number to the line, weighted by how many calls and texts it sent the line in that
production and spanning its first to its last. Who those numbers are (a customer, a worker,
someone checking on the line) is a conclusion for the role rules to draw; nothing here says.
The same writer records the phones a line's workers are in touch with (``circle``).

A line may have thousands of callers, so the links and the Phone records behind them are
written in bulk, with the same content-derived ids ``add_entity`` and ``add_link`` would give:
running the analysis again, or over the same productions twice, adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
from sqlalchemy import Connection

from linewatch.comms.duck import temp_table
from linewatch.store import Provenance, clean_properties, insert_ignore, make_id, tables, utcnow

LINK_TYPE = "CONTACTED"
SOURCE_KIND = "calls"


@dataclass(frozen=True)
class PhoneContact:
    """Calls and texts between two numbers in one production, as the link will say: from
    ``source`` to ``target``."""

    source: str
    target: str
    production_id: str
    contacts: int  # calls and texts
    calls: int
    first_seen: datetime
    last_seen: datetime
    is_synthetic: bool = False


def line_callers(con: duckdb.DuckDBPyConnection, lines: Iterable[str]) -> list[PhoneContact]:
    """Every number that called or texted one of ``lines``, per line and production."""
    temp_table(con, "caller_lines", {"line": sorted(set(lines))})
    rows = con.execute(_CALLERS_SQL).fetchall()
    return [
        PhoneContact(r[0], r[1], r[2], int(r[3]), int(r[4]), r[5], r[6], bool(r[7])) for r in rows
    ]


def record_contacts(
    conn: Connection, contacts: list[PhoneContact], phone_id: Callable[[str], str]
) -> int:
    """Write both numbers' Phone records and a link between them per contact; returns links
    new to the store. ``phone_id`` gives the id of the Phone a number's call records make."""
    now = utcnow()
    entities: dict[str, dict[str, Any]] = {}
    statements: dict[str, dict[str, Any]] = {}
    links: list[dict[str, Any]] = []
    for c in contacts:
        source, target = phone_id(c.source), phone_id(c.target)
        for number, entity in ((c.source, source), (c.target, target)):
            entities.setdefault(
                entity,
                {
                    "id": entity,
                    "schema": "Phone",
                    "created_at": now,
                    "is_synthetic": c.is_synthetic,
                },
            )
            for prop, value, raw in clean_properties("Phone", {"number": number}):
                key = make_id("st", entity, prop, value, SOURCE_KIND, c.production_id)
                statements.setdefault(
                    key,
                    {
                        "id": key,
                        "entity_id": entity,
                        "prop": prop,
                        "value": value,
                        "original_value": raw,
                        "source_kind": SOURCE_KIND,
                        "source_id": c.production_id,
                        "observed_at": c.last_seen,
                        "created_at": now,
                        **_provenance(c),
                    },
                )
        links.append(
            {
                "id": make_id("ln", LINK_TYPE, source, target, SOURCE_KIND, c.production_id),
                "link_type": LINK_TYPE,
                "source_id": source,
                "target_id": target,
                "valid_from": c.first_seen,
                "valid_to": c.last_seen,
                "weight": float(c.contacts),
                "evidence_kind": SOURCE_KIND,
                "evidence_id": c.production_id,
                "created_at": now,
                **_provenance(c),
            }
        )
    insert_ignore(conn, tables.entities, list(entities.values()), ["id"])
    insert_ignore(conn, tables.statements, list(statements.values()), ["id"])
    return insert_ignore(conn, tables.links, links, ["id"])


def _provenance(c: PhoneContact) -> dict[str, Any]:
    return Provenance(
        SOURCE_KIND, c.production_id, dataset=c.production_id, is_synthetic=c.is_synthetic
    ).columns()


_CALLERS_SQL = """
SELECT k.calling_number, k.called_number, k.production_id, count(*) AS contacts,
       count(*) FILTER (WHERE k.event_type = 'CALL') AS calls,
       min(k.timestamp), max(k.timestamp), bool_or(coalesce(k.is_synthetic, false))
FROM calls AS k JOIN caller_lines AS l ON k.called_number = l.line
WHERE k.calling_number IS NOT NULL AND k.calling_number <> k.called_number
GROUP BY k.calling_number, k.called_number, k.production_id
ORDER BY k.called_number, k.calling_number, k.production_id
"""
