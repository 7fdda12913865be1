"""The analyst review queue: pairs a matcher was unsure of, with the evidence side by side.

A queued pair is an active unsure judgement made by a matcher. The analyst accepts it
(``judge`` POSITIVE: the records merge), rejects it (``judge`` NEGATIVE: kept apart from then
on) or later undoes a merge (``split``); each is audited there. Reading a pair, or the names
in the queue, is a consultation of those records and is audited here.

A score is explained as Splink's waterfall chart does: the prior (how likely two records
picked at random are one person) plus each comparison's match weight gives the pair's total
weight, and the total gives the probability. A weight w is a Bayes factor of 2**w.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, Judgement
from linewatch.resolve.canonical import canonical_id
from linewatch.resolve.captions import describe
from linewatch.resolve.entity import _links, _properties
from linewatch.resolve.evidence import match_assessment
from linewatch.resolve.judgements import J, _view, active_on_pair, pair
from linewatch.resolve.views import JudgementView, LinkView, Plain, PropertyValue
from linewatch.resolve.visibility import visibility
from linewatch.store import tables


@dataclass(frozen=True)
class ReviewPair(Plain):
    """Two records as the review page shows them, and why the matcher was unsure."""

    left_id: str
    right_id: str
    score: float | None
    judgement: JudgementView | None
    left: list[PropertyValue]
    right: list[PropertyValue]
    comparisons: list[dict[str, Any]] = field(default_factory=list)
    left_canonical: str = ""
    right_canonical: str = ""
    waterfall: list[WeightStep] = field(default_factory=list)
    left_links: list[LinkView] = field(default_factory=list)
    right_links: list[LinkView] = field(default_factory=list)

    @property
    def merged(self) -> bool:
        return bool(self.left_canonical) and self.left_canonical == self.right_canonical

    def sides(self) -> list[tuple[str, str | None, str | None]]:
        """(property label, left values, right values) row by row, for a side-by-side table."""
        labels: dict[str, str] = {}
        values: dict[str, tuple[list[str], list[str]]] = {}
        for index, side in enumerate((self.left, self.right)):
            for v in side:
                labels.setdefault(v.prop, v.label)
                values.setdefault(v.prop, ([], []))[index].append(v.value)
        # Then what each record is linked to (its phone, its address...), link type by type.
        for index, links in enumerate((self.left_links, self.right_links)):
            for link in links:
                key = f"{link.link_type}:{link.direction}"
                label = link.label[:1].upper() + link.label[1:]
                label = label if link.direction == "outgoing" else f"{label} (from)"
                labels.setdefault(key, label)
                values.setdefault(key, ([], []))[index].append(link.other_caption)
        return [
            (labels[p], "; ".join(values[p][0]) or None, "; ".join(values[p][1]) or None)
            for p in labels
        ]


@dataclass(frozen=True)
class WeightStep(Plain):
    """One bar of the waterfall: what moved the weight, by how much, and where it then stood."""

    comparison: str
    level: str
    weight: float
    bayes_factor: float
    cumulative: float
    probability: float


@dataclass(frozen=True)
class QueueItem(Plain):
    """A queued pair as the queue lists it: the judgement and what each record is called."""

    judgement: JudgementView
    left_caption: str
    right_caption: str


def probability_of(weight: float) -> float:
    return 1.0 / (1.0 + 2.0 ** (-weight)) if weight > -1000 else 0.0


def waterfall(score: float | None, comparisons: list[dict[str, Any]]) -> list[WeightStep]:
    """The prior and each comparison's weight, running totals and probabilities after each.

    The prior is what remains of the score's total weight once the comparisons are taken
    away: Splink adds them to it, so this recovers it exactly (up to the rounding of weights).
    """
    if score is None or not comparisons or not 0.0 < score < 1.0:
        return []
    total = math.log2(score / (1.0 - score))
    prior = total - sum(float(c["weight"]) for c in comparisons)
    steps = [
        WeightStep(
            "prior",
            "two records picked at random are one person",
            round(prior, 2),
            2.0**prior,
            round(prior, 2),
            probability_of(prior),
        )
    ]
    running = prior
    for c in comparisons:
        weight = float(c["weight"])
        running += weight
        steps.append(
            WeightStep(
                str(c["comparison"]),
                str(c["level"]),
                weight,
                2.0**weight,
                round(running, 2),
                probability_of(running),
            )
        )
    return steps


def review_queue(access: Access, limit: int = 200) -> list[JudgementView]:
    """Pending pairs, most likely matches first: active unsure judgements by a matcher."""
    access.require(Permission.RESOLVE_ENTITIES)
    query = (
        select(J)
        .where(
            J.c.retracted_at.is_(None),
            J.c.judgement == str(Judgement.UNSURE),
            J.c.method.like("splink:%"),
        )
        .order_by(J.c.score.desc(), J.c.id)
        .limit(limit)
    )
    with access.store.begin() as conn:
        return [_view(r) for r in conn.execute(query).mappings()]


def recent_merges(access: Access, limit: int = 20) -> list[QueueItem]:
    """Merges in force, newest first, named: where an analyst goes to undo one."""
    access.require(Permission.RESOLVE_ENTITIES)
    query = (
        select(J)
        .where(J.c.retracted_at.is_(None), J.c.judgement == str(Judgement.POSITIVE))
        .order_by(J.c.decided_at.desc(), J.c.id.desc())
        .limit(limit)
    )
    with access.store.begin() as conn:
        merges = [_view(r) for r in conn.execute(query).mappings()]
    return _named(access, merges)


def review_queue_items(access: Access, limit: int = 200) -> list[QueueItem]:
    """The queue with what each record is called; showing the names is a consultation."""
    return _named(access, review_queue(access, limit))


def _named(access: Access, queue: list[JudgementView]) -> list[QueueItem]:
    ids = sorted({i for j in queue for i in (j.left_id, j.right_id)})
    with access.store.begin() as conn:
        described = describe(conn, ids, visibility(conn, access))
        if ids:
            access.log(conn, AuditOperation.CONSULTATION, ids)
    # A record that already heads a merged entity is named by that entity's values.
    return [
        QueueItem(
            j,
            described[j.left_id].caption if j.left_id in described else j.left_id,
            described[j.right_id].caption if j.right_id in described else j.right_id,
        )
        for j in queue
    ]


def queued_judgement(access: Access, judgement_id: int) -> JudgementView:
    """A judgement by its number (as the queue lists it), active or not."""
    access.require(Permission.RESOLVE_ENTITIES)
    with access.store.begin() as conn:
        row = conn.execute(select(J).where(J.c.id == judgement_id)).mappings().first()
    if row is None:
        raise LookupError(f"no judgement number {judgement_id}")
    return _view(row)


def review_pair(access: Access, left_id: str, right_id: str) -> ReviewPair:
    """Both records with every value and source, the active judgement and the match weights.

    The pair is shown the way it is stored: the smaller id on the left.
    """
    access.require(Permission.RESOLVE_ENTITIES)
    left_id, right_id = pair(left_id, right_id)
    with access.store.begin() as conn:
        seen = visibility(conn, access)
        e = tables.entities
        query = select(e.c.id, e.c.schema).where(e.c.id.in_([left_id, right_id]))
        schemas = {str(i): str(s) for i, s in conn.execute(query)}
        missing = [i for i in (left_id, right_id) if i not in schemas]
        if missing:
            raise LookupError(f"no such entity: {', '.join(missing)}")
        sides = [_properties(conn, str(schemas[i]), [i], seen) for i in (left_id, right_id)]
        links = [_links(conn, [i], seen) for i in (left_id, right_id)]
        active = active_on_pair(conn, left_id, right_id)
        assessment = match_assessment(conn, left_id, right_id)
        canonicals = (canonical_id(conn, left_id), canonical_id(conn, right_id))
        access.log(conn, AuditOperation.CONSULTATION, sorted({left_id, right_id}))
    score = float(assessment["score"]) if assessment else None
    comparisons = list(assessment["reasons"]) if assessment else []
    return ReviewPair(
        left_id=left_id,
        right_id=right_id,
        score=score,
        judgement=active[0] if active else None,
        left=sides[0],
        right=sides[1],
        comparisons=comparisons,
        left_canonical=canonicals[0],
        right_canonical=canonicals[1],
        waterfall=waterfall(score, comparisons),
        left_links=links[0],
        right_links=links[1],
    )
