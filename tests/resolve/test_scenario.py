"""Exact resolution scored against the ground truth of a generated "small" scenario.

Exact identifiers must never join two different people; how many true pairs they find is
reported (the rest is for probabilistic matching).
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest
from sqlalchemy import select

from linewatch.resolve import canonical_map
from linewatch.store import tables
from resolve.scenario_store import ResolvedScenario


def person_pairs(resolved: ResolvedScenario) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """(record pairs merged, record pairs that are truly one person), over agency records."""
    person_of = resolved.person_of()
    store = resolved.store()
    with store.connect() as conn:
        canonical = canonical_map(conn)
        people = conn.execute(
            select(tables.entities.c.id).where(tables.entities.c.schema == "Person")
        ).scalars()
        groups: dict[str, list[str]] = defaultdict(list)
        for entity_id in people:
            if entity_id in person_of:
                groups[canonical.get(entity_id, entity_id)].append(entity_id)
    store.dispose()
    merged = {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}
    by_person: dict[str, list[str]] = defaultdict(list)
    for entity_id, key in person_of.items():
        by_person[key].append(entity_id)
    true = {tuple(sorted(p)) for g in by_person.values() for p in itertools.combinations(g, 2)}
    return merged, true


def test_exact_identifiers_never_merge_two_different_people(
    resolved_scenario: ResolvedScenario, record_property: pytest.RecordProperty
) -> None:
    merged, true = person_pairs(resolved_scenario)

    assert merged, "exact resolution found no person at all in the scenario"
    wrong = merged - true
    assert not wrong, f"records of different people merged: {sorted(wrong)}"
    recall = len(merged & true) / len(true)
    record_property("person_pair_precision", 1.0)
    record_property("person_pair_recall", round(recall, 3))
    print(f"exact person resolution: precision 1.0, recall {recall:.2f} of {len(true)} pairs")


def test_a_second_run_on_the_scenario_adds_nothing(resolved_scenario: ResolvedScenario) -> None:
    assert resolved_scenario.first.merged > 0
    assert resolved_scenario.second.merged == 0
