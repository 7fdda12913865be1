"""Sharing records with another organisation: a disclosure under DPA 2018 s.62.

Each disclosure is kept in ``disclosures`` (which is what lets a partner then see the record)
and logged with the discloser, the recipient, the time and the stated purpose. Handling code C
records go only when the sender has acknowledged the conditions. What a record is does not
matter here; the stage that owns it adds its own rules (reports go only once sanitised).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from linewatch.access.context import Access, AccessDenied, justification_required
from linewatch.access.policy import OrganisationKind, Permission
from linewatch.access.users import get_organisation
from linewatch.model import AuditOperation, HandlingCode
from linewatch.store import tables, utcnow


@dataclass(frozen=True)
class Disclosure:
    organisation_id: str
    record_ids: tuple[str, ...]
    purpose: str
    handling_code: HandlingCode
    disclosed_by: str
    disclosed_at: datetime
    audit_seq: int


def disclose(
    access: Access,
    conn: Connection,
    record_ids: Iterable[str],
    organisation_id: str,
    purpose: str,
    handling_code: HandlingCode | str,
    conditions_acknowledged: bool = False,
    *,
    operation_ref: str | None = None,
) -> Disclosure:
    """Share records with one organisation, in the caller's transaction.

    ``handling_code`` is the most restrictive code among the records (C if any is C).
    """
    access.require(Permission.DISCLOSE)
    ids = tuple(dict.fromkeys(str(r) for r in record_ids))
    if not ids:
        raise ValueError("nothing to disclose: no records given")
    if not organisation_id.strip():
        raise ValueError("a disclosure must name its recipient organisation (DPA 2018 s.62(4))")
    code = HandlingCode(handling_code)
    if code is HandlingCode.CONDITIONS and not conditions_acknowledged:
        raise AccessDenied(
            "handling code C: the sharing conditions must be shown and acknowledged first"
        )
    purpose = purpose.strip()
    if justification_required() and not purpose:
        raise AccessDenied("a disclosure needs a stated purpose (DPA 2018 s.62)")
    recipient = get_organisation(conn, organisation_id)
    if recipient is None:
        raise ValueError(f"no organisation {organisation_id!r} to disclose to")
    if recipient.id == access.actor.organisation_id:
        raise ValueError("records shared within one organisation are not a disclosure")
    if recipient.kind is OrganisationKind.PCC_OFFICE:
        raise AccessDenied("the PCC office receives aggregate figures only, never personal data")
    now = utcnow()
    conn.execute(
        tables.disclosures.insert(),
        [
            {
                "record_id": record_id,
                "organisation_id": recipient.id,
                "disclosed_by": access.actor.id,
                "disclosed_at": now,
                "purpose": purpose,
            }
            for record_id in ids
        ],
    )
    seq = access.log(
        conn,
        AuditOperation.DISCLOSURE,
        ids,
        recipients=[recipient.id],
        operation_ref=operation_ref,
        justification=purpose or None,
    )
    return Disclosure(recipient.id, ids, purpose, code, access.actor.id, now, seq)
