"""Corroboration: which reports, from how many independent sources, point at the same entity.

A report mentions an entity when it gave a statement about it (a phone number, a name, a
plate); merged records count as one entity. Two reports are independent sources when they
came by different routes: a different channel or a different originating organisation.
Two public web reports could be one person writing twice, so they share a source; a later
near-duplicate copy (``duplicates``) is not counted at all. An intelligence officer may raise
a report's assessment to B ("known indirectly, corroborated") when at least one independent
source backs it; the grade history then names the corroborating reports.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from linewatch.access import Access, AccessDenied, Permission
from linewatch.evaluate.duplicates import copy_ids
from linewatch.evaluate.grading import GradeRecord, GradingError, default_grading, grade
from linewatch.model import domain
from linewatch.resolve import canonical_id, canonical_map, members
from linewatch.store import tables

CORROBORATED = "B"
# Assessments that corroboration may raise to B: hearsay, unknown, or not yet assessed.
RAISABLE = frozenset({"C", "D", None})


@dataclass(frozen=True)
class ReportSource:
    """One report that mentions an entity, and the source it counts as."""

    report_id: str
    reference: str
    channel: str
    originating_org: str
    grading: str

    @property
    def source(self) -> str:
        return f"{self.channel} / {self.originating_org}"


@dataclass(frozen=True)
class Corroboration:
    """An entity and the reports that mention it: seen in N reports from M sources."""

    entity_id: str
    schema: str
    caption: str
    reports: list[ReportSource] = field(default_factory=list)
    excluded_copies: list[str] = field(default_factory=list)

    @property
    def report_count(self) -> int:
        return len(self.reports)

    @property
    def source_count(self) -> int:
        return len({r.source for r in self.reports})

    @property
    def summary(self) -> str:
        n, m = self.report_count, self.source_count
        return (
            f"seen in {n} report{'s' if n != 1 else ''} from {m} independent "
            f"source{'s' if m != 1 else ''}"
        )

    def independent_of(self, report: ReportSource) -> list[ReportSource]:
        """The reports here from a source other than ``report``'s own."""
        return [r for r in self.reports if r.source != report.source]

    def to_dict(self) -> dict[str, object]:
        return {
            "entity_id": self.entity_id,
            "schema": self.schema,
            "caption": self.caption,
            "summary": self.summary,
            "report_count": self.report_count,
            "source_count": self.source_count,
            "reports": [{**r.__dict__, "source": r.source} for r in self.reports],
            "excluded_copies": self.excluded_copies,
        }


def _grading(row: tuple[object, ...]) -> str:
    codes = row[4:7]
    return "/".join(str(c) if c else "-" for c in codes) if any(codes) else "ungraded"


