"""Rendering the year's enforcement, safeguarding and ANPR hotlist as ``enforcement.json``
records."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from linewatch.scenario.reports import Report
from linewatch.scenario.story import Arrest, Story, abp_expiry
from linewatch.scenario.world import World

SECTIONS = (
    "warrants",
    "arrests",
    "bail",
    "seizures",
    "referrals",
    "visits",
    "vehicles_of_interest",
)


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def attach_grounds(rng: random.Random, story: Story, reports: list[Report]) -> None:
    """Each warrant rests on reports about its line that reached the force before it was
    applied for, the graded ones first."""
    for warrant in story.warrants:
        before = [
            r
            for r in reports
            if r.line_id == warrant.line_id
            and r.fault is None
            and r.reported_at < warrant.applied_at
        ]
        graded = [r for r in before if r.source_evaluation]
        pool = graded if len(graded) >= 2 else before
        chosen = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
        warrant.grounds = sorted(r.reference for r in chosen)


def bail_id(arrest: Arrest) -> str:
    return "BAIL-" + arrest.key.removeprefix("ARR-")


def render(
    rng: random.Random, world: World, story: Story, nominal: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
    brands = {line.line_id: line.brand for line in world.lines}
    for w in story.warrants:
        address = world.addresses[w.address]
        out["warrants"].append(
            {
                "warrant_id": w.key,
                "power": "MDA_S23",
                "address": address.full,
                "postcode": address.postcode,
                "grounds_report_refs": w.grounds,
                "applied_at": _stamp(w.applied_at),
                "authorised_by": w.authorised_by,
                "authorised_at": _stamp(w.authorised_at),
                "executed_at": _stamp(w.executed_at),
                "outcome": w.outcome,
            }
        )
    for a in story.arrests:
        out["arrests"].append(
            {
                "arrest_id": a.key,
                "person_ref": nominal[a.person],
                "arrested_at": _stamp(a.at),
                "offence": a.offence,
                "warrant_id": a.warrant,
                "location": a.location,
                "outcome": a.outcome,
                "charged_at": _stamp(a.charged_at),
            }
        )
        out["bail"].append(_bail(rng, a, nominal))
    for s in story.seizures:
        out["seizures"].append(
            {
                "seizure_id": s.key,
                "vrm": s.vrm,
                "power": s.power,
                "grounds": s.grounds,
                "seized_at": _stamp(s.at),
                "location": s.location,
                "seizing_officer": s.officer,
                "status": s.status,
                "line_brand": brands[s.line_id],
            }
        )
    for r in story.referrals:
        out["referrals"].append(
            {
                "referral_id": r.key,
                "person_ref": nominal[r.person],
                "referral_type": r.referral_type,
                "made_at": _stamp(r.made_at),
                "made_by": r.made_by,
                "consent_obtained": r.consent,
                "outcome": r.outcome,
            }
        )
    for v in story.visits:
        address = world.addresses[v.address]
        out["visits"].append(
            {
                "visit_id": v.key,
                "address": address.full,
                "postcode": address.postcode,
                "scheduled_for": v.scheduled_for.isoformat(),
                "performed_at": _stamp(v.performed_at),
                "performed_by": v.performed_by,
                "occupant_seen": v.seen,
                "occupant_seen_alone": v.alone,
                "indicators": v.indicators,
                "outcome": v.outcome,
            }
        )
    for listing in story.listings:
        out["vehicles_of_interest"].append(
            {
                "voi_id": listing.key,
                "vrm": listing.vrm,
                "reason_category": listing.reason_category,
                "reason": listing.reason,
                "action_required": listing.action_required,
                "handling_code": listing.handling_code,
                "handling_conditions": listing.handling_conditions,
                "linked_report_ref": listing.linked_report,
                "created_by": listing.created_by,
                "created_at": _stamp(listing.created_at),
                "expires_at": _stamp(listing.expires_at),
                "withdrawn_at": _stamp(listing.withdrawn_at),
                "is_synthetic": True,
            }
        )
    return out


def _bail(rng: random.Random, a: Arrest, nominal: dict[str, str]) -> dict[str, Any]:
    release = a.at + timedelta(hours=rng.randint(8, 20))
    record: dict[str, Any] = {
        "bail_id": bail_id(a),
        "person_ref": nominal[a.person],
        "arrest_id": a.key,
        "release_type": a.release_type,
        "case_type": "STANDARD",
        "bail_start": _stamp(release),
        "return_at": None,
        "abp_expires_at": None,
        "ended_at": None,
        "conditions": [],
    }
    if a.release_type == "CHARGED_REMAND":
        record["bail_start"] = _stamp(a.charged_at)
    if a.release_type == "PRE_CHARGE_BAIL_CONDITIONAL":
        start = a.conditions[0].valid_from
        expiry = abp_expiry(start)
        back = start + timedelta(days=rng.randint(56, 80))
        record.update(
            {
                "bail_start": _stamp(start),
                "return_at": _stamp(back.replace(hour=10, minute=0, second=0, microsecond=0)),
                "abp_expires_at": _stamp(expiry),
                "ended_at": _stamp(a.bail_end),
                "conditions": [
                    {
                        "condition_type": c.condition_type,
                        "purpose": c.purpose,
                        "params": c.params,
                        "valid_from": _stamp(c.valid_from),
                        "valid_to": _stamp(c.valid_to),
                    }
                    for c in a.conditions
                ],
            }
        )
    return record
