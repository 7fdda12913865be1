"""Warrants, arrests and vehicle seizures, one record of an enforcement file at a time.

Each loader validates the whole record before writing anything, and raises a ``RowError``
naming the field at fault, so that a rejected record leaves no trace but its quarantine row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, func, select

from linewatch import types
from linewatch.model import SeizurePower, Vocabulary
from linewatch.safeguard import fields
from linewatch.safeguard.entities import find_or_add, find_or_add_address
from linewatch.safeguard.records import resolve_person
from linewatch.safeguard.rows import Change, upsert
from linewatch.store import Provenance, RowError, add_entity, make_id, tables


class SeizureStatus(Vocabulary):
    HELD = "HELD", "Held"
    RELEASED = "RELEASED", "Released"
    RETAINED_AS_EVIDENCE = "RETAINED_AS_EVIDENCE", "Retained as evidence"
    FORFEITED = "FORFEITED", "Forfeited"
    DISPOSED = "DISPOSED", "Disposed of"


class ArrestOutcome(Vocabulary):
    CHARGED = "CHARGED", "Charged"
    REMANDED = "REMANDED", "Charged and remanded"
    BAILED = "BAILED", "Released on pre-charge bail"
    RUI = "RUI", "Released under investigation"
    NFA = "NFA", "No further action"


def load_warrant(
    conn: Connection, row: Mapping[str, Any], *, is_synthetic: bool
) -> tuple[str, Change]:
    warrant_id = fields.record_id(row, "warrant_id")
    power = fields.required_text(row, "power").upper()
    applied_at = fields.required_moment(row, "applied_at")
    authorised_at = fields.moment(row, "authorised_at")
    executed_at = fields.moment(row, "executed_at")
    if authorised_at is not None and authorised_at < applied_at:
        raise RowError("authorised_at", "is before the warrant was applied for")
    if executed_at is not None:
        if authorised_at is None:
            raise RowError("authorised_at", "a warrant that was executed must have been authorised")
        if executed_at < authorised_at:
            raise RowError("executed_at", "is before the warrant was authorised")
    references = fields.text_list(row, "grounds_report_refs")
    address_id = None
    if fields.text(row, "address") is not None:
        address_id = find_or_add_address(
            conn,
            fields.text(row, "address"),
            fields.text(row, "postcode"),
            fields.provenance("warrants", warrant_id, is_synthetic=is_synthetic),
        )
    change = upsert(
        conn,
        tables.warrants,
        {
            "id": warrant_id,
            "address_id": address_id,
            "power": power,
            "grounds_report_ids": _report_ids(conn, references),
            "applied_at": applied_at,
            "authorised_by": fields.text(row, "authorised_by"),
            "authorised_at": authorised_at,
            "executed_at": executed_at,
            "outcome": fields.text(row, "outcome"),
            "is_synthetic": is_synthetic,
        },
    )
    return warrant_id, change


def _report_ids(conn: Connection, references: list[str]) -> list[str]:
    """Report ids for the grounds; a reference not yet imported is kept as written."""
    if not references:
        return []
    r = tables.reports
    known = dict(
        conn.execute(select(r.c.reference, r.c.id).where(r.c.reference.in_(references))).all()
    )
    return [known.get(ref, ref) for ref in references]


def load_arrest(
    conn: Connection, row: Mapping[str, Any], *, is_synthetic: bool
) -> tuple[str, Change]:
    arrest_id = fields.record_id(row, "arrest_id")
    person_id = resolve_person(conn, row)
    arrested_at = fields.required_moment(row, "arrested_at")
    offence = fields.required_text(row, "offence")
    warrant_id = fields.text(row, "warrant_id")
    if warrant_id is not None:
        w = tables.warrants
        if conn.execute(select(w.c.id).where(w.c.id == warrant_id)).first() is None:
            raise RowError("warrant_id", f"no warrant {warrant_id!r} is recorded")
    charged_at = fields.moment(row, "charged_at")
    if charged_at is not None and charged_at < arrested_at:
        raise RowError("charged_at", "is before the arrest")
    outcome = fields.text(row, "outcome")
    if outcome is not None:
        outcome = fields.code(row, "outcome", ArrestOutcome).value
    change = upsert(
        conn,
        tables.arrests,
        {
            "id": arrest_id,
            "person_id": person_id,
            "arrested_at": arrested_at,
            "offence": offence,
            "warrant_id": warrant_id,
            "location_text": fields.text(row, "location"),
            "outcome": outcome,
            "charged_at": charged_at,
            "is_synthetic": is_synthetic,
        },
    )
    return arrest_id, change


def load_seizure(
    conn: Connection, row: Mapping[str, Any], *, is_synthetic: bool
) -> tuple[str, Change]:
    seizure_id = fields.record_id(row, "seizure_id")
    raw_vrm = fields.required_text(row, "vrm")
    try:
        vrm = types.clean("vrm", raw_vrm)
    except ValueError as exc:
        raise RowError("vrm", str(exc)) from None
    text_power = fields.text(row, "power")
    try:
        power = SeizurePower((text_power or "").upper())
    except ValueError:
        known = ", ".join(p.value for p in SeizurePower)
        raise RowError(
            "power", f"a seizure needs a known power; {text_power!r} is not one of {known}"
        ) from None
    grounds = fields.required_text(row, "grounds")
    seized_at = fields.required_moment(row, "seized_at")
    status = fields.code(row, "status", SeizureStatus, default=SeizureStatus.HELD)
    brand = fields.text(row, "line_brand")
    provenance = fields.provenance(
        "seizures", seizure_id, is_synthetic=is_synthetic, observed_at=seized_at
    )
    vehicle_id = find_or_add(conn, "Vehicle", "vrm", vrm, provenance)
    line_id = _line(conn, brand, provenance) if brand else None
    change = upsert(
        conn,
        tables.seizures,
        {
            "id": seizure_id,
            "vehicle_id": vehicle_id,
            "vrm": vrm,
            "power": power.value,
            "grounds": grounds,
            "seized_at": seized_at,
            "location_text": fields.text(row, "location"),
            "seizing_officer": fields.text(row, "seizing_officer"),
            "status": status.value,
            "line_id": line_id,
            "is_synthetic": is_synthetic,
        },
    )
    return seizure_id, change


def _line(conn: Connection, brand: str, provenance: Provenance) -> str:
    """The county line of this brand; a seizure naming an unknown brand records the line."""
    clean = types.clean("name", brand)
    s, e = tables.statements, tables.entities
    found = conn.execute(
        select(s.c.entity_id)
        .join(e, e.c.id == s.c.entity_id)
        .where(
            e.c.schema == "CountyLine",
            s.c.prop == "brand",
            func.lower(s.c.value) == clean.casefold(),
        )
        .order_by(s.c.entity_id)
    ).scalar()
    if found is not None:
        return str(found)
    line_id = make_id("line", clean.casefold())
    add_entity(conn, "CountyLine", line_id, {"brand": clean}, provenance)
    return line_id
