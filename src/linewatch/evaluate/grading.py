"""3x5x2 grading: validation against the scheme, channel defaults, and re-grading with history.

Source evaluation and intelligence assessment are separate judgements and are never derived
from each other. Legacy 5x5x5 grades are kept as they are and never mapped to 3x5x2 by the
system: there is no official one-to-one mapping, so only a person may re-grade, with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, RowMapping, select, update

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation, Channel, GradingScheme
from linewatch.store import RowError, tables, utcnow

GRADE_FIELDS = ("source_evaluation", "intelligence_assessment", "handling_code")

# The codes each scheme allows, field by field (domain brief 1.1 and 9).
_CODES: dict[GradingScheme, dict[str, tuple[str, ...]]] = {
    GradingScheme.THREE_FIVE_TWO: {
        "source_evaluation": ("1", "2", "3"),
        "intelligence_assessment": ("A", "B", "C", "D", "E"),
        "handling_code": ("P", "C"),
    },
    GradingScheme.LEGACY_FIVE: {
        "source_evaluation": ("A", "B", "C", "D", "E"),
        "intelligence_assessment": ("1", "2", "3", "4", "5"),
        "handling_code": ("1", "2", "3", "4", "5"),
    },
}

_LABELS = {
    "source_evaluation": "source evaluation",
    "intelligence_assessment": "intelligence assessment",
    "handling_code": "handling code",
}

SUSPECTED_FALSE = "E"


class GradingError(ValueError):
    """A grade that breaks the scheme's rules, or a re-grade that needs a reason."""


def normalise_code(value: object) -> str | None:
    """A grade code as stored: upper-case text, None when absent (JSON may carry ints)."""
    if value is None:
        return None
    text = str(value).strip().upper()
    return text or None


def _scheme(value: object) -> GradingScheme | None:
    text = str(value).strip() if value is not None else GradingScheme.THREE_FIVE_TWO.value
    try:
        return GradingScheme(text or GradingScheme.THREE_FIVE_TWO.value)
    except ValueError:
        return None


def check_grading(
    scheme: str | None,
    source_evaluation: object,
    intelligence_assessment: object,
    handling_code: object,
    conditions: str | None,
) -> list[RowError]:
    """Every problem with a grade, each naming its field.

    A grade is the source evaluation and the intelligence assessment together, with a
    handling code. An ungraded record is valid, and may still carry a handling code alone:
    a partner can state how its information may be shared without grading it.
    """
    grading_scheme = _scheme(scheme)
    if grading_scheme is None:
        return [RowError("grading_scheme", f"{scheme!r} is not 3x5x2 or 5x5x5")]
    values = {
        "source_evaluation": normalise_code(source_evaluation),
        "intelligence_assessment": normalise_code(intelligence_assessment),
        "handling_code": normalise_code(handling_code),
    }
    if all(v is None for v in values.values()):
        return []
    graded = values["source_evaluation"] is not None or (
        values["intelligence_assessment"] is not None
    )
    problems: list[RowError] = []
    other = (
        GradingScheme.LEGACY_FIVE
        if grading_scheme is GradingScheme.THREE_FIVE_TWO
        else GradingScheme.THREE_FIVE_TWO
    )
    for field in GRADE_FIELDS:
        value = values[field]
        allowed = _CODES[grading_scheme][field]
        if value is None:
            if graded:
                problems.append(
                    RowError(field, f"missing: a {grading_scheme} grade needs all three parts")
                )
        elif value not in allowed:
            hint = f"a {grading_scheme} {_LABELS[field]} is one of {', '.join(allowed)}"
            if value in _CODES[other][field]:
                reason = f"{value!r} is a {other} {_LABELS[field]} value; {hint}"
            else:
                reason = f"{value!r} is not a valid code; {hint}"
            problems.append(RowError(field, reason))
    if (
        grading_scheme is GradingScheme.THREE_FIVE_TWO
        and values["handling_code"] == "C"
        and not (conditions or "").strip()
    ):
        problems.append(
            RowError("handling_conditions", "handling code C needs its conditions recorded")
        )
    return problems


def validate_grading(
    scheme: str | None,
    source_evaluation: object,
    intelligence_assessment: object,
    handling_code: object,
    conditions: str | None,
) -> list[str]:
    """The problems with a grade as sentences naming the field; empty when it is valid."""
    return [
        str(e)
        for e in check_grading(
            scheme, source_evaluation, intelligence_assessment, handling_code, conditions
        )
    ]


@dataclass(frozen=True)
class DefaultGrading:
    """A suggested starting grade for a channel: a default to confirm, never a rule."""

    source_evaluation: str
    intelligence_assessment: str
    handling_code: str
    basis: str


_DEFAULTS: Mapping[Channel, DefaultGrading] = {
    Channel.CRIMESTOPPERS: DefaultGrading(
        "2", "D", "P", "anonymous by design: source untested, how they know it cannot be judged"
    ),
    Channel.PUBLIC_WEB: DefaultGrading(
        "2", "D", "P", "public web report: source untested, how they know it not established"
    ),
    Channel.CALL_101: DefaultGrading(
        "2", "D", "P", "101 caller: untested unless known; assess A or C once asked how they know"
    ),
    Channel.OFFICER: DefaultGrading(
        "2", "A", "P", "officer's first-hand account; source 1 once their reporting has a record"
    ),
    Channel.PARTNER_AGENCY: DefaultGrading(
        "2", "C", "P", "partner professional passing on what they were told, uncorroborated"
    ),
    Channel.NEIGHBOURING_FORCE: DefaultGrading(
        "2", "C", "P", "keep the sending force's own grade; this applies only if it sent none"
    ),
}


