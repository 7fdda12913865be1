"""One report at a time: the public form, call handlers, officers and partner systems.

Every channel ends here. A submission is checked field by field (each problem names its
field, so a form can show them all at once), sanitised, given the channel's default grade
(for an intelligence officer to confirm) and written to ``reports`` with its original words
apart in ``report_originals``, with a COLLECTION record in the same transaction. It then
waits in the triage queue as NEW.

What a public reporter may give as contact details is stored only with the original, never
in the sanitised copy, and the sanitised copy is refused at confirmation if it repeats them.
Nothing about the reporter's connection (address, browser, cookie) is ever passed in here.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import BindParameter, Connection, Select, Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from linewatch.access import FORCE_ORG, Access, Actor, Permission
from linewatch.evaluate import check_grading, default_grading, normalise_code, sanitise
from linewatch.model import AuditOperation, Channel, Classification, Role
from linewatch.store import RowError, Store, make_id, tables, utcnow

FORCE_NAME = "Leicestershire Police"

# Limits a person can read in an error message; a report longer than this is almost always a
# paste gone wrong, and a field this long cannot be shown in a triage queue anyway.
MAX_TEXT = 10_000
MAX_LOCATION = 300
MAX_CONTACT = 200
MAX_SOURCE_REF = 64
MAX_REFERENCE = 32
# Who submitted a report (a user or officer id).
MAX_SUBMITTED_BY = 64

PUBLIC_ACTOR = Actor("public-web", Role.CALL_HANDLER, FORCE_ORG, "Public report form")
"""The public form acts with the least a recording role holds: it may record, never read."""

_PREFIX = {
    Channel.PUBLIC_WEB: "WEB",
    Channel.CALL_101: "101",
    Channel.CRIMESTOPPERS: "CS",
    Channel.OFFICER: "OFF",
    Channel.PARTNER_AGENCY: "PA",
    Channel.NEIGHBOURING_FORCE: "NF",
}
# No 0/O or 1/I: a reporter reads the reference out over the phone.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_DEFAULT_GRADER = "linewatch:default-grading"


class SubmissionError(ValueError):
    """A submission that cannot be recorded; ``problems`` names every field at fault."""

    def __init__(self, problems: list[RowError]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Contact:
    """How a public reporter says they may be contacted: all optional, stored restricted."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None

    def values(self) -> list[str]:
        return [v for v in (self.name, self.phone, self.email) if v]


@dataclass(frozen=True)
class Submission:
    """One report as it arrives on a channel."""

    channel: str
    text: str
    location_text: str | None = None
    occurred_at: datetime | None = None
    occurred_when: str | None = None  # a reporter's own words when they gave no exact time
    contact: Contact | None = None
    originating_org: str = FORCE_NAME
    source_ref: str | None = None  # e.g. the Crimestoppers reference: never a person
    reference: str | None = None  # a partner system's own reference, if it sends one
    classification: str = Classification.OFFICIAL_SENSITIVE.value
    # A grade the sender gives overrides the channel default (an officer told second-hand: C).
    source_evaluation: str | None = None
    intelligence_assessment: str | None = None
    handling_code: str | None = None
    handling_conditions: str | None = None
    is_synthetic: bool = False


@dataclass(frozen=True)
class Receipt:
    """What the submitter is told: the reference to quote, and whether it was new."""

    report_id: str
    reference: str
    channel: str
    recorded_at: datetime
    created: bool = True


@dataclass(frozen=True)
class RecordedReport:
    """A report as its recorder sees it on their own list: no content, only its trace."""

    reference: str
    channel: str
    recorded_at: datetime
    location_given: bool = False


def _text(
    raw: Mapping[str, Any],
    name: str,
    limit: int,
    problems: list[RowError],
    *,
    required: bool = False,
    label: str | None = None,
) -> str | None:
    value = raw.get(name)
    what = label or name.replace("_", " ")
    if value is not None and not isinstance(value, str):
        problems.append(RowError(name, f"{what} must be text"))
        return None
    cleaned = (value or "").replace("\x00", "").strip()
    if not cleaned:
        if required:
            problems.append(RowError(name, f"Enter {what}"))
        return None
    if len(cleaned) > limit:
        problems.append(
            RowError(
                name,
                f"{what.capitalize()} must be {limit:,} characters or fewer "
                f"(it is {len(cleaned):,})",
            )
        )
        return None
    return cleaned


