"""Finding the entities that enforcement and safeguarding records name.

Records name people by force reference and places by address and postcode; these helpers find
the entity holding that statement (or record a new one with the record as its source), and map
ids through ``entity_canonical`` so that merged records count as one person or one address.
Shared by the enforcement importer, which loads safeguarding records in the same transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from linewatch import types
from linewatch.model import domain
from linewatch.store import Provenance, RowError, add_entity, make_id, tables

_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass
class Canonical:
    """The resolver's map from every entity id to its canonical id (itself if never merged)."""

    mapping: dict[str, str] = field(default_factory=dict)
    _members: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: Connection) -> Canonical:
        rows = conn.execute(
            select(tables.entity_canonical.c.entity_id, tables.entity_canonical.c.canonical_id)
        ).all()
        canonical = cls({entity_id: canonical_id for entity_id, canonical_id in rows})
        members: dict[str, set[str]] = defaultdict(set)
        for entity_id, canonical_id in canonical.mapping.items():
            members[canonical_id].update({entity_id, canonical_id})
        canonical._members = dict(members)
        return canonical

    def of(self, entity_id: str) -> str:
        return self.mapping.get(entity_id, entity_id)

    def members(self, entity_id: str) -> set[str]:
        """Every id merged with ``entity_id``, itself included."""
        root = self.of(entity_id)
        return self._members.get(root, set()) | {root, entity_id}


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


def _address_key(full: str) -> str:
    return _NOT_WORD.sub(" ", full.casefold()).strip()


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

    An address matches when its words agree (case and punctuation aside) and its postcode does
    not contradict; houses share postcodes, so a postcode alone never matches.
    """
    if full is None or not full.strip():
        raise RowError("address", "is required")
    clean_full = types.clean("text", full)
    clean_pc = clean_postcode(postcode)
    key = _address_key(clean_full.removesuffix(clean_pc or "").strip(" ,"))
    candidates = set(entities_with(conn, "Address", "full", [clean_full]))
    if clean_pc:
        candidates.update(entities_with(conn, "Address", "postcode", [clean_pc]))
    if candidates:
        s = tables.statements
        found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        rows = conn.execute(
            select(s.c.entity_id, s.c.prop, s.c.value).where(
                s.c.entity_id.in_(sorted(candidates)), s.c.prop.in_(["full", "postcode"])
            )
        ).all()
        for entity_id, prop, value in rows:
            found[entity_id][prop].add(value)
        for entity_id in sorted(found):
            props = found[entity_id]
            pcs = props.get("postcode", set())
            same_words = any(
                _address_key(f.removesuffix(p).strip(" ,")) == key
                for f in props.get("full", set())
                for p in (pcs or {""})
            )
            if same_words and (not clean_pc or not pcs or clean_pc in pcs):
                return entity_id
    entity_id = make_id("addr", key, clean_pc or "")
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
