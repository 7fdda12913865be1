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


# Written by comms when a phone the line rings at its hub is attributed to a person.
HOLDER_ATTRIBUTION = "PHONE_ATTRIBUTION:LINE_HOLDER"


def line_holders(access: Access, numbers: Iterable[str]) -> dict[str, list[str]]:
    """For each deal number, the people believed to hold it: users of the phone the line rings
    that is served at its hub (comms' current holder attributions), by caption."""
    wanted = set(numbers)
    a = tables.assessments
    with access.store.connect() as conn:
        current = conn.execute(
            select(a.c.id, a.c.subject_id, a.c.claim, a.c.evidence).where(
                a.c.superseded_at.is_(None),
                a.c.claim.in_([HOLDER_ATTRIBUTION, "LINE_HOLDER_PHONE"]),
            )
        ).all()
        line_of_phone_flag = {
            row.id: _first(row.evidence).get("number")
            for row in current
            if row.claim == "LINE_HOLDER_PHONE"
        }
        holders: dict[str, set[str]] = defaultdict(set)
        for row in current:
            if row.claim != HOLDER_ATTRIBUTION:
                continue
            number = line_of_phone_flag.get(_first(row.evidence).get("id"))
            if number in wanted:
                holders[number].add(row.subject_id)
        canon = canonical_map(conn)
        people = {canon.get(p, p) for group in holders.values() for p in group}
        names = _names(conn, people, canon)
    return {
        number: sorted({names.get(canon.get(p, p), p) for p in group})
        for number, group in holders.items()
    }


def _first(evidence: object) -> dict[str, object]:
    """An assessment's first piece of evidence: the one it rests on."""
    if isinstance(evidence, list) and evidence and isinstance(evidence[0], dict):
        return evidence[0]
    return {}


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
