"""Intelligence gaps: what the picture does not yet know about a line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, select

from linewatch.access import Access
from linewatch.resolve import canonical_links, canonical_map
from linewatch.store import tables


def line_users(access: Access, phone_ids: Iterable[str]) -> dict[str, list[str]]:
    """For each flagged phone, the people the picture links to it (USES_PHONE), by caption."""
    wanted = set(phone_ids)
    with access.store.connect() as conn:
        canon = canonical_map(conn)
        wanted_canonical = {canon.get(p, p): p for p in wanted}
        people: dict[str, set[str]] = defaultdict(set)
        for link in canonical_links(conn):
            if link.link_type == "USES_PHONE" and link.target in wanted_canonical:
                people[wanted_canonical[link.target]].add(link.source)
        names = _names(conn, {p for group in people.values() for p in group}, canon)
    return {phone: sorted(names.get(p, p) for p in group) for phone, group in people.items()}


def _names(conn: Connection, person_ids: set[str], canon: dict[str, str]) -> dict[str, str]:
    if not person_ids:
        return {}
    members = [e for e, c in canon.items() if c in person_ids] + list(person_ids)
    s = tables.statements
    rows = conn.execute(
        select(s.c.entity_id, s.c.value).where(
            s.c.entity_id.in_(members), s.c.prop.in_(["name", "street_name"])
        )
    ).all()
    names: dict[str, str] = {}
    for entity_id, value in rows:
        names.setdefault(canon.get(entity_id, entity_id), str(value))
    return names
