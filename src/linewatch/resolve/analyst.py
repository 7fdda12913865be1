"""An analyst's decisions: these two records are (or are not) one thing, and undoing a merge.

The latest decision on a pair stands: recording one retracts the pair's earlier judgement,
which stays in the table with who retracted it and when. Nothing about the records themselves
(their statements, links or assessments) is touched; only which canonical entity they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, Judgement
from linewatch.resolve.canonical import (
    CANONICAL_LOCK,
    canonical_id,
    load_clusters,
    members,
    rebuild_canonical,
)
from linewatch.resolve.judgements import (
    active_on_pair,
    insert_judgement,
    judgement_row,
    retract,
)
from linewatch.resolve.views import JudgementView, Plain
from linewatch.store import lock_work, tables


class ResolveConflict(ValueError):
    """A merge that contradicts a 'not the same' judgement already on record."""


@dataclass(frozen=True)
class Decision(Plain):
    """A recorded judgement, what it retracted, and where its two records now stand.

    ``left`` and ``right`` are the judgement's (the smaller id on the left).
    """

    judgement: JudgementView
    retracted: list[int]
    left_canonical: str
    right_canonical: str
    records_changed: list[str]


def judge(
    access: Access,
    left_id: str,
    right_id: str,
    judgement: Judgement | str,
    reason: str,
    *,
    score: float | None = None,
) -> Decision:
    """Record an analyst's judgement on two records and re-resolve them.

    POSITIVE merges them (refused with ResolveConflict if a 'not the same' judgement keeps
    their groups apart); NEGATIVE keeps them apart from now on, also against exact matching;
    UNSURE records doubt and takes back any earlier judgement on the pair.
    """
    access.require(Permission.RESOLVE_ENTITIES)
    verdict = Judgement(judgement)
    with access.store.begin() as conn:
        lock_work(conn, CANONICAL_LOCK)
        _check(conn, left_id, right_id, reason, same_schema=verdict is Judgement.POSITIVE)
        before = set(members(conn, left_id)) | set(members(conn, right_id))
        decision = _record(conn, access, left_id, right_id, verdict, "analyst", reason, score)
        after = set(members(conn, left_id)) | set(members(conn, right_id))
        operation = (
            AuditOperation.COMBINATION
            if verdict is Judgement.POSITIVE
            else AuditOperation.ALTERATION
        )
        access.log(conn, operation, sorted(before | after))
    return decision


def split(access: Access, left_id: str, right_id: str, reason: str) -> Decision:
    """Undo the merge of two records: they, their statements and links come back apart.

    The positive judgement between them is retracted and a negative one recorded, so no later
    matching run merges them again. If they were joined only through other records, the
    judgements bridging the two sides are retracted too (the decision lists them).
    """
    access.require(Permission.RESOLVE_ENTITIES)
    with access.store.begin() as conn:
        lock_work(conn, CANONICAL_LOCK)
        _check(conn, left_id, right_id, reason, same_schema=False)
        if canonical_id(conn, left_id) != canonical_id(conn, right_id):
            raise ValueError(f"{left_id} and {right_id} are not merged, so cannot be split")
        before = members(conn, left_id)
        decision = _record(
            conn, access, left_id, right_id, Judgement.NEGATIVE, "analyst:split", reason, None
        )
        access.log(conn, AuditOperation.ALTERATION, before)
    return decision


def detach(access: Access, record_id: str, reason: str) -> list[Decision]:
    """Take one record out of the entity it was merged into: split it from each other member.

    Each split records "not the same" between the record and a member it was still joined
    to, so no later matching run puts it back; the rest of the entity stays together unless
    only this record joined them.
    """
    access.require(Permission.RESOLVE_ENTITIES)
    with access.store.begin() as conn:
        others = [m for m in members(conn, record_id) if m != record_id]
    if not others:
        raise ValueError(f"{record_id} is not merged with any other record")
    decisions = []
    for other in others:
        with access.store.begin() as conn:
            joined = canonical_id(conn, other) == canonical_id(conn, record_id)
        if joined:
            decisions.append(split(access, record_id, other, reason))
    return decisions


def _check(
    conn: Connection, left_id: str, right_id: str, reason: str, *, same_schema: bool
) -> None:
    if not reason.strip():
        raise ValueError("a judgement needs a reason")
    if left_id == right_id:
        raise ValueError("a judgement is between two different records")
    e = tables.entities
    query = select(e.c.id, e.c.schema).where(e.c.id.in_([left_id, right_id]))
    found = {str(i): str(s) for i, s in conn.execute(query)}
    missing = [i for i in (left_id, right_id) if i not in found]
    if missing:
        raise LookupError(f"no such entity: {', '.join(missing)}")
    if same_schema and found[left_id] != found[right_id]:
        raise ValueError(
            f"a {found[left_id]} and a {found[right_id]} cannot be one thing "
            f"({left_id}, {right_id})"
        )


def _record(
    conn: Connection,
    access: Access,
    left_id: str,
    right_id: str,
    verdict: Judgement,
    method: str,
    reason: str,
    score: float | None,
) -> Decision:
    actor = access.actor.id
    previous = [j.id for j in active_on_pair(conn, left_id, right_id)]
    retract(conn, previous, actor)
    if verdict is Judgement.POSITIVE:
        clusters, _ = load_clusters(conn)
        conflict = clusters.conflict(left_id, right_id)
        if conflict is not None:
            raise ResolveConflict(
                f"{conflict[0]} and {conflict[1]} were judged not the same; merging {left_id} "
                f"with {right_id} would join them. Re-judge that pair first."
            )
    row = judgement_row(
        left_id,
        right_id,
        verdict,
        method=method,
        reason=reason.strip(),
        decided_by=actor,
        score=score,
    )
    recorded = insert_judgement(conn, row)
    rebuild = rebuild_canonical(conn, actor)
    return Decision(
        judgement=recorded,
        retracted=sorted(previous + rebuild.retracted),
        left_canonical=canonical_id(conn, recorded.left_id),
        right_canonical=canonical_id(conn, recorded.right_id),
        records_changed=sorted(rebuild.changed),
    )