def check_submission(channel: str, raw: Mapping[str, Any]) -> Submission:
    """A Submission from form or API fields; SubmissionError naming every field at fault.

    Fields: ``text`` (required), ``location_text``, ``occurred_at`` (a datetime),
    ``occurred_when``, ``contact_name``, ``contact_phone``, ``contact_email``,
    ``source_ref``, ``intelligence_assessment``.
    """
    problems: list[RowError] = []
    Channel(channel)
    text = _text(raw, "text", MAX_TEXT, problems, required=True, label="what happened")
    location = _text(raw, "location_text", MAX_LOCATION, problems, label="where it happened")
    when = _text(raw, "occurred_when", MAX_LOCATION, problems, label="when it happened")
    source_ref = _text(raw, "source_ref", MAX_SOURCE_REF, problems, label="the reference")
    contact = Contact(
        _text(raw, "contact_name", MAX_CONTACT, problems, label="your name"),
        _text(raw, "contact_phone", MAX_CONTACT, problems, label="your phone number"),
        _text(raw, "contact_email", MAX_CONTACT, problems, label="your email address"),
    )
    if contact.email and "@" not in contact.email:
        problems.append(
            RowError(
                "contact_email",
                "Enter an email address in the correct format, like name@example.com",
            )
        )
    occurred = raw.get("occurred_at")
    if occurred is not None and not isinstance(occurred, datetime):
        problems.append(RowError("occurred_at", "when it happened must be a date and time"))
        occurred = None
    if isinstance(occurred, datetime):
        occurred = occurred if occurred.tzinfo else occurred.replace(tzinfo=UTC)
        if occurred > datetime.now(UTC) + timedelta(minutes=5):
            problems.append(RowError("occurred_at", "The date it happened must be in the past"))
    grade = _grade(raw, problems)
    if problems:
        raise SubmissionError(problems)
    assert text is not None
    return Submission(
        channel=channel,
        text=text,
        location_text=location,
        occurred_at=occurred if isinstance(occurred, datetime) else None,
        occurred_when=when,
        contact=contact if contact.values() else None,
        source_ref=source_ref,
        source_evaluation=grade.get("source_evaluation"),
        intelligence_assessment=grade.get("intelligence_assessment"),
        handling_code=grade.get("handling_code"),
        handling_conditions=grade.get("handling_conditions"),
    )


def _grade(raw: Mapping[str, Any], problems: list[RowError]) -> dict[str, str | None]:
    """A 3x5x2 grade the sender gave (any part of it), checked as the grading rules say."""
    given = {
        name: normalise_code(raw.get(name))
        for name in ("source_evaluation", "intelligence_assessment", "handling_code")
    }
    conditions = _text(raw, "handling_conditions", MAX_TEXT, problems)
    if not any(given.values()):
        return {}
    found = check_grading(
        "3x5x2",
        given["source_evaluation"] or "2",
        given["intelligence_assessment"] or "D",
        given["handling_code"] or "P",
        conditions,
    )
    problems.extend(found)
    return {**given, "handling_conditions": conditions}


def new_reference(channel: str, now: datetime | None = None) -> str:
    """A reference to quote, e.g. ``WEB-2026-7K3M9QXD``: random, so it says nothing about how
    many reports the force receives, and unambiguous when read aloud."""
    year = (now or datetime.now(UTC)).year
    tail = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"{_PREFIX[Channel(channel)]}-{year}-{tail}"


def public_access(store: Store) -> Access:
    """The access the public form records under: no client address is ever kept."""
    return Access(store, PUBLIC_ACTOR, "Receiving a report from a member of the public", "SCREEN")


def _full_text(submission: Submission) -> str:
    if submission.occurred_when:
        return f"{submission.text}\n\nWhen: {submission.occurred_when}"
    return submission.text


