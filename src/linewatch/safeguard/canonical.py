"""The resolver's canonical ids, as safeguarding and enforcement read them.

``entity_canonical`` maps every merged record to its canonical id; a record never merged is its
own. Safeguarding also folds together address records that plainly name one home (see
``places.fold_same_homes``), so that a visit, a tenancy and a report about one flat count once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from linewatch.store import tables


@dataclass
class Canonical:
    """A map from every entity id to its canonical id (itself if never merged)."""

    mapping: dict[str, str] = field(default_factory=dict)
    _members: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        members: dict[str, set[str]] = defaultdict(set)
        for entity_id, canonical_id in self.mapping.items():
            members[canonical_id].update({entity_id, canonical_id})
        self._members = dict(members)

    @classmethod
    def load(cls, conn: Connection) -> Canonical:
        c = tables.entity_canonical
        rows = conn.execute(select(c.c.entity_id, c.c.canonical_id)).all()
        return cls({entity_id: canonical_id for entity_id, canonical_id in rows})

    def of(self, entity_id: str) -> str:
        return self.mapping.get(entity_id, entity_id)

    def members(self, entity_id: str) -> set[str]:
        """Every id merged with ``entity_id``, itself included."""
        root = self.of(entity_id)
        return self._members.get(root, set()) | {root, entity_id}

    def folded(self, groups: list[set[str]]) -> Canonical:
        """A copy in which each group of canonical ids is one entity (its smallest id)."""
        mapping = dict(self.mapping)
        for group in groups:
            root = min(group)
            for member_root in group:
                for member in self.members(member_root):
                    mapping[member] = root
        return Canonical(mapping)
