"""Safeguarding referrals and welfare visits, as an enforcement file carries them.

The enforcement importer calls these for the ``referrals`` and ``visits`` sections inside its
own transaction, so one file is one batch. A child (or a person who may be one, MSA 2015 s.51)
is referred without consent; an adult is referred to the NRM only with consent, and a referral
without it is quarantined: without consent the route is an anonymous Duty to Notify report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from linewatch.model import ReferralOutcome, ReferralType
from linewatch.safeguard import fields
from linewatch.safeguard.age import age_status
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.entities import find_or_add_address, person_by_reference
from linewatch.safeguard.rows import Change, upsert
from linewatch.store import RowError, tables


def resolve_person(conn: Connection, row: Mapping[str, Any], name: str = "person_ref") -> str:
    """The Person entity a record names by force reference; RowError if none holds it."""
    reference = fields.required_text(row, name)
    person_id = person_by_reference(conn, reference)
    if person_id is None:
        raise RowError(
            name, f"no person holds force reference {reference!r}; import person records first"
        )
    return person_id


def load_referral(
    conn: Connection, row: Mapping[str, Any], canonical: Canonical, *, is_synthetic: bool
) -> tuple[str, Change]:
    referral_id = fields.record_id(row, "referral_id")
    person_id = resolve_person(conn, row)
    referral_type = fields.code(row, "referral_type", ReferralType)
    made_at = fields.required_moment(row, "made_at")
    made_by = fields.required_text(row, "made_by")
    consent = fields.flag(row, "consent_obtained")
    outcome = fields.code(row, "outcome", ReferralOutcome, default=ReferralOutcome.PENDING)
    age = age_status(conn, canonical.members(person_id), made_at)
    if referral_type is ReferralType.NRM and not age.treated_as_child and consent is not True:
        raise RowError(
            "consent_obtained",
            "an adult is referred to the NRM only with consent; without it, record an "
            "anonymous Duty to Notify report instead",
        )
    change = upsert(
        conn,
        tables.referrals,
        {
            "id": referral_id,
            "person_id": person_id,
            "referral_type": referral_type.value,
            "made_at": made_at,
            "made_by": made_by,
            "consent_obtained": consent,
            "outcome": outcome.value,
            # A presumed child is counted and treated as a child (s.51).
            "is_child": age.treated_as_child,
            "is_synthetic": is_synthetic,
        },
    )
    return referral_id, change


def load_visit(
    conn: Connection, row: Mapping[str, Any], *, is_synthetic: bool
) -> tuple[str, Change]:
    visit_id = fields.record_id(row, "visit_id")
    scheduled_for = fields.required_moment(row, "scheduled_for")
    performed_at = fields.moment(row, "performed_at")
    performed_by = fields.text(row, "performed_by")
    if performed_at is not None and performed_by is None:
        raise RowError("performed_by", "a visit that was made must say who made it")
    seen = fields.flag(row, "occupant_seen")
    alone = fields.flag(row, "occupant_seen_alone")
    if alone and seen is False:
        raise RowError("occupant_seen_alone", "the occupant cannot be seen alone but not seen")
    indicators = [normalise_indicator(i) for i in fields.text_list(row, "indicators")]
    address_id = find_or_add_address(
        conn,
        fields.text(row, "address"),
        fields.text(row, "postcode"),
        fields.provenance("visits", visit_id, is_synthetic=is_synthetic, observed_at=performed_at),
    )
    change = upsert(
        conn,
        tables.visits,
        {
            "id": visit_id,
            "address_id": address_id,
            "scheduled_for": scheduled_for,
            "performed_at": performed_at,
            "performed_by": performed_by,
            "occupant_seen": seen,
            "occupant_seen_alone": alone,
            "indicators": indicators,
            "outcome": fields.text(row, "outcome"),
            "is_synthetic": is_synthetic,
        },
    )
    return visit_id, change


def normalise_indicator(raw: str) -> str:
    """Indicator codes as stored: upper case, words joined by underscores."""
    return "_".join(raw.replace("-", " ").upper().split())
