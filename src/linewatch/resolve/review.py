"""The analyst review queue: pairs a matcher was unsure of, with the evidence side by side.

A queued pair is an active unsure judgement made by a matcher. The analyst accepts it
(``judge`` POSITIVE: the records merge), rejects it (``judge`` NEGATIVE: kept apart from then
on) or later undoes a merge (``split``); each is audited there. Reading a pair is a
consultation of both records and is audited here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, Judgement
from linewatch.resolve.entity import _properties
from linewatch.resolve.evidence import match_assessment
from linewatch.resolve.judgements import J, _view, active_on_pair
from linewatch.resolve.views import JudgementView, Plain, PropertyValue
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


def review_pair(access: Access, left_id: str, right_id: str) -> ReviewPair:
    """Both records with every value and source, the active judgement and the match weights."""
    access.require(Permission.RESOLVE_ENTITIES)
    with access.store.begin() as conn:
        seen = visibility(conn, access)
        e = tables.entities
        query = select(e.c.id, e.c.schema).where(e.c.id.in_([left_id, right_id]))
        schemas = {str(i): str(s) for i, s in conn.execute(query)}
        missing = [i for i in (left_id, right_id) if i not in schemas]
        if missing:
            raise LookupError(f"no such entity: {', '.join(missing)}")
        sides = [_properties(conn, str(schemas[i]), [i], seen) for i in (left_id, right_id)]
        active = active_on_pair(conn, left_id, right_id)
        assessment = match_assessment(conn, left_id, right_id)
        access.log(conn, AuditOperation.CONSULTATION, sorted({left_id, right_id}))
    return ReviewPair(
        left_id=left_id,
        right_id=right_id,
        score=float(assessment["score"]) if assessment else None,
        judgement=active[0] if active else None,
        left=sides[0],
        right=sides[1],
        comparisons=list(assessment["reasons"]) if assessment else [],
    )
