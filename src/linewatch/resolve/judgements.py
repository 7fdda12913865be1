"""The resolver's judgements: recorded, read and retracted, never deleted or rewritten.

A pair is always stored with the smaller id on the left, so (A, B) and (B, A) are one pair.
At most one judgement per pair is active: a new decision on a pair retracts the previous one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, Table, insert, select, update

from linewatch.model import Judgement
from linewatch.resolve.views import JudgementView
from linewatch.store import tables, utcnow

J = tables.resolver_judgements
_CHUNK = 5000


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def judgement_row(
    left_id: str,
    right_id: str,
    judgement: Judgement,
    *,
    method: str,
    reason: str,
    decided_by: str,
    score: float | None = None,
) -> dict[str, Any]:
    left, right = pair(left_id, right_id)
    return {
        "left_id": left,
        "right_id": right,
        "judgement": str(judgement),
        "score": score,
        "method": method,
        "reason": reason,
        "decided_by": decided_by,
        "decided_at": utcnow(),
    }


def bulk_insert(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):
        conn.execute(insert(table), list(rows[start : start + _CHUNK]))


def insert_judgements(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    bulk_insert(conn, J, rows)


def insert_judgement(conn: Connection, row: Mapping[str, Any]) -> JudgementView:
    inserted = conn.execute(insert(J).values(**row)).inserted_primary_key
    assert inserted is not None
    return JudgementView(id=int(inserted[0]), **row)


def active_rows(conn: Connection) -> list[tuple[int, str, str, str]]:
    """(id, left, right, judgement) of every active judgement, oldest decision first."""
    query = (
        select(J.c.id, J.c.left_id, J.c.right_id, J.c.judgement)
        .where(J.c.retracted_at.is_(None))
        .order_by(J.c.decided_at, J.c.id)
    )
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in conn.execute(query)]


def judged_pairs(conn: Connection) -> set[tuple[str, str]]:
    """Pairs that carry an active judgement of any kind: a matcher leaves these alone."""
    query = select(J.c.left_id, J.c.right_id).where(J.c.retracted_at.is_(None))
    return {(str(a), str(b)) for a, b in conn.execute(query)}


def active_on_pair(conn: Connection, left_id: str, right_id: str) -> list[JudgementView]:
    left, right = pair(left_id, right_id)
    query = select(J).where(J.c.left_id == left, J.c.right_id == right, J.c.retracted_at.is_(None))
    return [_view(r) for r in conn.execute(query).mappings()]


def retract(conn: Connection, ids: Collection[int], retracted_by: str) -> None:
    ordered = sorted(ids)
    now = utcnow()
    for start in range(0, len(ordered), _CHUNK):
        conn.execute(
            update(J)
            .where(J.c.id.in_(ordered[start : start + _CHUNK]), J.c.retracted_at.is_(None))
            .values(retracted_at=now, retracted_by=retracted_by)
        )


def judgements_within(conn: Connection, canonical: str) -> list[JudgementView]:
    """The active judgements between members of one resolved entity: how it was put together."""
    ec = tables.entity_canonical
    group = select(ec.c.entity_id).where(ec.c.canonical_id == canonical)
    query = (
        select(J)
        .where(J.c.left_id.in_(group), J.c.right_id.in_(group), J.c.retracted_at.is_(None))
        .order_by(J.c.id)
    )
    return [_view(r) for r in conn.execute(query).mappings()]


def _view(row: RowMapping) -> JudgementView:
    return JudgementView(
        id=int(row["id"]),
        left_id=row["left_id"],
        right_id=row["right_id"],
        judgement=row["judgement"],
        score=row["score"],
        method=row["method"],
        reason=row["reason"],
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
        retracted_at=row["retracted_at"],
        retracted_by=row["retracted_by"],
    )
