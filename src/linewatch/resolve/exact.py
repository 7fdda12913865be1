"""Exact matching: records of one schema that share a strong identifier are one thing.

Each rule names the schema, the identifier grouped on in SQL and, where the identifier alone
is not enough, a second property that must also agree after normalisation (a date of birth is
shared by many people; with the same full name it is not).

A handset IMEI is deliberately not a rule: a line's handset moves between numbers when the
number is swapped, so two phone records with one IMEI and different numbers are two lines.
The comms package follows handsets across numbers; here they stay apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sqlalchemy import Connection, Select, func, select

from linewatch.access import Access
from linewatch.model import domain
from linewatch.resolve.matching import Candidate, ResolveResult, resolve
from linewatch.resolve.normalise import address_line_key, name_key
from linewatch.store import tables


@dataclass(frozen=True)
class ExactRule:
    """Records of ``schema`` with the same ``prop`` (and the same ``also``) are one thing."""

    schema: str
    prop: str
    also: str | None = None
    also_key: Callable[[str], str] = str.strip
    fold_case: bool = False

    @property
    def method(self) -> str:
        return f"exact:{self.prop}" + (f"+{self.also}" if self.also else "")

    def label(self, prop: str) -> str:
        return domain().entity(self.schema).properties[prop].label.lower()

    def reason(self, value: str, also_value: str | None) -> str:
        said = f"{self.label(self.prop)} {value}"
        if self.also is not None:
            said += f" and {self.label(self.also)} '{also_value}' (compared normalised)"
        return f"both records give {said}"


EXACT_RULES: tuple[ExactRule, ...] = (
    ExactRule("Phone", "number"),
    ExactRule("Vehicle", "vrm"),
    ExactRule("Person", "force_reference", fold_case=True),
    ExactRule("Person", "date_of_birth", also="name", also_key=name_key),
    ExactRule("Address", "postcode", also="full", also_key=address_line_key),
    ExactRule("CountyLine", "brand", fold_case=True),
)


class ExactMatcher:
    """Proposes every pair of records that share a strong identifier, with score 1."""

    name = "exact"

    def __init__(self, rules: Sequence[ExactRule] = EXACT_RULES) -> None:
        for rule in rules:
            schema = domain().entity(rule.schema)
            for prop in (rule.prop, rule.also):
                if prop is not None and prop not in schema.properties:
                    raise ValueError(f"{rule.schema} has no property {prop!r}")
        self.rules = tuple(rules)

    def candidates(self, conn: Connection) -> Iterator[Candidate]:
        for rule in self.rules:
            for (value, also_value), ids in _groups(conn, rule).items():
                reason = rule.reason(value, also_value)
                for left, right in combinations(sorted(ids), 2):
                    yield Candidate(left, right, 1.0, rule.method, reason)


def _groups(conn: Connection, rule: ExactRule) -> dict[tuple[str, str | None], set[str]]:
    """Records sharing the rule's identifier, grouped by (value, normalised second value).

    The database groups on the identifier, so only values shared by two or more records
    leave it; the second property is compared here, where normalisation is one function.
    Both are single passes over the statements, never a join of one result to another, so a
    planner misled by statistics that lag behind a bulk import cannot make them quadratic.
    """
    shared: dict[str, set[str]] = defaultdict(set)
    for value, entity_id in conn.execute(_shared_values(rule)):
        shared[str(value)].add(str(entity_id))
    if rule.also is None:
        return {(value, None): ids for value, ids in shared.items()}
    values_of: dict[str, set[str]] = defaultdict(set)
    for value, ids in shared.items():
        for entity_id in ids:
            values_of[entity_id].add(value)
    groups: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for entity_id, also_value in conn.execute(_values(rule.schema, rule.also)):
        also_key = rule.also_key(str(also_value))
        for value in values_of.get(str(entity_id), ()):
            if also_key:
                groups[(value, also_key)].add(str(entity_id))
    return {k: ids for k, ids in groups.items() if len(ids) > 1}


def _values(schema: str, prop: str, *, fold_case: bool = False) -> Select[tuple[str, Any]]:
    """(entity id, value) of one property over every record of a schema."""
    st, en = tables.statements, tables.entities
    value = func.lower(st.c.value) if fold_case else st.c.value
    return (
        select(st.c.entity_id, value.label("value"))
        .join(en, en.c.id == st.c.entity_id)
        .where(en.c.schema == schema, st.c.prop == prop)
        .distinct()
    )


def _shared_values(rule: ExactRule) -> Select[tuple[Any, Any]]:
    """(value, entity id) of the rule's identifier, only where two or more records share it."""
    keyed = _values(rule.schema, rule.prop, fold_case=rule.fold_case).subquery("keyed")
    # A window count rather than joining the values to their own GROUP BY.
    counted = select(
        keyed.c.value,
        keyed.c.entity_id,
        func.count().over(partition_by=keyed.c.value).label("records"),
    ).subquery("counted")
    return select(counted.c.value, counted.c.entity_id).where(counted.c.records > 1)


def resolve_exact(access: Access, rules: Iterable[ExactRule] = EXACT_RULES) -> ResolveResult:
    """Merge every group of same-schema records that share a strong identifier.

    Writes one positive judgement per merge (method ``exact:<prop>``, the shared value as the
    reason), rebuilds the canonical ids and logs the combination. Running it again adds nothing.
    """
    return resolve(access, ExactMatcher(tuple(rules)))
