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

from sqlalchemy import Connection, func, select

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
    """
    st, en = tables.statements, tables.entities
    key = func.lower(st.c.value) if rule.fold_case else st.c.value
    keyed = (
        select(st.c.entity_id.label("entity_id"), key.label("key"))
        .join(en, en.c.id == st.c.entity_id)
        .where(en.c.schema == rule.schema, st.c.prop == rule.prop)
        .distinct()
        .subquery("keyed")
    )
    shared = select(keyed.c.key).group_by(keyed.c.key).having(func.count() > 1).subquery("shared")
    joined = keyed.join(shared, shared.c.key == keyed.c.key)
    groups: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    if rule.also is None:
        query = select(keyed.c.key, keyed.c.entity_id).select_from(joined)
        for value, entity_id in conn.execute(query):
            groups[(str(value), None)].add(str(entity_id))
    else:
        also = st.alias("also")
        also_query = select(keyed.c.key, keyed.c.entity_id, also.c.value).select_from(
            joined.join(also, (also.c.entity_id == keyed.c.entity_id) & (also.c.prop == rule.also))
        )
        for value, entity_id, also_value in conn.execute(also_query):
            also_key = rule.also_key(str(also_value))
            if also_key:
                groups[(str(value), also_key)].add(str(entity_id))
    return {k: ids for k, ids in groups.items() if len(ids) > 1}


def resolve_exact(access: Access, rules: Iterable[ExactRule] = EXACT_RULES) -> ResolveResult:
    """Merge every group of same-schema records that share a strong identifier.

    Writes one positive judgement per merge (method ``exact:<prop>``, the shared value as the
    reason), rebuilds the canonical ids and logs the combination. Running it again adds nothing.
    """
    return resolve(access, ExactMatcher(tuple(rules)))
