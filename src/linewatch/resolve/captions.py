"""Captions for resolved entities: the words a list or a link shows for each one.

The caption is the value of the first caption property (schema.yaml) that has one, choosing
the value most sources agree on; only sources the actor may see count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, select

from linewatch.model import domain
from linewatch.resolve.canonical import members_of
from linewatch.resolve.visibility import Visibility
from linewatch.store import tables

_CHUNK = 5000


@dataclass(frozen=True)
class Described:
    schema: str
    caption: str
    members: list[str]


def pick_caption(schema: str, entity_id: str, counts: Mapping[tuple[str, str], int]) -> str:
    """The caption from (prop, value) -> number of sources, falling back to the schema label."""
    entity_schema = domain().entity(schema)
    for prop in entity_schema.caption:
        values = [(n, v) for (p, v), n in counts.items() if p == prop]
        if values:
            return min(values, key=lambda nv: (-nv[0], nv[1]))[1]
    return f"{entity_schema.label} {entity_id}"


def describe(
    conn: Connection, canonical_ids: Iterable[str], seen: Visibility
) -> dict[str, Described]:
    """Schema, caption and members of each resolved entity named."""
    groups = members_of(conn, canonical_ids)
    owner = {m: c for c, ms in groups.items() for m in ms}
    ids = sorted(owner)
    e, st = tables.entities, tables.statements
    schemas: dict[str, str] = {}
    counts: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    caption_props = sorted({p for s in domain().entities.values() for p in s.caption})
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for entity_id, schema in conn.execute(select(e.c.id, e.c.schema).where(e.c.id.in_(chunk))):
            schemas.setdefault(owner[str(entity_id)], str(schema))
        query = select(st.c.entity_id, st.c.prop, st.c.value).where(
            st.c.entity_id.in_(chunk), st.c.prop.in_(caption_props), seen.sources(st.c.source_id)
        )
        for entity_id, prop, value in conn.execute(query):
            counts[owner[str(entity_id)]][(str(prop), str(value))] += 1
    return {
        c: Described(schemas[c], pick_caption(schemas[c], c, counts[c]), groups[c])
        for c in groups
        if c in schemas
    }
