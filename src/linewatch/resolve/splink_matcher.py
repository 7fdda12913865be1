"""Probabilistic matching of people with Splink, as a matcher like any other.

The matcher proposes every pair scored at or above the review threshold. ``resolve_people``
merges those at or above the merge threshold as positive judgements and sends those between
the two thresholds to the analyst review queue as unsure judgements: nothing below the merge
threshold is ever merged without a person deciding.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from linewatch.access import Access
from linewatch.resolve.linkage import METHOD, configured_backend, link_people
from linewatch.resolve.matching import Candidate, ResolveResult, resolve
from linewatch.resolve.people_frame import people_frame

MERGE_THRESHOLD = 0.9
REVIEW_THRESHOLD = 0.5
_STRONGEST = 3
COMPARISON_NAMES = {
    "first_name": "first name",
    "surname": "surname",
    "birth": "date of birth or age",
    "street_name": "street name",
    "address": "address",
    "town": "town",
    "postcode": "postcode",
    "phone": "phone",
    "vrm": "vehicle",
}


@dataclass(frozen=True)
class ComparisonWeight:
    """How one comparison moved a pair's score: its level in words and its match weight."""

    comparison: str
    level: str
    weight: float

    def text(self) -> str:
        if abs(self.weight) < 0.05:
            return f"{self.comparison}: {self.level} (no evidence either way)"
        direction = "for" if self.weight > 0 else "against"
        return f"{self.comparison}: {self.level} ({self.weight:+.1f}, {direction} a match)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "comparison": self.comparison,
            "level": self.level,
            "weight": round(self.weight, 2),
            "text": self.text(),
        }


def level_labels(linker: Any) -> dict[str, tuple[str, dict[int, str]]]:
    """Comparison output column -> (description, comparison vector value -> level label)."""
    labels: dict[str, tuple[str, dict[int, str]]] = {}
    for comparison in linker._settings_obj.comparisons:
        levels = {
            int(level.comparison_vector_value): str(level.label_for_charts)
            for level in comparison.comparison_levels
        }
        column = comparison.output_column_name
        labels[column] = (COMPARISON_NAMES.get(column, column.replace("_", " ")), levels)
    return labels


def explain(
    row: pd.Series, labels: dict[str, tuple[str, dict[int, str]]]
) -> list[ComparisonWeight]:
    """Every comparison's level and weight for one scored pair, strongest evidence first."""
    weights = []
    for column, (description, levels) in labels.items():
        gamma = int(row[f"gamma_{column}"])
        weight = float(row[f"mw_{column}"])
        tf = row.get(f"mw_tf_adj_{column}")
        if tf is not None and not pd.isna(tf):
            # A rare name agreeing says more than a common one; the adjustment is that.
            weight += float(tf)
        weights.append(ComparisonWeight(description, levels.get(gamma, str(gamma)), weight))
    return sorted(weights, key=lambda w: -abs(w.weight))


def reason_for(probability: float, weights: list[ComparisonWeight]) -> str:
    strongest = [w.text() for w in weights if abs(w.weight) >= 0.05][:_STRONGEST]
    return f"match probability {probability:.3f}; strongest evidence: " + "; ".join(strongest)


class SplinkMatcher:
    """Proposes pairs of Person records that a trained Splink model scores as one person."""

    name = "splink"

    def __init__(
        self,
        *,
        backend: str | None = None,
        review_threshold: float = REVIEW_THRESHOLD,
        seed: int = 2026,
    ) -> None:
        # Read once, so a bad setting fails before any work rather than after training.
        self.backend = configured_backend(backend)
        self.review_threshold = review_threshold
        self.seed = seed

    def candidates(self, conn: Connection) -> Iterator[Candidate]:
        frame = people_frame(conn)
        if len(frame) < 2:
            return
        linkage = link_people(
            [frame], backend=self.backend, threshold=self.review_threshold, seed=self.seed
        )
        labels = level_labels(linkage.linker)
        pairs = linkage.pairs.sort_values("match_probability", ascending=False)
        for _, row in pairs.iterrows():
            probability = float(row["match_probability"])
            weights = explain(row, labels)
            yield Candidate(
                str(row["unique_id_l"]),
                str(row["unique_id_r"]),
                probability,
                METHOD,
                reason_for(probability, weights),
                tuple(w.to_dict() for w in weights),
            )


def resolve_people(
    access: Access,
    *,
    backend: str | None = None,
    merge_threshold: float = MERGE_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
) -> ResolveResult:
    """Match people probabilistically: merge sure pairs, queue doubtful ones for review."""
    if not 0 < review_threshold <= merge_threshold <= 1:
        raise ValueError("thresholds must satisfy 0 < review <= merge <= 1")
    matcher = SplinkMatcher(backend=backend, review_threshold=review_threshold)
    return resolve(access, matcher, min_score=merge_threshold, review_from=review_threshold)