def default_grading(channel: str) -> DefaultGrading:
    """The usual starting grade for a report from ``channel`` (domain brief 1.2).

    These are defaults an intelligence officer confirms or changes, not rules: anything
    known about the source or how they came to know the information overrides them.
    """
    return _DEFAULTS[Channel(channel)]


@dataclass(frozen=True)
class GradeRecord:
    """One entry in a report's grade history."""

    report_id: str
    grading_scheme: str
    source_evaluation: str | None
    intelligence_assessment: str | None
    handling_code: str | None
    handling_conditions: str | None
    graded_by: str
    graded_at: datetime
    reason: str | None

    @property
    def code(self) -> str:
        parts = (self.source_evaluation, self.intelligence_assessment, self.handling_code)
        return "/".join(p or "-" for p in parts)


def _current(conn: Connection, report_id: str) -> RowMapping:
    row = (
        conn.execute(select(tables.reports).where(tables.reports.c.id == report_id))
        .mappings()
        .first()
    )
    if row is None:
        raise LookupError(f"no report {report_id!r}")
    return row


def grade(
    access: Access,
    report_id: str,
    source_evaluation: str,
    intelligence_assessment: str,
    handling_code: str,
    conditions: str | None = None,
    reason: str | None = None,
) -> GradeRecord:
    """Grade or re-grade a report in 3x5x2, keeping every earlier grade in its history.

    A report graded E (suspected false) is never upgraded without a stated reason, and a
    legacy 5x5x5 grade is replaced only by a person who says why: the system never maps it.
    The new grade travels to every fact already derived from the report.
    """
    access.require(Permission.GRADE_REPORTS)
    scheme = GradingScheme.THREE_FIVE_TWO.value
    problems = validate_grading(
        scheme, source_evaluation, intelligence_assessment, handling_code, conditions
    )
    if problems:
        raise GradingError("; ".join(problems))
    new = {
        "source_evaluation": normalise_code(source_evaluation),
        "intelligence_assessment": normalise_code(intelligence_assessment),
        "handling_code": normalise_code(handling_code),
    }
    why = (reason or "").strip() or None
    conditions = (conditions or "").strip() or None
    now = utcnow()
    with access.store.begin() as conn:
        current = _current(conn, report_id)
        was_legacy = current["grading_scheme"] == GradingScheme.LEGACY_FIVE.value
        if was_legacy and current["source_evaluation"] is not None and why is None:
            raise GradingError(
                "this report holds a legacy 5x5x5 grade; there is no official mapping to "
                "3x5x2, so a re-grade must state its reason"
            )
        if (
            not was_legacy
            and current["intelligence_assessment"] == SUSPECTED_FALSE
            and new["intelligence_assessment"] != SUSPECTED_FALSE
            and why is None
        ):
            raise GradingError(
                "this report is graded E (suspected to be false); moving it off E needs a reason"
            )
        grading = {**new, "handling_conditions": conditions}
        conn.execute(
            update(tables.reports)
            .where(tables.reports.c.id == report_id)
            .values(grading_scheme=scheme, graded_by=access.actor.id, graded_at=now, **grading)
        )
        conn.execute(
            tables.grade_history.insert().values(
                report_id=report_id,
                grading_scheme=scheme,
                classification=current["classification"],
                graded_by=access.actor.id,
                graded_at=now,
                reason=why,
                **grading,
            )
        )
        _carry_to_facts(conn, report_id, new)
        access.log(conn, AuditOperation.ALTERATION, [report_id], operation_ref="grade")
    return GradeRecord(
        report_id,
        scheme,
        graded_by=access.actor.id,
        graded_at=now,
        reason=why,
        handling_conditions=conditions,
        **new,
    )


def _carry_to_facts(conn: Connection, report_id: str, grading: Mapping[str, str | None]) -> None:
    """Handling travels with the data: statements and links from this report take the grade."""
    conn.execute(
        update(tables.statements)
        .where(
            tables.statements.c.source_kind == "report",
            tables.statements.c.source_id == report_id,
        )
        .values(**grading)
    )
    conn.execute(
        update(tables.links)
        .where(tables.links.c.evidence_kind == "report", tables.links.c.evidence_id == report_id)
        .values(**grading)
    )


def grade_history(access: Access, report_id: str) -> list[GradeRecord]:
    """Every grade a report has held, oldest first, with who gave it, when and why."""
    with access.store.begin() as conn:
        access.consult(conn, [report_id])
        rows = conn.execute(
            select(tables.grade_history)
            .where(tables.grade_history.c.report_id == report_id)
            .order_by(tables.grade_history.c.id)
        ).mappings()
        return [
            GradeRecord(
                report_id=row["report_id"],
                grading_scheme=row["grading_scheme"],
                source_evaluation=row["source_evaluation"],
                intelligence_assessment=row["intelligence_assessment"],
                handling_code=row["handling_code"],
                handling_conditions=row["handling_conditions"],
                graded_by=row["graded_by"],
                graded_at=row["graded_at"],
                reason=row["reason"],
            )
            for row in rows
        ]
