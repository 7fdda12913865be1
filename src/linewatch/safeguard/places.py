"""Which known address a loosely written place means.

Agencies write one home several ways ("Flat 21, 93 Aldgate" and "21/93 Aldgate"), and reports
often name only a street ("deals most nights on Chapel Lane"). An address key ignores case,
punctuation, unit words and a trailing postcode; a place matches an address when its key is the
start of the address's key (a house), or when it names the street the address is on, in the
same town (a street: a weaker match shared by every known address on it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from sqlalchemy import Connection, select

from linewatch.model import Judgement
from linewatch.safeguard.canonical import Canonical
from linewatch.store import tables

_TOKEN = re.compile(r"[a-z0-9]+")
_POSTCODE_TAIL = re.compile(r"[\s,]*\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\s*$", re.IGNORECASE)
_UNIT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "studio", "no"})
_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "ln": "lane",
    "cl": "close",
    "dr": "drive",
    "ct": "court",
    "cres": "crescent",
    "gdns": "gardens",
    "pl": "place",
    "sq": "square",
    "tce": "terrace",
}
# Words that make an address something an officer can walk up to, not just a town or a park.
STREET_WORDS = frozenset(_ABBREVIATIONS.values()) | {
    "lane",
    "way",
    "walk",
    "row",
    "hill",
    "green",
    "mews",
    "chase",
    "grove",
    "rise",
    "view",
    "yard",
    "parade",
    "gate",
    "end",
    "croft",
    "meadow",
    "meadows",
    "crescent",
    "drive",
}
# A street named in a report is shared among its known addresses only when they are few;
# past this the mention says nothing about any one home.
STREET_MATCH_LIMIT = 12


def address_tokens(full: str) -> tuple[str, ...]:
    """The words of an address as compared: no postcode, no unit words, no punctuation."""
    words = _TOKEN.findall(_POSTCODE_TAIL.sub("", full).casefold())
    return tuple(_ABBREVIATIONS.get(w, w) for w in words if w not in _UNIT_WORDS)


def same_address(left: str, right: str) -> bool:
    """Whether two written forms name one home (a town left off one of them is allowed)."""
    a, b = address_tokens(left), address_tokens(right)
    if not a or not b or not any(w.isdigit() for w in a):
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_[: len(short)] == short


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


@dataclass
class PlaceMatch:
    address_id: str
    street_only: bool
    shared_by: int = 1


@dataclass
class AddressIndex:
    """The known addresses (a house and a postcode), by canonical id, with keys and postcodes."""

    keys: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    postcodes: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: Connection, canonical: Canonical) -> AddressIndex:
        s, e = tables.statements, tables.entities
        rows = conn.execute(
            select(s.c.entity_id, s.c.prop, s.c.value)
            .join(e, e.c.id == s.c.entity_id)
            .where(e.c.schema == "Address", s.c.prop.in_(["full", "postcode"]))
        ).all()
        by_entity: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for entity_id, prop, value in rows:
            by_entity[entity_id][prop].add(value)
        keys: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        postcodes: dict[str, set[str]] = defaultdict(set)
        for entity_id, props in by_entity.items():
            tokens = {t for t in map(address_tokens, props.get("full", ())) if t}
            if not props.get("postcode") or not tokens:
                continue
            root = canonical.of(entity_id)
            postcodes[root].update(props["postcode"])
            keys[root].update(tokens)
        return cls(dict(keys), dict(postcodes))

    def match(self, place: str, town: str | None = None) -> list[PlaceMatch]:
        """Known addresses ``place`` may mean; empty when it is too vague to say."""
        words = address_tokens(place)
        if not words:
            return []
        if any(w.isdigit() for w in words):
            return [
                PlaceMatch(address_id, street_only=False)
                for address_id, keys in self.keys.items()
                if any(key[: len(words)] == words for key in keys)
            ]
        town_words = address_tokens(town) if town else ()
        found = [
            address_id
            for address_id, keys in self.keys.items()
            if any(
                _contains(key, words) and (not town_words or _contains(key, town_words))
                for key in keys
            )
        ]
        if len(found) > STREET_MATCH_LIMIT:
            return []
        return [PlaceMatch(a, street_only=True, shared_by=len(found)) for a in found]

    def at_postcode(self, postcode: str) -> list[PlaceMatch]:
        """Known addresses with this postcode: a place shared by them, like a street."""
        found = [a for a, postcodes in self.postcodes.items() if postcode in postcodes]
        if len(found) > STREET_MATCH_LIMIT:
            return []
        return [PlaceMatch(a, street_only=True, shared_by=len(found)) for a in found]

    def same_homes(self) -> list[set[str]]:
        """Groups of canonical addresses with a postcode in common that name one house."""
        by_postcode: dict[str, list[str]] = defaultdict(list)
        for address_id, postcodes in self.postcodes.items():
            for postcode in postcodes:
                by_postcode[postcode].append(address_id)
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        for ids in by_postcode.values():
            for a, b in combinations(sorted(set(ids)), 2):
                if any(
                    same_address(" ".join(ka), " ".join(kb))
                    for ka in self.keys.get(a, ())
                    for kb in self.keys.get(b, ())
                ):
                    parent[find(b)] = find(a)
        groups: dict[str, set[str]] = defaultdict(set)
        for address_id in self.keys:
            groups[find(address_id)].add(address_id)
        return [g for g in groups.values() if len(g) > 1]


def fold_same_homes(conn: Connection, canonical: Canonical) -> Canonical:
    """``canonical`` with address records that plainly name one home treated as one.

    The resolver's exact rule compares address lines as written, so "Flat 5, 30 Empingham
    Road" and "5/30 Empingham Road" with one postcode stay two until an analyst joins them;
    for safeguarding they are one home now. An analyst's "not the same" judgement between any
    of their records keeps them apart.
    """
    groups = AddressIndex.load(conn, canonical).same_homes()
    if not groups:
        return canonical
    j = tables.resolver_judgements
    negatives = {
        frozenset({canonical.of(left), canonical.of(right)})
        for left, right in conn.execute(
            select(j.c.left_id, j.c.right_id).where(
                j.c.judgement == Judgement.NEGATIVE.value, j.c.retracted_at.is_(None)
            )
        ).all()
    }
    kept = [
        group
        for group in groups
        if not any(frozenset(pair) in negatives for pair in combinations(sorted(group), 2))
    ]
    return canonical.folded(kept)
