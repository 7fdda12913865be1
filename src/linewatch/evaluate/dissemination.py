"""Dissemination: the checks a report passes before it leaves the force, and the sharing.

A report goes out only once an intelligence officer has confirmed its sanitised text, only
graded in 3x5x2 (legacy 5x5x5 handling codes have no official mapping, so a legacy report is
re-graded by a person first), and a handling code C report only when the discloser has been
shown its conditions and acknowledged them. The sharing itself is a DISCLOSURE through the
access layer, in the same transaction as the checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from linewatch.access import Access, Disclosure, disclose
from linewatch.model import GradingScheme, HandlingCode
from linewatch.store import tables


class NotDisseminable(PermissionError):
    """A report that may not be shared yet, with the reason."""


@dataclass(frozen=True)
class Handling:
    """What must travel with a report that is shared."""

    report_id: str
    reference: str
    classification: str
    handling_code: str
    handling_conditions: str | None


def ensure_disseminable(
    conn: Connection, report_id: str, *, conditions_acknowledged: bool = False
) -> Handling:
    """The report's handling if it may be shared now; NotDisseminable says why if not."""
    row = (
        conn.execute(select(tables.reports).where(tables.reports.c.id == report_id))
        .mappings()
        .first()
    )
    if row is None:
        raise LookupError(f"no report {report_id!r}")
    ref = row["reference"]
    if not row["sanitised"]:
        raise NotDisseminable(
            f"{ref} has not been sanitised: an intelligence officer must confirm the "
            "sanitised text before it is shared"
        )
    if row["grading_scheme"] == GradingScheme.LEGACY_FIVE.value:
        raise NotDisseminable(
            f"{ref} carries a legacy 5x5x5 grade, which has no official 3x5x2 mapping: "
            "re-grade it in 3x5x2 before it is shared"
        )
    if row["intelligence_assessment"] is None or row["handling_code"] is None:
        raise NotDisseminable(f"{ref} is not graded: grade it before it is shared")
    if row["handling_code"] == HandlingCode.CONDITIONS and not conditions_acknowledged:
        raise NotDisseminable(
            f"{ref} is handling code C: its conditions must be shown and acknowledged "
            f"before sharing ({row['handling_conditions']})"
        )
    return Handling(
        report_id=report_id,
        reference=ref,
        classification=row["classification"],
        handling_code=row["handling_code"],
        handling_conditions=row["handling_conditions"],
    )


def disclose_reports(
    access: Access,
    report_ids: Iterable[str],
    organisation_id: str,
    purpose: str,
    *,
    conditions_acknowledged: bool = False,
) -> Disclosure:
    """Share sanitised, graded reports with one organisation, logged as a DISCLOSURE.

    Every report is checked first; if any may not go, none goes. The recipient then sees the
    sanitised text only: the original stays with the force.
    """
    ids = list(dict.fromkeys(report_ids))
    with access.store.begin() as conn:
        handlings = [
            ensure_disseminable(conn, rid, conditions_acknowledged=conditions_acknowledged)
            for rid in ids
        ]
        code = (
            HandlingCode.CONDITIONS
            if any(h.handling_code == HandlingCode.CONDITIONS for h in handlings)
            else HandlingCode.PERMITTED
        )
        return disclose(
            access,
            conn,
            ids,
            organisation_id,
            purpose,
            code,
            conditions_acknowledged,
            operation_ref="disclose reports",
        )
