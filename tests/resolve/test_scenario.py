"""Exact resolution scored against the ground truth of a generated "small" scenario.

Exact identifiers must never join two different people; how many true pairs they find is
reported (the rest is for probabilistic matching).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from linewatch import collect
from linewatch.access import system_access
from linewatch.collect.records import person_id
from linewatch.resolve import ResolveResult, canonical_map, resolve_exact
from linewatch.scenario import GroundTruth, generate, load_ground_truth
from linewatch.store import Store, tables


@dataclass(frozen=True)
class Resolved:
    store: Store
    truth: GroundTruth
    first: ResolveResult
    second: ResolveResult


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> Resolved:
    folder = tmp_path_factory.mktemp("scenario")
    generate(folder, scale="small", seed=2026, as_of=date(2026, 11, 28))
    store = Store(f"sqlite:///{Path(tmp_path_factory.mktemp('store')) / 'linewatch.db'}")
    store.migrate()
    access = system_access(store, "Scoring exact resolution on a scenario")
    collect.import_folder(access, folder)
    first = resolve_exact(access)
    second = resolve_exact(access)
    return Resolved(store, load_ground_truth(folder), first, second)


def person_pairs(resolved: Resolved) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """(record pairs merged, record pairs that are truly one person), over agency records."""
    person_of = {
        person_id(organisation, record_id): key
        for key, person in resolved.truth.people.items()
        for organisation, record_id in person.records
    }
    with resolved.store.connect() as conn:
        canonical = canonical_map(conn)
        people = conn.execute(
            select(tables.entities.c.id).where(tables.entities.c.schema == "Person")
        ).scalars()
        groups: dict[str, list[str]] = defaultdict(list)
        for entity_id in people:
            if entity_id in person_of:
                groups[canonical.get(entity_id, entity_id)].append(entity_id)
    merged = {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}
    by_person: dict[str, list[str]] = defaultdict(list)
    for entity_id, key in person_of.items():
        by_person[key].append(entity_id)
    true = {tuple(sorted(p)) for g in by_person.values() for p in itertools.combinations(g, 2)}
    return merged, true


def test_exact_identifiers_never_merge_two_different_people(
    resolved: Resolved, record_property: pytest.RecordProperty
) -> None:
    merged, true = person_pairs(resolved)

    assert merged, "exact resolution found no person at all in the scenario"
    wrong = merged - true
    assert not wrong, f"records of different people merged: {sorted(wrong)}"
    recall = len(merged & true) / len(true)
    record_property("person_pair_precision", 1.0)
    record_property("person_pair_recall", round(recall, 3))
    print(f"exact person resolution: precision 1.0, recall {recall:.2f} of {len(true)} pairs")


def test_a_second_run_on_the_scenario_adds_nothing(resolved: Resolved) -> None:
    assert resolved.first.merged > 0
    assert resolved.second.merged == 0
