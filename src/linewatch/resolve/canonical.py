"""Canonical ids: which records are one thing, derived from the judgements and nothing else.

``entity_canonical`` holds a row for every record merged with at least one other; a record
without a row is its own canonical entity. The canonical id of a group is its smallest member
id, so it does not move when an unrelated merge or split happens elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, delete, func, select

from linewatch.model import Judgement
from linewatch.resolve.judgements import active_rows, bulk_insert, retract
from linewatch.store import lock_work, tables

EC = tables.entity_canonical
_CHUNK = 5000
# Two rebuilds at once would each write the canonical ids from their own reading of the
# judgements; every writer of entity_canonical holds this lock for its whole transaction.
CANONICAL_LOCK = "resolve:canonical"


class Clusters:
    """Groups joined by positive judgements, kept apart wherever a negative one says so.

    A negative judgement between any two members of two groups forbids joining those groups,
    so "not the same" holds however many other records would otherwise bridge them.
    """

    def __init__(self, negatives: Iterable[tuple[str, str]] = ()) -> None:
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._negative: dict[str, set[str]] = defaultdict(set)
        for a, b in negatives:
            self.add_negative(a, b)

    def add_negative(self, a: str, b: str) -> None:
        self._negative[a].add(b)
        self._negative[b].add(a)

    def find(self, x: str) -> str:
        parent = self._parent
        while parent.get(x, x) != x:
            # Path halving keeps later look-ups short without recursion.
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def members(self, x: str) -> list[str]:
        root = self.find(x)
        return self._members.get(root, [root])

    def same(self, a: str, b: str) -> bool:
        return self.find(a) == self.find(b)

    def conflict(self, a: str, b: str) -> tuple[str, str] | None:
        """The negatively judged pair that forbids joining the groups of ``a`` and ``b``."""
        if not self._negative:
            return None
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        small, other = (ra, rb) if len(self.members(ra)) <= len(self.members(rb)) else (rb, ra)
        for m in self.members(small):
            for n in self._negative.get(m, ()):
                if self.find(n) == other:
                    return (m, n)
        return None

    def conflicts(self, a: str, b: str) -> bool:
        return self.conflict(a, b) is not None

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        big, small = (ra, rb) if len(self.members(ra)) >= len(self.members(rb)) else (rb, ra)
        self._parent[small] = big
        self._members.setdefault(big, [big]).extend(self._members.pop(small, [small]))

    def groups(self) -> Iterator[list[str]]:
        """Every group of two or more records."""
        for members in self._members.values():
            if len(members) > 1:
                yield members


@dataclass
class Rebuild:
    """What a rebuild changed: records whose canonical id moved, judgements it retracted."""

    changed: set[str] = field(default_factory=set)
    retracted: list[int] = field(default_factory=list)


def load_clusters(conn: Connection) -> tuple[Clusters, list[int]]:
    """Clusters from the active judgements, and the positive ones a negative overrides.

    Positive judgements are applied oldest first; one that would join two groups a negative
    judgement keeps apart has no effect, and is returned so the caller can retract it.
    """
    rows = active_rows(conn)
    clusters = Clusters((a, b) for _, a, b, j in rows if j == Judgement.NEGATIVE)
    overridden: list[int] = []
    for judgement_id, a, b, j in rows:
        if j != Judgement.POSITIVE or clusters.same(a, b):
            continue
        if clusters.conflicts(a, b):
            overridden.append(judgement_id)
        else:
            clusters.union(a, b)
    return clusters, overridden


def rebuild_canonical(conn: Connection, actor_id: str) -> Rebuild:
    """Bring ``entity_canonical`` into line with the active judgements, writing only changes.

    Positive judgements a negative one overrides are retracted in the actor's name.
    """
    lock_work(conn, CANONICAL_LOCK)
    clusters, overridden = load_clusters(conn)
    if overridden:
        retract(conn, overridden, actor_id)
    return Rebuild(changed=write_canonical(conn, clusters), retracted=overridden)


def write_canonical(conn: Connection, clusters: Clusters) -> set[str]:
    """Make ``entity_canonical`` match ``clusters``; returns the records whose canonical moved."""
    wanted = {m: min(group) for group in clusters.groups() for m in group}
    current = {str(e): str(c) for e, c in conn.execute(select(EC.c.entity_id, EC.c.canonical_id))}
    stale = sorted(e for e, c in current.items() if wanted.get(e) != c)
    fresh = [{"entity_id": e, "canonical_id": c} for e, c in wanted.items() if current.get(e) != c]
    for start in range(0, len(stale), _CHUNK):
        conn.execute(delete(EC).where(EC.c.entity_id.in_(stale[start : start + _CHUNK])))
    bulk_insert(conn, EC, fresh)
    return set(stale) | {r["entity_id"] for r in fresh}


def canonical_id(conn: Connection, entity_id: str) -> str:
    """The id of the resolved entity a record belongs to (itself when not merged)."""
    found = conn.execute(select(EC.c.canonical_id).where(EC.c.entity_id == entity_id)).scalar()
    return str(found) if found is not None else entity_id


def members(conn: Connection, canonical: str) -> list[str]:
    """Every record merged into the resolved entity, in id order (given any member's id)."""
    root = canonical_id(conn, canonical)
    found = conn.execute(
        select(EC.c.entity_id).where(EC.c.canonical_id == root).order_by(EC.c.entity_id)
    ).scalars()
    return [str(e) for e in found] or [root]


def members_of(conn: Connection, canonical_ids: Iterable[str]) -> dict[str, list[str]]:
    """Members of many resolved entities at once: canonical id -> member ids."""
    wanted = sorted(set(canonical_ids))
    result: dict[str, list[str]] = {c: [c] for c in wanted}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = select(EC.c.canonical_id, EC.c.entity_id).where(EC.c.canonical_id.in_(chunk))
        for canonical, entity in conn.execute(query.order_by(EC.c.entity_id)):
            group = result[str(canonical)]
            if entity != canonical:
                group.append(str(entity))
    return result


def canonical_map(conn: Connection) -> dict[str, str]:
    """Record id -> canonical id for every merged record (absent ones map to themselves)."""
    return {str(e): str(c) for e, c in conn.execute(select(EC.c.entity_id, EC.c.canonical_id))}


def canonical_of(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """A SQL expression for the canonical id of the entity id in ``column``, for joins."""
    looked_up = select(EC.c.canonical_id).where(EC.c.entity_id == column).scalar_subquery()
    return func.coalesce(looked_up, column)


class CanonicalLink(NamedTuple):
    """One source's link, with both ends replaced by their canonical entities."""

    link_type: str
    source: str
    target: str
    link_id: str
    evidence_kind: str
    evidence_id: str
    valid_from: datetime | None
    valid_to: datetime | None
    weight: float | None
    source_evaluation: str | None
    intelligence_assessment: str | None
    handling_code: str | None
    classification: str
    dataset: str | None
    source_record: str
    target_record: str


def canonical_links(conn: Connection) -> Iterator[CanonicalLink]:
    """Every link between resolved entities, with its evidence, for building the graph."""
    links = tables.links
    sc, tc = EC.alias("source_canonical"), EC.alias("target_canonical")
    query = (
        select(
            links.c.link_type,
            func.coalesce(sc.c.canonical_id, links.c.source_id),
            func.coalesce(tc.c.canonical_id, links.c.target_id),
            links.c.id,
            links.c.evidence_kind,
            links.c.evidence_id,
            links.c.valid_from,
            links.c.valid_to,
            links.c.weight,
            links.c.source_evaluation,
            links.c.intelligence_assessment,
            links.c.handling_code,
            links.c.classification,
            links.c.dataset,
            links.c.source_id,
            links.c.target_id,
        )
        .outerjoin(sc, sc.c.entity_id == links.c.source_id)
        .outerjoin(tc, tc.c.entity_id == links.c.target_id)
        .order_by(links.c.id)
    )
    for row in conn.execute(query):
        yield CanonicalLink._make(row)
