"""The force's ANPR hotlist over the year: vehicles of interest as an intelligence unit keeps
them.

A line's courier vehicle is listed some days after the first report that names its full
registration (a partial plate names no vehicle), citing that report, by an officer or the
intelligence bureau. Entries run for three months to a year (a hotlist entry is reviewed at
least yearly), so early ones lapse; an entry is withdrawn when its vehicle is seized, and in a
world where none was, one entry is withdrawn as no longer current. One courier entry per world
carries handling code C with its conditions, and each world also lists one stolen car that
has nothing to do with any line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from linewatch.scenario import names, places
from linewatch.scenario.reports import Report
from linewatch.scenario.story import Story, at
from linewatch.scenario.world import World

INTELLIGENCE_UNIT = "Force Intelligence Bureau"
C_CONDITIONS = (
    "Not to be disseminated outside UK law enforcement without reference to the force "
    "intelligence bureau; do not disclose the source report."
)
LIFETIMES = (90, 180, 182, 270, 365)  # days: always within the year a review allows


@dataclass
class Listing:
    key: str
    vrm: str  # as the world writes it, e.g. "FE19 KDX"
    line_id: str | None
    reason_category: str
    reason: str
    action_required: str
    handling_code: str
    handling_conditions: str | None
    linked_report: str | None  # the reference of the report that named the vehicle
    created_by: str
    created_at: datetime
    expires_at: datetime
    withdrawn_at: datetime | None = None

    @property
    def plate(self) -> str:
        return self.vrm.replace(" ", "")

    def live_at(self, moment: datetime) -> bool:
        """Listed, and neither expired nor withdrawn, at ``moment``, as the hotlist checks a
        read (and whether it is there at all when the reads are checked)."""
        return self.created_at <= moment < self.expires_at and (
            self.withdrawn_at is None or moment < self.withdrawn_at
        )


def names_vehicle(report: Report, plate: str) -> bool:
    return any(
        m.schema == "Vehicle" and m.text.upper().replace(" ", "") == plate for m in report.mentions
    )


class HotlistPlanner:
    def __init__(
        self, rng: random.Random, world: World, story: Story, reports: list[Report]
    ) -> None:
        self.rng = rng
        self.world = world
        self.story = story
        self.reports = sorted(
            (r for r in reports if r.fault is None), key=lambda r: (r.reported_at, r.reference)
        )
        self.end = at(world.as_of, 0)

    def key(self) -> str:
        return f"VOI-{self.world.prefix}{len(self.story.listings) + 1:05d}"

    def officer(self) -> str:
        return self.rng.choice([*names.OFFICERS, INTELLIGENCE_UNIT, INTELLIGENCE_UNIT])

    def plan(self) -> None:
        seized = {s.vrm: s for s in self.story.seizures}
        couriers: list[Listing] = []
        for line in self.world.lines:
            for vrm in line.couriers:
                listing = self.courier(line.line_id, line.brand, line.hub, vrm)
                if listing is None:
                    continue
                seizure = seized.get(vrm)
                if seizure is not None:
                    if seizure.at <= listing.created_at:
                        continue  # seized before intelligence named it: never listed
                    withdrawn = seizure.at + timedelta(hours=self.rng.randint(2, 30))
                    if listing.live_at(withdrawn) and withdrawn < self.end:
                        listing.withdrawn_at = withdrawn
                couriers.append(listing)
                self.story.listings.append(listing)
        if couriers:
            chosen = self.rng.choice(couriers)
            chosen.handling_code, chosen.handling_conditions = "C", C_CONDITIONS
            if not any(x.withdrawn_at for x in couriers):
                self.withdraw_one(couriers)
        self.stolen()

    def courier(self, line_id: str, brand: str, hub: str, vrm: str) -> Listing | None:
        rng = self.rng
        plain = vrm.replace(" ", "")
        first = next((r for r in self.reports if names_vehicle(r, plain)), None)
        if first is None:
            return None
        created = first.reported_at + timedelta(days=rng.randint(2, 9), hours=rng.randint(1, 8))
        if created >= self.end:
            return None
        return Listing(
            self.key(),
            vrm,
            line_id,
            "COUNTY_LINES_COURIER",
            f"Courier vehicle of the {brand} line, driven in from {hub}; "
            f"named in {first.reference}",
            "STOP_CHECK" if rng.random() < 0.3 else "DO_NOT_STOP_REPORT",
            "P",
            None,
            first.reference,
            self.officer(),
            created,
            created + timedelta(days=rng.choice(LIFETIMES)),
        )

    def withdraw_one(self, couriers: list[Listing]) -> None:
        """Intelligence no longer current: the earliest entry with room to be withdrawn."""
        for listing in sorted(couriers, key=lambda x: x.created_at):
            when = listing.created_at + timedelta(days=self.rng.randint(20, 60))
            if listing.live_at(when) and when < self.end:
                listing.withdrawn_at = when
                return

    def stolen(self) -> None:
        """A car reported stolen from a Rutland or nearby town, on no line's business."""
        rng, w = self.rng, self.world
        hubs = {h.name for h in places.HUBS}
        candidates = sorted(
            v.vrm
            for v in w.vehicles.values()
            if v.use == "personal"
            and v.keeper
            and w.people[v.keeper].area not in hubs
            and not w.people[v.keeper].roles
        )
        if not candidates:
            return
        vrm = rng.choice(candidates)
        created = at(self.world.as_of - timedelta(days=rng.randint(20, 150)), rng.randint(7, 22))
        town = w.people[w.vehicles[vrm].keeper or ""].area
        self.story.listings.append(
            Listing(
                self.key(),
                vrm,
                None,
                "STOLEN",
                f"Reported stolen from {town}; keeper not involved",
                "STOP_CHECK",
                "P",
                None,
                None,
                self.officer(),
                created,
                created + timedelta(days=rng.choice(LIFETIMES[2:])),
            )
        )
