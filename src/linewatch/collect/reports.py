"""Intelligence reports (reports.jsonl): checked, sanitised, graded, and their mentions as facts.

The sanitised copy goes to ``reports``; the original words, and what the sanitiser took out
of them, stay apart in ``report_originals``. Each entity a report mentions becomes an entity
of its own, whose statements name the report as their source: that is how an entity's page
finds the reports behind it, with each report's grading and handling attached.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, String, bindparam, func, select, true

from linewatch.access import Access
from linewatch.collect import fields
from linewatch.collect.importer import (
    Checked,
    Loader,
    Progress,
    Raw,
    WriteContext,
    Written,
    read_jsonl,
    run_import,
)
from linewatch.collect.intake import MAX_SUBMITTED_BY, queued
from linewatch.collect.rows import insert_rows
from linewatch.evaluate import SanitiseResult, check_grading, normalise_code, sanitise
from linewatch.model import Channel, GradingScheme, Priority
from linewatch.store import (
    ImportResult,
    Provenance,
    RowError,
    add_entity,
    clean_properties,
    make_id,
    tables,
    utcnow,
)

KIND = "reports"
_PropertyValue = str | list[str]


def report_id(reference: str) -> str:
    """The stored id of the report with this reference (stable across re-imports)."""
    return make_id("report", reference)


def mention_id(schema: str, reference: str, index: int) -> str:
    """The entity id of the ``index``-th mention in a report: one entity per source record,
    which entity resolution later joins to others."""
    return make_id(schema, "report", reference, index)


@dataclass(frozen=True)
class Mention:
    index: int
    schema: str
    properties: dict[str, _PropertyValue]


@dataclass(frozen=True)
class IncomingReport:
    reference: str
    channel: str
    originating_org: str
    submitted_by: str | None
    occurred_at: datetime | None
    reported_at: datetime
    text: str
    sanitised: SanitiseResult
    location_text: str | None
    coordinates: tuple[float, float] | None
    classification: str
    grading_scheme: str
    source_evaluation: str | None
    intelligence_assessment: str | None
    handling_code: str | None
    handling_conditions: str | None
    priority: str | None
    research_conducted: list[str] | None
    mentions: tuple[Mention, ...]
    is_synthetic: bool
    # Where the report came from when that is not a person: a partner's file and row.
    source_ref: str | None = None

    @cached_property
    def id(self) -> str:
        return report_id(self.reference)

    @property
    def graded(self) -> bool:
        return self.source_evaluation is not None

    def provenance(self, dataset: str) -> Provenance:
        return Provenance(
            source_kind="report",
            source_id=self.id,
            dataset=dataset,
            source_evaluation=self.source_evaluation,
            intelligence_assessment=self.intelligence_assessment,
            handling_code=self.handling_code,
            classification=self.classification,
            observed_at=self.occurred_at or self.reported_at,
            is_synthetic=self.is_synthetic,
        )


def _mention(index: int, item: object) -> Mention:
    """One mention, or RowError naming it (``mentions[2].number``) if it cannot be used."""
    where = f"mentions[{index}]"
    if not isinstance(item, Mapping):
        raise RowError(where, "is not an object with schema and properties")
    schema, properties = item.get("schema"), item.get("properties")
    if not isinstance(schema, str) or not isinstance(properties, Mapping):
        raise RowError(where, "needs a schema name and a properties object")
    values: dict[str, _PropertyValue] = {}
    for prop, value in properties.items():
        if isinstance(value, list):
            values[str(prop)] = [str(v) for v in value if v is not None]
        elif value is not None:
            values[str(prop)] = str(value)
    try:
        cleaned = clean_properties(schema, values)
    except RowError as error:
        raise RowError(f"{where}.{error.field_name}", f"{schema}: {error.reason}") from None
    except ValueError as error:
        raise RowError(f"{where}.schema", str(error)) from None
    if not cleaned:
        raise RowError(where, f"{schema} mention has no values")
    return Mention(index, schema, values)


def _mentions(raw: Raw) -> tuple[tuple[Mention, ...], list[str]]:
    items = raw.get("mentions")
    if items is None:
        return (), []
    if not isinstance(items, list):
        raise RowError("mentions", "must be a list")
    kept: list[Mention] = []
    notes: list[str] = []
    for index, item in enumerate(items):
        try:
            kept.append(_mention(index, item))
        except RowError as error:
            notes.append(f"{error}; mention dropped, report kept")
    return tuple(kept), notes


_CHANNELS = frozenset(c.value for c in Channel)


def _channel(raw: Raw) -> str:
    value = fields.required_text(raw, "channel").upper()
    if value not in _CHANNELS:
        allowed = ", ".join(c.value for c in Channel)
        raise RowError("channel", f"{value!r} is not a reporting channel ({allowed})")
    return value


def _priority(raw: Raw) -> str | None:
    value = fields.text(raw, "priority")
    if value is None:
        return None
    if value.upper() not in {p.value for p in Priority}:
        raise RowError("priority", f"{value!r} is not HIGH, MEDIUM or LOW")
    return value.upper()


def _research(raw: Raw) -> list[str] | None:
    value = raw.get("research_conducted")
    if value is None:
        return None
    if not isinstance(value, list):
        raise RowError("research_conducted", "must be a list of the systems checked")
    return [str(v) for v in value]


def check_report(raw: Raw, source_ref: str | None = None) -> tuple[IncomingReport, list[str]]:
    """A checked report and notes on anything dropped; RowError if it cannot be loaded.

    ``source_ref`` says where it came from when that is not a person (a partner's file row).
    """
    classification = fields.classification(raw)
    reference = fields.required_text(raw, "reference", max_length=32)
    text = fields.required_text(raw, "text")
    scheme = fields.text(raw, "grading_scheme") or GradingScheme.THREE_FIVE_TWO.value
    conditions = fields.text(raw, "handling_conditions")
    problems = check_grading(
        scheme,
        raw.get("source_evaluation"),
        raw.get("intelligence_assessment"),
        raw.get("handling_code"),
        conditions,
    )
    if problems:
        first, *others = problems
        also = f" (also {'; '.join(str(p) for p in others)})" if others else ""
        raise RowError(first.field_name, first.reason + also)
    mentions, notes = _mentions(raw)
    report = IncomingReport(
        reference=reference,
        channel=_channel(raw),
        originating_org=fields.required_text(raw, "originating_org", max_length=128),
        submitted_by=fields.text(raw, "submitted_by", max_length=MAX_SUBMITTED_BY),
        occurred_at=fields.timestamp(raw, "occurred_at"),
        reported_at=fields.required_timestamp(raw, "reported_at"),
        text=text,
        sanitised=sanitise(text),
        location_text=fields.text(raw, "location_text"),
        coordinates=fields.coordinates(raw),
        classification=classification,
        grading_scheme=scheme,
        source_evaluation=normalise_code(raw.get("source_evaluation")),
        intelligence_assessment=normalise_code(raw.get("intelligence_assessment")),
        handling_code=normalise_code(raw.get("handling_code")),
        handling_conditions=conditions,
        priority=_priority(raw),
        research_conducted=_research(raw),
        mentions=mentions,
        is_synthetic=fields.flag(raw, "is_synthetic"),
        source_ref=source_ref,
    )
    return report, notes


def _report_row(report: IncomingReport, context: WriteContext) -> dict[str, Any]:
    latitude, longitude = report.coordinates or (None, None)
    return {
        "id": report.id,
        "reference": report.reference,
        "channel": report.channel,
        "originating_org": report.originating_org,
        "submitted_by": report.submitted_by,
        "occurred_at": report.occurred_at,
        "reported_at": report.reported_at,
        # A grade that arrives with a report was given by whoever submitted it.
        "graded_at": report.reported_at if report.graded else None,
        "graded_by": _grader(report) if report.graded else None,
        "grading_scheme": report.grading_scheme,
        "source_evaluation": report.source_evaluation,
        "intelligence_assessment": report.intelligence_assessment,
        "handling_code": report.handling_code,
        "classification": report.classification,
        "handling_conditions": report.handling_conditions,
        "priority": report.priority,
        "sanitised_text": report.sanitised.text,
        "sanitised": False,
        "research_conducted": report.research_conducted,
        "location_text": report.location_text,
        "latitude": latitude,
        "longitude": longitude,
        "status": "NEW",
        "batch_id": context.batch_id,
        "is_synthetic": report.is_synthetic,
    }


def _grader(report: IncomingReport) -> str:
    return (report.submitted_by or report.originating_org)[:64]


def _original_row(report: IncomingReport) -> dict[str, Any]:
    removed = report.sanitised.removed
    return {
        "report_id": report.id,
        "original_text": report.text,
        "source_ref": report.source_ref,
        "contact_details": json.dumps(removed) if removed else None,
    }


def _history_row(report: IncomingReport) -> dict[str, Any]:
    return {
        "report_id": report.id,
        "grading_scheme": report.grading_scheme,
        "source_evaluation": report.source_evaluation,
        "intelligence_assessment": report.intelligence_assessment,
        "handling_code": report.handling_code,
        "classification": report.classification,
        "handling_conditions": report.handling_conditions,
        "graded_by": _grader(report),
        "graded_at": report.reported_at,
        "reason": f"grade supplied with the report by {report.originating_org}",
    }


def held_report_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` are stored already.

    On PostgreSQL the ids go as one text parameter, split by the server (a placeholder each
    costs more to build and parse than the lookup itself, and even an array parameter is
    built element by element in Python; a report id never holds a comma), and each is looked
    up on its own: the planner cannot see how many ids a parameter holds, and left to choose
    it reads the whole table, every chunk, which grows with the store.
    """
    r = tables.reports
    if conn.dialect.name != "postgresql":
        return set(conn.execute(select(r.c.id).where(r.c.id.in_(ids))).scalars())
    joined = bindparam("ids", ",".join(ids), type_=String)
    wanted = func.unnest(func.string_to_array(joined, ",")).table_valued("id").render_derived()
    # A LIMIT keeps the lookup a subquery run once per id, by the primary key.
    found = select(r.c.id).where(r.c.id == wanted.c.id).limit(1).lateral()
    return set(conn.execute(select(found.c.id).select_from(wanted).join(found, true())).scalars())


def write_reports(
    conn: Connection, items: Sequence[Checked[IncomingReport]], context: WriteContext
) -> Written:
    written = Written()
    held = held_report_ids(conn, [item.record.id for item in items])
    new: list[IncomingReport] = []
    for item in items:
        if item.record.id in held:
            written.already_held += 1
            continue
        held.add(item.record.id)
        new.append(item.record)
    if not new:
        return written
    insert_rows(conn, tables.reports, [_report_row(r, context) for r in new])
    insert_rows(conn, tables.report_originals, [_original_row(r) for r in new])
    insert_rows(conn, tables.grade_history, [_history_row(r) for r in new if r.graded])
    now = utcnow()
    insert_rows(conn, tables.report_processing, [queued(r.id, now) for r in new])
    for report in new:
        provenance = report.provenance(context.dataset)
        written.record_ids.append(report.id)
        for mention in report.mentions:
            entity_id = mention_id(mention.schema, report.reference, mention.index)
            add_entity(conn, mention.schema, entity_id, mention.properties, provenance)
            written.record_ids.append(entity_id)
    written.loaded = len(new)
    return written


def _reference(raw: Raw) -> str | None:
    value = raw.get("reference")
    return str(value)[:128] if value else None


LOADER: Loader[IncomingReport] = Loader(
    kind=KIND,
    check=check_report,
    write=write_reports,
    record_ref=_reference,
    kept_when_refused=("reference", "channel", "originating_org", "reported_at", "classification"),
)


def import_reports(
    access: Access,
    path: Path | str,
    *,
    dataset: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import reports.jsonl (docs/formats.md) in one transaction; see ``collect``."""
    file = Path(path)
    return run_import(
        access,
        file,
        LOADER,
        read_jsonl(file),
        dataset=dataset or file.name,
        progress=progress,
    )