def report_rows(
    submission: Submission, reference: str, recorded_by: str | None, now: datetime
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The ``reports``, ``report_originals`` and ``grade_history`` rows of one submission."""
    report_id = make_id("report", reference)
    original = _full_text(submission)
    cleaned = sanitise(original)
    grading = default_grading(submission.channel)
    source = submission.source_evaluation or grading.source_evaluation
    assessment = submission.intelligence_assessment or grading.intelligence_assessment
    handling = submission.handling_code or grading.handling_code
    given = submission.source_evaluation or submission.intelligence_assessment
    reason = (
        "grade given with the report"
        if given
        else f"default for {submission.channel} ({grading.basis}); to be confirmed"
    )
    identifying = [*(submission.contact.values() if submission.contact else []), *cleaned.removed]
    report = {
        "id": report_id,
        "reference": reference,
        "channel": submission.channel,
        "originating_org": submission.originating_org,
        "submitted_by": recorded_by,
        "occurred_at": submission.occurred_at,
        "reported_at": now,
        "graded_at": now,
        "graded_by": _DEFAULT_GRADER if not given else (recorded_by or _DEFAULT_GRADER)[:64],
        "grading_scheme": "3x5x2",
        "source_evaluation": source,
        "intelligence_assessment": assessment,
        "handling_code": handling,
        "handling_conditions": submission.handling_conditions,
        "classification": submission.classification,
        "sanitised_text": cleaned.text,
        "sanitised": False,
        "location_text": submission.location_text,
        "status": "NEW",
        "is_synthetic": submission.is_synthetic,
    }
    originals = {
        "report_id": report_id,
        "original_text": original,
        "source_ref": submission.source_ref,
        # What identifies the source, as confirm_sanitised reads it: a list of strings that the
        # shareable text must never repeat (the reporter's own contact details first).
        "contact_details": json.dumps(identifying) if identifying else None,
    }
    history = {
        "report_id": report_id,
        "grading_scheme": "3x5x2",
        "source_evaluation": source,
        "intelligence_assessment": assessment,
        "handling_code": handling,
        "classification": submission.classification,
        "handling_conditions": submission.handling_conditions,
        "graded_by": _DEFAULT_GRADER if not given else (recorded_by or _DEFAULT_GRADER)[:64],
        "graded_at": now,
        "reason": reason,
    }
    return report, originals, history


def queued(report_id: str, now: datetime) -> dict[str, Any]:
    """The report's place in the processing queue, written with the report itself so that
    what follows (near-duplicate detection) cannot be lost however the process ends."""
    return {"report_id": report_id, "queued_at": now, "attempts": 0}


def write_submission(
    conn: Connection, access: Access, submission: Submission, recorded_by: str | None
) -> Receipt:
    """Write one checked submission in the caller's transaction, with its COLLECTION record.

    A submission carrying its own ``reference`` that is already held is not written again.
    """
    now = utcnow()
    reference = submission.reference or new_reference(submission.channel, now)
    report_id = make_id("report", reference)
    if submission.reference is not None and conn.dialect.name != "postgresql":
        held = _held(conn, report_id)
        if held is not None:
            return Receipt(report_id, reference, submission.channel, held, created=False)
    report, original, history = report_rows(submission, reference, recorded_by, now)
    rows = {
        tables.reports: report,
        tables.report_originals: original,
        tables.grade_history: history,
        tables.report_processing: queued(report_id, now),
    }
    if submission.contact is not None:
        contact = submission.contact
        rows[tables.report_contacts] = {
            "report_id": report_id,
            "name": contact.name,
            "phone": contact.phone,
            "email": contact.email,
        }
    if conn.dialect.name == "postgresql":
        if not _insert_together(conn, rows):
            held = _held(conn, report_id)
            assert held is not None  # the conflicting report has committed: it is there
            return Receipt(report_id, reference, submission.channel, held, created=False)
    else:
        for table, row in rows.items():
            conn.execute(table.insert(), [row])
    access.log(
        conn, AuditOperation.COLLECTION, [report_id], operation_ref=f"submit {submission.channel}"
    )
    return Receipt(report_id, reference, submission.channel, now)


def _held(conn: Connection, report_id: str) -> datetime | None:
    r = tables.reports
    held = conn.execute(select(r.c.reported_at).where(r.c.id == report_id)).first()
    return None if held is None else held[0]


def _insert_together(conn: Connection, rows: Mapping[Table, Mapping[str, Any]]) -> bool:
    """Write a report and its companion rows in one statement (PostgreSQL); False if a report
    with its id is already held.

    One round trip instead of five keeps a submission short. ON CONFLICT makes a report sent
    twice at once (a client retrying) end as one stored and one "already held", rather than
    one refused with an error: the second waits for the first to commit, then inserts nothing.
    """
    layout = tuple((table.name, tuple(row)) for table, row in rows.items())
    values = {_param(table.name, name): v for table, row in rows.items() for name, v in row.items()}
    return bool(conn.execute(_together(layout), values).scalar_one())


def _param(table: str, column: str) -> str:
    return f"{table}__{column}"


@lru_cache(maxsize=16)
def _together(layout: tuple[tuple[str, tuple[str, ...]], ...]) -> Select[int]:
    """The statement ``_insert_together`` runs for rows of these tables and columns (the
    reports first), its values left as parameters: built once, not for every submission
    (building it around the values took a quarter of a submission's time)."""

    def params(table: Table, names: tuple[str, ...]) -> list[BindParameter[Any]]:
        return [bindparam(_param(table.name, n), type_=table.c[n].type) for n in names]

    r = tables.reports
    (_, report_columns), *others = layout
    first = (
        pg_insert(r)
        .values(dict(zip(report_columns, params(r, report_columns), strict=True)))
        .on_conflict_do_nothing(index_elements=[r.c.id])
        .returning(r.c.id)
        .cte("new_report")
    )
    companions = []
    for name, columns in others:
        table = tables.metadata.tables[name]
        chosen = select(*params(table, columns)).select_from(first)
        companions.append(table.insert().from_select(list(columns), chosen).cte(f"new_{name}"))
    return select(func.count()).select_from(first).add_cte(*companions)


def submit_report(access: Access, submission: Submission) -> Receipt:
    """Record one report in its own transaction (see the module docstring)."""
    access.require(Permission.RECORD_REPORTS)
    recorded_by = None if access.actor is PUBLIC_ACTOR else access.actor.id
    with access.store.begin() as conn:
        return write_submission(conn, access, submission, recorded_by)


def recorded_since(access: Access, since: datetime) -> list[RecordedReport]:
    """The reports this actor recorded since ``since``, newest first: references, channels and
    times only, so a call handler can check their day without reading anyone's report."""
    access.require(Permission.RECORD_REPORTS)
    r = tables.reports
    with access.store.connect() as conn:
        rows = conn.execute(
            select(r.c.reference, r.c.channel, r.c.reported_at, r.c.location_text)
            .where(r.c.submitted_by == access.actor.id, r.c.reported_at >= since)
            .order_by(r.c.reported_at.desc(), r.c.reference)
        ).all()
    return [
        RecordedReport(row.reference, row.channel, _aware(row.reported_at), bool(row.location_text))
        for row in rows
    ]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
