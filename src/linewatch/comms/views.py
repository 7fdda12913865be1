"""The current deal lines, as the briefing and the web pages show them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from linewatch.access import Access, Permission
from linewatch.comms.rules import CLAIM
from linewatch.store import tables


@dataclass
class DealLineView:
    """One current DEAL_LINE assessment with what it rests on."""

    assessment_id: str
    phone_id: str
    number: str
    score: float
    reasons: list[str]
    productions: list[str]
    figures: dict[str, Any]
    method: str
    method_version: str
    assessed_at: datetime
    handsets: list[str] = field(default_factory=list)


def deal_lines(access: Access) -> list[DealLineView]:
    """Every phone currently assessed a deal line, highest score first (a logged consultation)."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    assessments, statements = tables.assessments, tables.statements
    with access.store.begin() as conn:
        rows = conn.execute(
            select(assessments)
            .where(assessments.c.claim == CLAIM, assessments.c.superseded_at.is_(None))
            .order_by(assessments.c.score.desc(), assessments.c.subject_id)
        ).all()
        subjects = sorted({row.subject_id for row in rows})
        numbers: dict[str, str] = {}
        handsets: dict[str, set[str]] = {s: set() for s in subjects}
        for start in range(0, len(subjects), 500):
            chunk = subjects[start : start + 500]
            for entity_id, prop, value in conn.execute(
                select(statements.c.entity_id, statements.c.prop, statements.c.value).where(
                    statements.c.entity_id.in_(chunk), statements.c.prop.in_(("number", "imei"))
                )
            ):
                if prop == "number":
                    numbers.setdefault(entity_id, value)
                else:
                    handsets[entity_id].add(value)
        if subjects:
            access.consult(conn, subjects)
    views = []
    for row in rows:
        evidence = list(row.evidence or [])
        figures: dict[str, Any] = next(
            (e.get("values", {}) for e in evidence if e.get("kind") == "figures"), {}
        )
        views.append(
            DealLineView(
                assessment_id=row.id,
                phone_id=row.subject_id,
                number=numbers.get(row.subject_id, ""),
                score=float(row.score),
                reasons=list(row.reasons or []),
                productions=[e["id"] for e in evidence if e.get("kind") == "production"],
                figures=dict(figures),
                method=row.method,
                method_version=row.method_version,
                assessed_at=row.created_at,
                handsets=sorted(handsets.get(row.subject_id, set())),
            )
        )
    return views
