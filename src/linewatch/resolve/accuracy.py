"""Pairwise precision, recall and F1 of a resolution against known true groups.

Scores compare the pairs implied by the groups a resolver forms (every two records put in one
group), not the raw scored pairs, because groups are what analysts see.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from linewatch.resolve.canonical import Clusters

Pair = tuple[str, str]


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    found_pairs: int
    false_pairs: int
    missed_pairs: int

    def summary(self) -> str:
        return (
            f"precision {self.precision:.4f} recall {self.recall:.4f} F1 {self.f1:.4f} "
            f"({self.true_pairs} true pairs, {self.false_pairs} false, {self.missed_pairs} missed)"
        )


def pairs_of_groups(groups: Iterable[Iterable[str]]) -> set[Pair]:
    out: set[Pair] = set()
    for group in groups:
        for a, b in itertools.combinations(sorted(set(group)), 2):
            out.add((a, b))
    return out


def groups_of_pairs(pairs: Iterable[Pair]) -> list[list[str]]:
    """The connected groups that merging every pair would form."""
    clusters = Clusters()
    for a, b in pairs:
        clusters.union(a, b)
    return [list(g) for g in clusters.groups()]


def groups_by_key(keys: dict[str, str]) -> list[list[str]]:
    """Records grouped by a true key (record id -> entity key)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for record, key in keys.items():
        groups[key].append(record)
    return list(groups.values())


def pair_scores(found: set[Pair], true: set[Pair]) -> PairScores:
    hits = len(found & true)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(
        precision, recall, f1, len(true), len(found), len(found - true), len(true - found)
    )
