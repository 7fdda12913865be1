"""The matcher seam: anything that proposes scored pairs, and the one place that applies them.

A matcher only proposes; ``resolve`` decides. It writes a positive judgement for each
proposal at or above the threshold that joins two groups not already one, leaves alone any
pair a person (or an earlier run) has already judged, and never joins groups that a negative
judgement keeps apart. Exact identifiers are the first matcher; a probabilistic one (Splink)
plugs in the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, Judgement
from linewatch.resolve.canonical import CANONICAL_LOCK, Clusters, load_clusters, write_canonical
from linewatch.resolve.evidence import record_match_assessments
from linewatch.resolve.judgements import (
    insert_judgements,
    judged_pairs,
    judgement_row,
    pair,
    retract,
)
from linewatch.resolve.views import Plain
from linewatch.store import lock_work


@dataclass(frozen=True)
class Candidate:
    """A proposal that two records of the same schema are one thing."""

    left_id: str
    right_id: str
    score: float
    method: str
    reason: str
    # How each comparison weighed in ({"comparison", "level", "weight", "text"}), for review.
    comparisons: tuple[dict[str, Any], ...] = ()


class Matcher(Protocol):
    """Proposes candidate pairs, each with a score between 0 and 1 and the reason for it."""

    name: str

    def candidates(self, conn: Connection) -> Iterable[Candidate]: ...


@dataclass
class ResolveResult(Plain):
    """What one resolution run did."""

    matcher: str
    candidates: int = 0
    merged: int = 0
    already_same: int = 0
    already_judged: int = 0
    blocked: int = 0
    below_threshold: int = 0
    queued: int = 0
    records_changed: int = 0
    merged_by_method: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        methods = ", ".join(f"{m} {n}" for m, n in sorted(self.merged_by_method.items()))
        return (
            f"{self.matcher}: {self.merged} merges from {self.candidates} candidate pairs"
            + (f" ({methods})" if methods else "")
            + (f"; {self.queued} pairs queued for an analyst's review" if self.queued else "")
            + f"; {self.blocked} blocked by a 'not the same' judgement, "
            f"{self.already_judged} already judged; {self.records_changed} records re-resolved"
        )


def resolve(
    access: Access,
    matcher: Matcher,
    *,
    min_score: float = 1.0,
    review_from: float | None = None,
) -> ResolveResult:
    """Apply a matcher's proposals as positive judgements and rebuild the canonical ids.

    With ``review_from``, proposals scored from there up to ``min_score`` become unsure
    judgements (the analyst review queue) instead of being dropped; they merge nothing.
    Proposals that carry comparison weights are kept as ``same_person`` assessments too.
    """
    access.require(Permission.RESOLVE_ENTITIES)
    result = ResolveResult(matcher.name)
    # Proposing only reads the records, and may take minutes (training a model): it runs
    # before the canonical lock, which on SQLite holds every other writer back.
    with access.store.connect() as conn:
        proposals = list(matcher.candidates(conn))
    with access.store.begin() as conn:
        lock_work(conn, CANONICAL_LOCK)
        clusters, overridden = load_clusters(conn)
        if overridden:
            retract(conn, overridden, access.actor.id)
        decided = _decide(
            conn, clusters, proposals, min_score, review_from, access.actor.id, result
        )
        rows = [row for row, _ in decided]
        insert_judgements(conn, rows)
        record_match_assessments(conn, [c for _, c in decided if c.comparisons], access.actor.id)
        result.records_changed = len(write_canonical(conn, clusters))
        if rows:
            combined = {r["left_id"] for r in rows} | {r["right_id"] for r in rows}
            access.log(conn, AuditOperation.COMBINATION, sorted(combined))
    return result


def _decide(
    conn: Connection,
    clusters: Clusters,
    proposals: Iterable[Candidate],
    min_score: float,
    review_from: float | None,
    actor_id: str,
    result: ResolveResult,
) -> list[tuple[dict[str, Any], Candidate]]:
    """Judgement rows for the proposals to accept or queue; ``clusters`` grows with merges."""
    judged = judged_pairs(conn)
    methods: Counter[str] = Counter()
    rows: list[tuple[dict[str, Any], Candidate]] = []
    for candidate in proposals:
        result.candidates += 1
        left, right = candidate.left_id, candidate.right_id
        if left == right:
            continue
        if candidate.score < min_score:
            result.below_threshold += 1
            if review_from is not None and candidate.score >= review_from:
                queued = pair(left, right) not in judged and not clusters.same(left, right)
                if queued and not clusters.conflicts(left, right):
                    judged.add(pair(left, right))
                    result.queued += 1
                    rows.append((_row(candidate, Judgement.UNSURE, actor_id), candidate))
        elif pair(left, right) in judged:
            result.already_judged += 1
        elif clusters.same(left, right):
            result.already_same += 1
        elif clusters.conflicts(left, right):
            result.blocked += 1
        else:
            clusters.union(left, right)
            methods[candidate.method] += 1
            rows.append((_row(candidate, Judgement.POSITIVE, actor_id), candidate))
    result.merged = sum(methods.values())
    result.merged_by_method = dict(methods)
    return rows


def _row(candidate: Candidate, verdict: Judgement, actor_id: str) -> dict[str, Any]:
    return judgement_row(
        candidate.left_id,
        candidate.right_id,
        verdict,
        method=candidate.method,
        reason=candidate.reason,
        decided_by=actor_id,
        score=candidate.score,
    )
