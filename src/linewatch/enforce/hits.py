"""Open ANPR hotlist hits as an officer works through them: by vehicle, and newest read first.

Hits are raised in bulk as reads arrive, so the time an alert was raised says little; the
read's own time, newest first, is the order to act in, and the vehicles with the most open
hits say where the hits concentrate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from linewatch.access import Access
from linewatch.enforce.alerts import Alert, open_alerts
from linewatch.enforce.anpr import KIND, ActionRequired, ReasonCategory


@dataclass(frozen=True)
class HitsOfVehicle:
    """A listed vehicle's open hits: the entry they matched, how many, and the latest read."""

    entry: dict[str, Any]
    count: int
    latest: dict[str, Any]

    @property
    def reason(self) -> str:
        return ReasonCategory(self.entry["reason_category"]).label

    @property
    def action(self) -> str:
        return ActionRequired(self.entry["action_required"]).label


@dataclass(frozen=True)
class OpenHits:
    hits: list[Alert]  # newest read first
    vehicles: list[HitsOfVehicle]  # most open hits first


def _read(hit: Alert) -> dict[str, Any]:
    read: dict[str, Any] = hit.evidence_of("anpr_read")[0]
    return read


def open_hits(access: Access) -> OpenHits:
    """Every open hotlist hit, newest read first, and the vehicles they are of; viewing them
    is logged (as ``open_alerts``)."""
    hits = sorted(
        open_alerts(access, KIND),
        key=lambda hit: (datetime.fromisoformat(str(_read(hit)["read_at"])), hit.id),
        reverse=True,
    )
    by_vehicle: dict[str, list[Alert]] = {}
    for hit in hits:
        by_vehicle.setdefault(hit.subject_id, []).append(hit)
    vehicles = [
        HitsOfVehicle(found[0].evidence_of("vehicle_of_interest")[0], len(found), _read(found[0]))
        for found in by_vehicle.values()
    ]
    return OpenHits(hits, sorted(vehicles, key=lambda v: -v.count))