def _caption(conn: Connection, schema: str, ids: list[str]) -> str:
    st = tables.statements
    props = domain().entity(schema).caption
    rows = conn.execute(
        select(st.c.prop, st.c.value).where(st.c.entity_id.in_(ids), st.c.prop.in_(props))
    ).all()
    for prop in props:
        values = Counter(str(v) for p, v in rows if p == prop)
        if values:
            return min(values.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return domain().entity(schema).label


def corroboration_of_entity(conn: Connection, entity_id: str) -> Corroboration | None:
    """The reports that mention the resolved entity holding ``entity_id``; None if unknown."""
    root = canonical_id(conn, entity_id)
    ids = members(conn, root)
    e, st, r = tables.entities, tables.statements, tables.reports
    schema = conn.execute(select(e.c.schema).where(e.c.id.in_(ids))).scalar()
    if schema is None:
        return None
    report_ids = select(st.c.source_id).where(st.c.entity_id.in_(ids), st.c.source_kind == "report")
    rows = conn.execute(
        select(
            r.c.id,
            r.c.reference,
            r.c.channel,
            r.c.originating_org,
            r.c.source_evaluation,
            r.c.intelligence_assessment,
            r.c.handling_code,
        )
        .where(r.c.id.in_(report_ids))
        .order_by(r.c.reported_at, r.c.reference)
    ).all()
    copies = copy_ids(conn)
    return Corroboration(
        entity_id=root,
        schema=str(schema),
        caption=_caption(conn, str(schema), ids),
        reports=[
            ReportSource(row[0], row[1], row[2], row[3], _grading(tuple(row)))
            for row in rows
            if row[0] not in copies
        ],
        excluded_copies=[row[1] for row in rows if row[0] in copies],
    )


def mentioned_entities(conn: Connection, report_id: str) -> list[str]:
    """The resolved entities a report gave statements about, in id order."""
    st = tables.statements
    found = conn.execute(
        select(st.c.entity_id)
        .where(st.c.source_kind == "report", st.c.source_id == report_id)
        .distinct()
    ).scalars()
    return sorted({canonical_id(conn, str(e)) for e in found})


def corroboration_of_report(conn: Connection, report_id: str) -> list[Corroboration]:
    """For each entity a report mentions, who else reported it; the best backed first."""
    found = [corroboration_of_entity(conn, e) for e in mentioned_entities(conn, report_id)]
    present = [c for c in found if c is not None]
    present.sort(key=lambda c: (-c.source_count, -c.report_count, c.caption))
    return present


def corroborating_reports(
    corroborations: Iterable[Corroboration], report_id: str
) -> dict[str, tuple[ReportSource, list[str]]]:
    """Reports from an independent source backing ``report_id``: id -> (report, on what)."""
    backing: dict[str, tuple[ReportSource, list[str]]] = {}
    on_what: dict[str, list[str]] = defaultdict(list)
    for item in corroborations:
        own = next((r for r in item.reports if r.report_id == report_id), None)
        if own is None:
            continue
        for other in item.independent_of(own):
            on_what[other.report_id].append(f"{item.caption} ({item.schema})")
            backing[other.report_id] = (other, on_what[other.report_id])
    return backing


def _force_only(access: Access) -> None:
    access.require(Permission.GRADE_REPORTS)
    if access.visible_organisations() is not None:
        raise AccessDenied("corroboration draws on every organisation's reports")


def entity_corroboration(access: Access, entity_id: str) -> Corroboration | None:
    """Which reports, from how many independent sources, mention an entity (None: unknown).

    The reports come from every organisation, so this is for the force's own graders.
    """
    _force_only(access)
    with access.store.begin() as conn:
        found = corroboration_of_entity(conn, entity_id)
        if found is not None and found.reports:
            access.consult(conn, [r.report_id for r in found.reports])
    return found


def report_corroboration(access: Access, report_id: str) -> list[Corroboration]:
    """For each entity a report mentions, the reports and sources that also mention it."""
    _force_only(access)
    with access.store.begin() as conn:
        found = corroboration_of_report(conn, report_id)
        ids = sorted({r.report_id for c in found for r in c.reports})
        if ids:
            access.consult(conn, ids)
    return found


def raise_to_corroborated(access: Access, report_id: str) -> GradeRecord:
    """Re-grade a report's assessment to B on the strength of independent reports.

    The source evaluation and handling stay as they are (an ungraded report takes its
    channel's default source evaluation); the grade history's reason names every
    corroborating report and what it shares. Refused when no independent source backs the
    report, or when its assessment is A, B or E: corroboration does not upgrade first-hand
    knowledge, and a report suspected false needs a person's own reasons.
    """
    _force_only(access)
    r = tables.reports
    with access.store.begin() as conn:
        row = conn.execute(select(r).where(r.c.id == report_id)).mappings().first()
        if row is None:
            raise LookupError(f"no report {report_id!r}")
        if row["id"] in copy_ids(conn):
            raise GradingError("this report is a near-duplicate copy: grade the original")
        backing = corroborating_reports(corroboration_of_report(conn, report_id), report_id)
        access.consult(conn, [report_id, *sorted(backing)])
    if row["grading_scheme"] != "3x5x2" and row["source_evaluation"] is not None:
        raise GradingError(
            "this report holds a legacy 5x5x5 grade, which is never mapped: re-grade it first"
        )
    current = row["intelligence_assessment"]
    if current not in RAISABLE:
        raise GradingError(
            f"the assessment is {current}: only a C, D or ungraded report is raised to B "
            "by corroboration"
        )
    if not backing:
        raise GradingError("no report from an independent source mentions what this one does")
    reason = "corroborated by " + "; ".join(
        f"{other.reference} ({other.source}) on {', '.join(what)}"
        for other, what in sorted(backing.values(), key=lambda b: b[0].reference)
    )
    default = default_grading(row["channel"])
    return grade(
        access,
        report_id,
        row["source_evaluation"] or default.source_evaluation,
        CORROBORATED,
        row["handling_code"] or default.handling_code,
        row["handling_conditions"],
        reason=reason,
    )


def independent_backing(conn: Connection) -> dict[str, list[str]]:
    """For every report, the references of reports from other sources that mention one of
    the same entities (near-duplicate copies left out): the whole store in three queries,
    for ranking a queue."""
    st, r = tables.statements, tables.reports
    copies = copy_ids(conn)
    canonical = canonical_map(conn)
    sources: dict[str, tuple[str, str]] = {}
    for report_id, reference, channel, org in conn.execute(
        select(r.c.id, r.c.reference, r.c.channel, r.c.originating_org)
    ):
        if report_id not in copies:
            sources[str(report_id)] = (str(reference), f"{channel} / {org}")
    by_entity: dict[str, set[str]] = defaultdict(set)
    for entity_id, report_id in conn.execute(
        select(st.c.entity_id, st.c.source_id).where(st.c.source_kind == "report").distinct()
    ):
        if report_id in sources:
            by_entity[canonical.get(str(entity_id), str(entity_id))].add(str(report_id))
    backing: dict[str, set[str]] = defaultdict(set)
    for reports in by_entity.values():
        for one in reports:
            own = sources[one][1]
            backing[one].update(sources[o][0] for o in reports if sources[o][1] != own)
    return {report_id: sorted(refs) for report_id, refs in backing.items() if refs}
