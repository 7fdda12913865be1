"""What the resolver shows: plain dataclasses the web app renders as HTML and as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


def _plain(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in pairs}


class Plain:
    """``to_dict()`` for a dataclass: nested dataclasses become dicts, times ISO 8601 text."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self, dict_factory=_plain)  # type: ignore[call-overload, no-any-return]


def grading_text(
    source_evaluation: str | None, intelligence_assessment: str | None, handling_code: str | None
) -> str | None:
    """The 3x5x2 grading as officers write it ("2/B/P"), or None when ungraded."""
    parts = (source_evaluation, intelligence_assessment, handling_code)
    if not any(parts):
        return None
    return "/".join(p or "-" for p in parts)


@dataclass(frozen=True)
class SourceView(Plain):
    """One source behind a value: where it came from and how it was graded."""

    entity_id: str
    statement_id: str
    source_kind: str
    source_id: str
    dataset: str | None
    grading: str | None
    source_evaluation: str | None
    intelligence_assessment: str | None
    handling_code: str | None
    classification: str
    observed_at: datetime | None
    original_value: str | None


@dataclass(frozen=True)
class PropertyValue(Plain):
    """One value of one property, with every source that gives it."""

    prop: str
    label: str
    value: str
    sources: list[SourceView]


@dataclass(frozen=True)
class LinkEvidence(Plain):
    """One source's statement of a link, between two of the records behind the entities."""

    link_id: str
    entity_id: str
    other_entity_id: str
    evidence_kind: str
    evidence_id: str
    dataset: str | None
    grading: str | None
    source_evaluation: str | None
    intelligence_assessment: str | None
    handling_code: str | None
    classification: str
    valid_from: datetime | None
    valid_to: datetime | None
    weight: float | None


@dataclass(frozen=True)
class LinkView(Plain):
    """A typed link from (``outgoing``) or to (``incoming``) the entity, to a resolved entity."""

    link_type: str
    label: str
    direction: str
    other_id: str
    other_schema: str
    other_caption: str
    valid_from: datetime | None
    valid_to: datetime | None
    evidence: list[LinkEvidence]


@dataclass(frozen=True)
class AssessmentView(Plain):
    """A derived claim about the entity, with the reasons and evidence it rests on."""

    id: str
    subject_id: str
    claim: str
    score: float
    reasons: list[Any]
    evidence: list[Any]
    method: str
    method_version: str
    created_at: datetime
    created_by: str | None


@dataclass(frozen=True)
class JudgementView(Plain):
    """A resolver judgement: whether two records are one thing, who decided and why."""

    id: int
    left_id: str
    right_id: str
    judgement: str
    score: float | None
    method: str
    reason: str
    decided_by: str
    decided_at: datetime
    retracted_at: datetime | None = None
    retracted_by: str | None = None


@dataclass(frozen=True)
class EntityView(Plain):
    """A resolved entity as the entity page shows it."""

    id: str
    requested_id: str
    schema: str
    schema_label: str
    caption: str
    properties: list[PropertyValue]
    links: list[LinkView]
    assessments: list[AssessmentView]
    members: list[str]
    judgements: list[JudgementView] = field(default_factory=list)

    def values(self, prop: str) -> list[str]:
        return [p.value for p in self.properties if p.prop == prop]


@dataclass(frozen=True)
class EntityHit(Plain):
    """One resolved entity found by a search, and what matched."""

    id: str
    schema: str
    caption: str
    matched_prop: str
    matched_value: str
    members: int
