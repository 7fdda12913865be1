"""Bail records and their conditions, with the statutory checks of domain rules 4.2.

Released under investigation carries no conditions and no return date. A standard case's
applicable bail period runs three months from the bail start; longer needs an extension chain
of 3 -> 6 months (inspector or above) -> 9 months (superintendent or above) -> a magistrates'
court, with no level skipped. The limits have changed twice since 2017, so they are settings
(``bail_initial_months``, ``bail_inspector_months``, ``bail_superintendent_months``); the
ranks each level needs are the law's and stay here. Every extension is stored with its rank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Connection, delete, select

from linewatch import geo, settings
from linewatch.model import BailConditionType, ReleaseType, Vocabulary
from linewatch.safeguard import fields
from linewatch.safeguard.clock import aware
from linewatch.safeguard.records import resolve_person
from linewatch.safeguard.rows import Change, upsert
from linewatch.store import RowError, make_id, tables


class CaseType(Vocabulary):
    STANDARD = "STANDARD", "Standard"
    STANDARD_EXCEPTIONALLY_COMPLEX = "STANDARD_EXCEPTIONALLY_COMPLEX", "Exceptionally complex"
    NON_STANDARD = "NON_STANDARD", "Non-standard (SFO, FCA, NCA, HMRC)"


class BailPurpose(Vocabulary):
    """Bail Act 1976 s.3(6) purposes a condition serves."""

    SURRENDER = "SURRENDER", "To secure surrender"
    NO_OFFENDING = "NO_OFFENDING", "To prevent offending on bail"
    NO_INTERFERENCE = "NO_INTERFERENCE", "To prevent interference with witnesses or justice"
    OWN_PROTECTION = "OWN_PROTECTION", "For the person's own protection or welfare"


class Rank(StrEnum):
    SERGEANT = "SERGEANT"
    INSPECTOR = "INSPECTOR"
    CHIEF_INSPECTOR = "CHIEF_INSPECTOR"
    SUPERINTENDENT = "SUPERINTENDENT"
    CHIEF_SUPERINTENDENT = "CHIEF_SUPERINTENDENT"
    COURT = "COURT"


_SENIORITY = {rank: level for level, rank in enumerate(Rank)}


def initial_months() -> int:
    return int(settings.get("bail_initial_months"))


def extension_levels() -> tuple[tuple[int, Rank], ...]:
    """Standard-case extension levels (PCSCA 2022 Sch.4): (months from start, lowest rank)."""
    return (
        (int(settings.get("bail_inspector_months")), Rank.INSPECTOR),
        (int(settings.get("bail_superintendent_months")), Rank.SUPERINTENDENT),
    )


PRE_CHARGE = frozenset(
    {ReleaseType.PRE_CHARGE_BAIL_CONDITIONAL, ReleaseType.PRE_CHARGE_BAIL_UNCONDITIONAL}
)


@dataclass(frozen=True)
class Extension:
    rank: Rank
    new_expiry: datetime
    authorised_by: str | None = None
    authorised_at: datetime | None = None


def months_after(start: datetime, months: int) -> datetime:
    moved: datetime = start + relativedelta(months=months)
    return moved


def _extensions(row: Mapping[str, Any]) -> list[Extension]:
    raw = row.get("extensions") or []
    if not isinstance(raw, list):
        raise RowError("extensions", "is not a list")
    found = []
    for index, item in enumerate(raw):
        name = f"extensions[{index}]"
        if not isinstance(item, dict):
            raise RowError(name, "is not an object")
        rank_text = (fields.text(item, "rank") or "").upper().replace(" ", "_")
        try:
            rank = Rank(rank_text)
        except ValueError:
            raise RowError(f"{name}.rank", f"{rank_text!r} is not a rank or COURT") from None
        try:
            new_expiry = fields.required_moment(item, "new_expiry")
            authorised_at = fields.moment(item, "authorised_at")
        except RowError as exc:
            raise RowError(f"{name}.{exc.field_name}", exc.reason) from None
        found.append(Extension(rank, new_expiry, fields.text(item, "authorised_by"), authorised_at))
    return sorted(found, key=lambda e: e.new_expiry)


def check_bail_period(start: datetime, expires: datetime, extensions: list[Extension]) -> None:
    """Reject a standard-case period longer than its recorded extensions allow."""
    levels = extension_levels()
    limit = months_after(start, initial_months())
    for index, extension in enumerate(extensions):
        if index < len(levels):
            months, lowest = levels[index]
            ceiling = months_after(start, months)
            if extension.new_expiry > ceiling:
                raise RowError(
                    f"extensions[{index}].new_expiry",
                    f"extension {index + 1} may run to {months} months from the bail start at "
                    "most; a longer period skips a level",
                )
            if _SENIORITY[extension.rank] < _SENIORITY[lowest]:
                raise RowError(
                    f"extensions[{index}].rank",
                    f"an extension to {months} months needs a {lowest.value.lower()} or above",
                )
        elif extension.rank is not Rank.COURT:
            raise RowError(
                f"extensions[{index}].rank",
                f"bail beyond {levels[-1][0]} months needs a magistrates' court",
            )
        limit = extension.new_expiry
    if aware(expires) > limit:
        reason = (
            "is later than the last recorded extension allows"
            if extensions
            else f"is more than {initial_months()} months after the bail start and no "
            "extension is recorded"
        )
        raise RowError("abp_expires_at", reason)


def _conditions(row: Mapping[str, Any], bail_id: str, bail_start: datetime) -> list[dict[str, Any]]:
    raw = row.get("conditions") or []
    if not isinstance(raw, list):
        raise RowError("conditions", "is not a list")
    out = []
    for index, item in enumerate(raw):
        name = f"conditions[{index}]"
        if not isinstance(item, dict):
            raise RowError(name, "is not an object")
        try:
            condition_type = fields.code(item, "condition_type", BailConditionType)
            purpose = fields.text(item, "purpose")
            if purpose is not None:
                purpose = fields.code(item, "purpose", BailPurpose).value
            valid_from = fields.moment(item, "valid_from") or bail_start
            valid_to = fields.moment(item, "valid_to")
        except RowError as exc:
            raise RowError(f"{name}.{exc.field_name}", exc.reason) from None
        if valid_to is not None and valid_to < valid_from:
            raise RowError(f"{name}.valid_to", "is before valid_from")
        params = item.get("params") or {}
        if not isinstance(params, dict):
            raise RowError(f"{name}.params", "is not an object")
        if condition_type is BailConditionType.EXCLUSION_AREA:
            area = params.get("area")
            try:
                geo.named_area(str(area or ""))
            except ValueError:
                raise RowError(
                    f"{name}.params.area", f"no boundary is held for the area {area!r}"
                ) from None
        if condition_type is BailConditionType.NON_CONTACT and not (
            params.get("person_ref") or params.get("person_id")
        ):
            # Monitoring needs to know whom: the named person's nominal reference or entity id.
            raise RowError(
                f"{name}.params", "a non-contact condition names person_ref or person_id"
            )
        out.append(
            {
                "id": make_id("bc", bail_id, index),
                "bail_id": bail_id,
                "condition_type": condition_type.value,
                "purpose": purpose,
                "params": params,
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
        )
    return out


def load_bail(
    conn: Connection, row: Mapping[str, Any], *, is_synthetic: bool
) -> tuple[str, Change]:
    bail_id = fields.record_id(row, "bail_id")
    person_id = resolve_person(conn, row)
    arrest_id = fields.text(row, "arrest_id")
    if arrest_id is not None and not _exists(conn, tables.arrests, arrest_id):
        raise RowError("arrest_id", f"no arrest {arrest_id!r} is recorded")
    release_type = fields.code(row, "release_type", ReleaseType)
    case_type = fields.code(row, "case_type", CaseType, default=CaseType.STANDARD)
    bail_start = fields.required_moment(row, "bail_start")
    return_at = fields.moment(row, "return_at")
    abp_expires_at = fields.moment(row, "abp_expires_at")
    ended_at = fields.moment(row, "ended_at")
    if ended_at is not None and ended_at < bail_start:
        raise RowError("ended_at", "is before the bail start")
    conditions = _conditions(row, bail_id, bail_start)
    extensions = _extensions(row)
    if release_type is ReleaseType.RUI:
        if conditions:
            raise RowError("conditions", "a person released under investigation has none")
        if return_at is not None:
            raise RowError("return_at", "a person released under investigation has no return date")
    if release_type in PRE_CHARGE and case_type is CaseType.STANDARD:
        if abp_expires_at is None:
            # The statutory initial period, so that an expiry warning can be given.
            abp_expires_at = months_after(bail_start, initial_months())
        check_bail_period(bail_start, abp_expires_at, extensions)
    elif extensions and release_type not in PRE_CHARGE:
        raise RowError("extensions", f"{release_type.label.lower()} has no bail period to extend")
    change = upsert(
        conn,
        tables.bail_records,
        {
            "id": bail_id,
            "person_id": person_id,
            "arrest_id": arrest_id,
            "custody_ref": fields.text(row, "custody_ref"),
            "release_type": release_type.value,
            "case_type": case_type.value,
            "bail_start": bail_start,
            "return_at": return_at,
            "abp_expires_at": abp_expires_at,
            "ended_at": ended_at,
            "is_synthetic": is_synthetic,
        },
    )
    if _replace_conditions(conn, bail_id, conditions) and change is Change.UNCHANGED:
        change = Change.UPDATED
    if _replace_extensions(conn, bail_id, extensions) and change is Change.UNCHANGED:
        change = Change.UPDATED
    return bail_id, change


def _replace_extensions(conn: Connection, bail_id: str, extensions: list[Extension]) -> bool:
    """Store this bail's extensions in order; True if they differ from those stored before."""
    x = tables.bail_extensions
    rows = [
        {
            "id": make_id("bx", bail_id, sequence),
            "bail_id": bail_id,
            "sequence": sequence,
            "rank": e.rank.value,
            "authorised_by": e.authorised_by,
            "authorised_at": e.authorised_at,
            "new_expiry": e.new_expiry,
        }
        for sequence, e in enumerate(extensions, start=1)
    ]
    stored = conn.execute(select(x).where(x.c.bail_id == bail_id)).mappings()
    before = {r["id"]: _comparable(dict(r)) for r in stored}
    if before == {r["id"]: _comparable(r) for r in rows}:
        return False
    conn.execute(delete(x).where(x.c.bail_id == bail_id))
    if rows:
        conn.execute(x.insert(), rows)
    return True


def _replace_conditions(conn: Connection, bail_id: str, conditions: list[dict[str, Any]]) -> bool:
    """Store this bail's conditions; True if they differ from those stored before."""
    c = tables.bail_conditions
    stored = conn.execute(select(c).where(c.c.bail_id == bail_id).order_by(c.c.id)).mappings()
    before = {r["id"]: _comparable(dict(r)) for r in stored}
    after = {r["id"]: _comparable(r) for r in conditions}
    if before == after:
        return False
    conn.execute(delete(c).where(c.c.bail_id == bail_id))
    if conditions:
        conn.execute(c.insert(), conditions)
    return True


def _comparable(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(aware(v) if isinstance(v, datetime) else v for _k, v in sorted(row.items()))


def _exists(conn: Connection, table: Any, record_id: str) -> bool:
    return conn.execute(select(table.c.id).where(table.c.id == record_id)).first() is not None
