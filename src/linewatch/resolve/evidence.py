"""Why a matcher thought two records are one person, kept as assessments.

Each proposal that was merged or queued for review leaves a ``same_person`` assessment whose
subject is the pair, whose reasons are the comparison weights in words and whose evidence is
the two records: the review page shows it, and it outlives any later change of mind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, update

from linewatch.resolve.judgements import bulk_insert, pair
from linewatch.store import make_id, tables, utcnow

if TYPE_CHECKING:
    from linewatch.resolve.matching import Candidate

CLAIM = "same_person"
_CHUNK = 2000


def pair_subject(left_id: str, right_id: str) -> str:
    """The assessment subject for a pair of records (the smaller id first)."""
    return "|".join(pair(left_id, right_id))


def record_match_assessments(
    conn: Connection, candidates: Sequence[Candidate], actor_id: str
) -> None:
    """One current ``same_person`` assessment per pair; earlier ones are superseded."""
    if not candidates:
        return
    a = tables.assessments
    now = utcnow()
    subjects = sorted({pair_subject(c.left_id, c.right_id) for c in candidates})
    for start in range(0, len(subjects), _CHUNK):
        conn.execute(
            update(a)
            .where(
                a.c.subject_id.in_(subjects[start : start + _CHUNK]),
                a.c.claim == CLAIM,
                a.c.superseded_at.is_(None),
            )
            .values(superseded_at=now)
        )
    rows = []
    for c in candidates:
        method, _, version = c.method.partition(":")
        subject = pair_subject(c.left_id, c.right_id)
        rows.append(
            {
                "id": make_id("as", CLAIM, subject, c.method, now.isoformat()),
                "subject_id": subject,
                "claim": CLAIM,
                "score": c.score,
                "reasons": list(c.comparisons),
                "evidence": [
                    {"kind": "entity", "id": c.left_id},
                    {"kind": "entity", "id": c.right_id},
                ],
                "method": method,
                "method_version": version or "1",
                "created_at": now,
                "created_by": actor_id,
            }
        )
    bulk_insert(conn, a, rows)


def match_assessment(conn: Connection, left_id: str, right_id: str) -> dict[str, Any] | None:
    """The current ``same_person`` assessment of a pair, or None if no matcher scored it."""
    a = tables.assessments
    query = (
        select(a)
        .where(
            a.c.subject_id == pair_subject(left_id, right_id),
            a.c.claim == CLAIM,
            a.c.superseded_at.is_(None),
        )
        .order_by(a.c.created_at.desc())
        .limit(1)
    )
    row = conn.execute(query).mappings().first()
    return dict(row) if row is not None else None
