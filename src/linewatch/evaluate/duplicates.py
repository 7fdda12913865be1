"""Near-duplicate reports: the same report arriving twice is one piece of intelligence.

The same person submitting twice, or a Crimestoppers report forwarded again, reads almost
word for word the same, comes by the same channel from the same organisation and arrives
within days. The words compared are those the sender wrote (the restricted original where
one is kept, since an officer's sanitising edits differ from copy to copy); only a score and
reasons come out. Two reports are compared only inside that block (same channel and
organisation, reported within ``window`` of each other), by ``likeness``: word-trigram
Jaccard for wording and order, token-set Jaccard for a reworded copy, averaged.
The judgement is an ``assessments`` row on the later copy (claim NEAR_DUPLICATE) naming both
reports; the later copy then counts neither in triage nor as corroboration. Reports that say
the same thing months apart are not copies: they may well be independent witnesses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from linewatch.access import Access, Permission
from linewatch.evaluate.likeness import Pair, ReportText, candidate_pairs
from linewatch.model import AuditOperation
from linewatch.store import make_id, tables, utcnow

CLAIM = "NEAR_DUPLICATE"
METHOD = "evaluate.near_duplicate_shingles"
METHOD_VERSION = "1"
WINDOW = timedelta(days=7)
THRESHOLD = 0.6


@dataclass(frozen=True)
class DuplicateLink:
    """A later copy and the report it repeats, with the judgement behind the link."""

    assessment_id: str
    copy_id: str
    copy_reference: str
    original_id: str
    original_reference: str
    score: float
    reasons: list[str]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _reports(conn: Connection, *where: ColumnElement[bool]) -> list[ReportText]:
    """Every report (or those ``where`` picks) with the words its sender wrote: the original
    where one is kept.

    An officer's edits to one copy's sanitised text must not hide that two reports arrived
    as the same words; only the score and the reasons leave this module, never the text.
    """
    r, o = tables.reports, tables.report_originals
    rows = conn.execute(
        select(
            r.c.id,
            r.c.reference,
            r.c.channel,
            r.c.originating_org,
            r.c.reported_at,
            func.coalesce(o.c.original_text, r.c.sanitised_text),
        )
        .select_from(r.outerjoin(o, o.c.report_id == r.c.id))
        .where(*where)
    )
    return [
        ReportText(row[0], row[1], row[2], row[3], _aware(row[4]), row[5] or "") for row in rows
    ]


def _neighbourhood(
    conn: Connection, report_ids: Sequence[str], window: timedelta
) -> tuple[list[ReportText], set[str]]:
    """The reports ``report_ids`` could repeat or be repeated by: their blocks, within
    ``window`` either side of them. Returns those reports and the ids of the new ones found."""
    r = tables.reports
    new = _reports(conn, r.c.id.in_(list(report_ids)))
    spans: dict[tuple[str, str], tuple[datetime, datetime]] = {}
    for report in new:
        key = (report.channel, report.org)
        low, high = spans.get(key, (report.reported_at, report.reported_at))
        spans[key] = (min(low, report.reported_at), max(high, report.reported_at))
    found: dict[str, ReportText] = {}
    for (channel, org), (low, high) in spans.items():
        for report in _reports(
            conn,
            r.c.channel == channel,
            r.c.originating_org == org,
            r.c.reported_at >= low - window,
            r.c.reported_at <= high + window,
        ):
            found[report.id] = report
    return list(found.values()), {report.id for report in new}


def _reasons(original: ReportText, copy: ReportText, score: float) -> list[str]:
    gap = copy.reported_at - original.reported_at
    hours = gap.total_seconds() / 3600
    apart = f"{hours:.0f} hours" if hours < 48 else f"{gap.days} days"
    return [
        f"wording {score:.0%} the same as {original.reference}",
        f"same channel ({copy.channel}) and organisation ({copy.org})",
        f"reported {apart} after it",
    ]


def _existing(conn: Connection, subject_ids: Sequence[str] | None = None) -> set[str]:
    a = tables.assessments
    query = select(a.c.subject_id).where(a.c.claim == CLAIM, a.c.superseded_at.is_(None))
    if subject_ids is not None:
        query = query.where(a.c.subject_id.in_(sorted(set(subject_ids))))
    return {str(row[0]) for row in conn.execute(query)}


def find_near_duplicates(
    access: Access, *, window: timedelta = WINDOW, threshold: float = THRESHOLD
) -> list[DuplicateLink]:
    """Judge every report against the earlier ones in its block; record new copies found.

    Returns the links recorded by this call. A report already judged a copy is left alone,
    so running this again adds nothing.
    """
    # Grading officers run it from triage; report processing runs it after each intake.
    if not access.can(Permission.RUN_ANALYSIS):
        access.require(Permission.GRADE_REPORTS)
    with access.store.begin() as conn:
        pairs = candidate_pairs(_reports(conn), window, threshold)
        return record_pairs(conn, access, pairs)


def new_report_pairs(
    conn: Connection,
    report_ids: Sequence[str],
    *,
    window: timedelta = WINDOW,
    threshold: float = THRESHOLD,
) -> list[Pair]:
    """The copies among newly recorded reports and their neighbours; reads only.

    Only the reports in the new ones' blocks and within ``window`` of them are read, and only
    pairs with a new report on either side are kept (a new report can be the original of
    one recorded earlier when a file arrives late), so the cost follows the new reports, not
    the size of the store.
    """
    if not report_ids:
        return []
    reports, new = _neighbourhood(conn, report_ids, window)
    return candidate_pairs(reports, window, threshold, new)


def record_pairs(conn: Connection, access: Access, pairs: Sequence[Pair]) -> list[DuplicateLink]:
    """Record each (original, copy, score) found, unless the copy is already judged one."""
    now = utcnow()
    recorded: list[DuplicateLink] = []
    rows: list[dict[str, Any]] = []
    known = _existing(conn, [copy.id for _, copy, _ in pairs]) if pairs else set()
    for original, copy, score in pairs:
        if copy.id in known:
            continue
        known.add(copy.id)
        reasons = _reasons(original, copy, score)
        assessment_id = make_id("as", copy.id, CLAIM, original.id, METHOD_VERSION)
        rows.append(
            {
                "id": assessment_id,
                "subject_id": copy.id,
                "claim": CLAIM,
                "score": round(score, 4),
                "reasons": reasons,
                "evidence": [
                    {"kind": "report", "id": original.id, "note": "original"},
                    {"kind": "report", "id": copy.id, "note": "copy"},
                ],
                "method": METHOD,
                "method_version": METHOD_VERSION,
                "created_at": now,
                "created_by": access.actor.id,
            }
        )
        recorded.append(
            DuplicateLink(
                assessment_id,
                copy.id,
                copy.reference,
                original.id,
                original.reference,
                round(score, 4),
                reasons,
            )
        )
    if rows:  # one statement for them all: a large file's slice links hundreds at once
        conn.execute(tables.assessments.insert(), rows)
    if recorded:
        ids = sorted({i for d in recorded for i in (d.copy_id, d.original_id)})
        access.log(conn, AuditOperation.COMBINATION, ids, operation_ref="near_duplicate")
    return recorded


def copy_ids(conn: Connection) -> set[str]:
    """The reports judged later copies of another: counted once, as their original."""
    return _existing(conn)


def duplicate_links(conn: Connection, report_ids: Iterable[str]) -> list[DuplicateLink]:
    """Every current near-duplicate link that touches one of ``report_ids``, either side."""
    wanted = set(report_ids)
    a, r = tables.assessments, tables.reports
    rows = conn.execute(
        select(a.c.id, a.c.subject_id, a.c.score, a.c.reasons, a.c.evidence).where(
            a.c.claim == CLAIM, a.c.superseded_at.is_(None)
        )
    ).all()
    links: list[tuple[str, str, str, float, list[str]]] = []
    for assessment_id, subject, score, reasons, evidence in rows:
        original = next(
            (e["id"] for e in evidence if e.get("kind") == "report" and e["id"] != subject),
            None,
        )
        if original is not None and (subject in wanted or original in wanted):
            links.append((str(assessment_id), str(subject), str(original), float(score), reasons))
    ids = {i for link in links for i in (link[1], link[2])}
    references = dict(
        conn.execute(select(r.c.id, r.c.reference).where(r.c.id.in_(sorted(ids)))).all()
    )
    return [
        DuplicateLink(
            aid, copy, references.get(copy, copy), orig, references.get(orig, orig), s, list(why)
        )
        for aid, copy, orig, s, why in links
    ]
