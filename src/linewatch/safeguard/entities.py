"""Finding the entities that enforcement and safeguarding records name.

Records name people by force reference and places by address and postcode; these helpers find
the entity holding that statement (or record a new one with the record as its source), and map
ids through ``entity_canonical`` so that merged records count as one person or one address.
Shared by the enforcement importer, which loads safeguarding records in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, select

from linewatch import types
from linewatch.model import domain
from linewatch.safeguard.places import address_tokens, same_address
from linewatch.store import Provenance, RowError, add_entity, make_id, tables


def entities_with(conn: Connection, schema: str, prop: str, values: Iterable[str]) -> list[str]:
    """Ids of ``schema`` entities holding any of these (clean) statement values, sorted."""
    wanted = sorted(set(values))
    if not wanted:
        return []
    s, e = tables.statements, tables.entities
    rows = conn.execute(
        select(s.c.entity_id)
        .join(e, e.c.id == s.c.entity_id)
        .where(s.c.prop == prop, s.c.value.in_(wanted), e.c.schema == schema)
        .distinct()
    ).scalars()
    return sorted(rows)


def person_by_reference(conn: Connection, reference: str) -> str | None:
    """The Person entity whose ``force_reference`` statement is this police nominal's id."""
    clean = types.clean("identifier", reference)
    found = entities_with(conn, "Person", "force_reference", [clean])
    return found[0] if found else None


def clean_postcode(raw: str | None, field_name: str = "postcode") -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        return types.clean("postcode", raw)
    except ValueError as exc:
        raise RowError(field_name, str(exc)) from None


def find_or_add_address(
    conn: Connection, full: str | None, postcode: str | None, provenance: Provenance
) -> str:
    """The Address entity for this address text and postcode, recorded from this source if new.

    An address matches when it names the same home (``places.same_address``) and its postcode
    does not contradict; houses share postcodes, so a postcode alone never matches.
    """
    if full is None or not full.strip():
        raise RowError("address", "is required")
    clean_full = types.clean("text", full)
    clean_pc = clean_postcode(postcode)
    candidates = set(entities_with(conn, "Address", "full", [clean_full]))
    if clean_pc:
        candidates.update(entities_with(conn, "Address", "postcode", [clean_pc]))
    if candidates:
        found = property_values(conn, candidates, ["full", "postcode"])
        for entity_id in sorted(found):
            props = found[entity_id]
            pcs = props.get("postcode", set())
            if any(same_address(f, clean_full) for f in props.get("full", set())) and (
                not clean_pc or not pcs or clean_pc in pcs
            ):
                return entity_id
    entity_id = make_id("addr", " ".join(address_tokens(clean_full)), clean_pc or "")
    add_entity(conn, "Address", entity_id, {"full": clean_full, "postcode": clean_pc}, provenance)
    return entity_id


def find_or_add(conn: Connection, schema: str, prop: str, raw: str, provenance: Provenance) -> str:
    """The entity holding this one identifying statement, recorded from this source if new."""
    clean = types.clean(domain().entity(schema).properties[prop].type, raw)
    found = entities_with(conn, schema, prop, [clean])
    if found:
        return found[0]
    entity_id = make_id(schema.lower(), prop, clean)
    add_entity(conn, schema, entity_id, {prop: raw}, provenance)
    return entity_id


def property_values(
    conn: Connection, entity_ids: Iterable[str], props: Iterable[str]
) -> dict[str, dict[str, set[str]]]:
    """entity id -> property -> values, for the given entities and properties."""
    ids = sorted(set(entity_ids))
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    if not ids:
        return out
    s = tables.statements
    for start in range(0, len(ids), 900):
        rows = conn.execute(
            select(s.c.entity_id, s.c.prop, s.c.value).where(
                s.c.entity_id.in_(ids[start : start + 900]), s.c.prop.in_(list(props))
            )
        ).all()
        for entity_id, prop, value in rows:
            out[entity_id][prop].add(value)
    return out


def caption(values: dict[str, set[str]], *props: str) -> str:
    """A short label from the first property that has a value."""
    for prop in props:
        if values.get(prop):
            return sorted(values[prop])[0]
    return ""
