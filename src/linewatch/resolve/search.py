"""Finding resolved entities by what a user would type: a name, a number, a plate, a postcode.

A query that parses as an identifier is cleaned the way the store cleans values, so
"07700 900123", "+447700900123" and "07700900123" all find the same phone. Names, aliases,
street names, line names and address text match as case-insensitive substrings; exact
identifiers rank first, then whole names, then names that start with the query.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from linewatch import types
from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.resolve.canonical import canonical_of
from linewatch.resolve.captions import describe
from linewatch.resolve.views import EntityHit
from linewatch.resolve.visibility import visibility
from linewatch.store import tables

# (value type in linewatch.types, properties holding it); force references ignore case, as
# exact matching does.
IDENTIFIER_PROPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("phone", ("number",)),
    ("vrm", ("vrm",)),
    ("postcode", ("postcode",)),
)
TEXT_PROPS = ("name", "alias", "street_name", "brand", "full")
_ROWS_PER_HIT = 20


def _identifier_match(query: str) -> ColumnElement[bool]:
    st = tables.statements
    conditions = [and_(st.c.prop == "force_reference", func.lower(st.c.value) == query.lower())]
    for type_name, props in IDENTIFIER_PROPS:
        try:
            cleaned = types.clean(type_name, query)
        except ValueError:
            continue
        conditions.append(and_(st.c.prop.in_(props), st.c.value == cleaned))
    return or_(*conditions)


def search(access: Access, text: str, limit: int = 20) -> list[EntityHit]:
    """Resolved entities matching ``text``, best first, at most ``limit`` of them."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    query = " ".join(text.split())
    if not query or limit < 1:
        return []
    st = tables.statements
    lowered = func.lower(st.c.value)
    needle = query.lower()
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    identifier = _identifier_match(query)
    in_text = and_(st.c.prop.in_(TEXT_PROPS), lowered.like(f"%{escaped}%", escape="\\"))
    rank = case(
        (identifier, 0),
        (lowered == needle, 1),
        (lowered.like(f"{escaped}%", escape="\\"), 2),
        (lowered.like(f"% {escaped}%", escape="\\"), 3),
        else_=4,
    )
    with access.store.begin() as conn:
        seen = visibility(conn, access)
        rows = conn.execute(
            select(canonical_of(st.c.entity_id), st.c.prop, st.c.value, rank)
            .where(or_(identifier, in_text), seen.sources(st.c.source_id))
            .order_by(rank, func.length(st.c.value), st.c.value)
            .limit(limit * _ROWS_PER_HIT)
        )
        best: dict[str, tuple[str, str]] = {}
        for canonical, prop, value, _rank in rows:
            if len(best) >= limit:
                break
            best.setdefault(str(canonical), (str(prop), str(value)))
        described = describe(conn, best, seen)
        hits = [
            EntityHit(c, d.schema, d.caption, best[c][0], best[c][1], len(d.members))
            for c, d in ((c, described[c]) for c in best if c in described)
        ]
        if hits:
            access.log(conn, AuditOperation.CONSULTATION, [h.id for h in hits])
    return hits
