"""ANPR reads on the A1, A47, A606 and A6003 around Rutland.

Most reads are ordinary traffic. Courier vehicles drive in from their hub before the day's
deals and out again in the evening; line staff drive their own cars in while they work a
line; and people bailed with an exclusion from Rutland drive in while their bail is live (the
true breaches), pass by outside it, and come back once it has ended (not breaches).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from linewatch.geo import named_area
from linewatch.scenario import places
from linewatch.scenario.story import Story, at
from linewatch.scenario.world import World

# Letters a camera confuses with each other, so that a misread is
# still a well-formed registration: the trap is a plausible wrong plate, not a broken one.
_LOOKALIKE = {
    "O": "D",
    "D": "O",
    "H": "N",
    "N": "H",
    "E": "F",
    "F": "E",
    "P": "R",
    "R": "P",
    "U": "V",
    "V": "U",
    "C": "G",
    "G": "C",
    "M": "N",
}


@dataclass
class Read:
    read_id: str
    vrm: str  # the true registration, normalised
    as_read: str
    camera: places.Camera
    read_at: datetime
    confidence: float

    @property
    def in_rutland(self) -> bool:
        return named_area("Rutland").contains(self.camera.latitude, self.camera.longitude)


class AnprPlanner:
    def __init__(
        self, rng: random.Random, world: World, story: Story, background: list[str]
    ) -> None:
        self.rng = rng
        self.world = world
        self.story = story
        self.background = background
        self.reads: list[tuple[str, places.Camera, datetime, bool]] = []

    def trip(
        self,
        vrm: str,
        hub: str,
        depart: datetime,
        inbound: bool = True,
        back: datetime | None = None,
    ) -> None:
        """A drive in from ``hub`` along one of its routes, and home again at ``back``."""
        route = self.rng.choice(places.ROUTES[hub])
        for site, minutes, direction in route:
            when = depart + timedelta(minutes=minutes + self.rng.randint(-3, 6))
            if inbound:
                self.read(vrm, places.camera_for(site, direction), when)
        if back is not None:
            total = route[-1][1]
            for site, minutes, direction in reversed(route):
                when = back + timedelta(minutes=total - minutes + self.rng.randint(-3, 6))
                self.read(vrm, places.camera_for(site, places.OPPOSITE[direction]), when)

    def read(self, vrm: str, camera: places.Camera, when: datetime, noisy: bool = False) -> None:
        self.reads.append((vrm, camera, when, noisy))

    def plan(self) -> list[Read]:
        self.couriers()
        self.staff_cars()
        self.bailed()
        self.traffic()
        return self.finish()

    def couriers(self) -> None:
        rng, w = self.rng, self.world
        seized = {s.vrm: s for s in self.story.seizures}
        for line in w.lines:
            for vrm in line.couriers:
                vehicle = w.vehicles[vrm]
                first = max(vehicle.in_use_from or w.start, w.start)
                last = min(x for x in (vehicle.in_use_to, line.quiet_from(), w.as_of) if x)
                day = first
                while day < last:
                    depart = at(day, rng.randint(10, 14), rng.randint(0, 59))
                    back = at(day, rng.randint(19, 23), rng.randint(0, 59))
                    self.trip(vrm, line.hub, depart, back=back)
                    day += timedelta(days=rng.choice([2, 3, 4, 5, 7]))
                if vrm in seized:
                    # The last drive in, stopped and seized after the cameras caught it.
                    s = seized[vrm]
                    self.trip(vrm, line.hub, s.at - timedelta(hours=2))

    def staff_cars(self) -> None:
        rng, w = self.rng, self.world
        arrested = {a.person: a.at.date() for a in self.story.arrests}
        for line in w.lines:
            drivers = [line.controller, line.holder, *line.runners]
            for key in drivers:
                person = w.people[key]
                if person.area != line.hub:
                    continue
                start = line.runner_spells.get(key, (line.active_from, None))[0]
                end = min(x for x in (arrested.get(key), line.quiet_from(), w.as_of) if x)
                gap = (6, 12) if key == line.controller else (20, 45)
                for vrm in person.vehicles:
                    day = max(start, w.start) + timedelta(days=rng.randint(0, gap[1]))
                    while day < end:
                        self.trip(
                            vrm,
                            line.hub,
                            at(day, rng.randint(9, 16), rng.randint(0, 59)),
                            back=at(day, rng.randint(18, 23), rng.randint(0, 59)),
                        )
                        day += timedelta(days=rng.randint(*gap))

    def bailed(self) -> None:
        """Drives by people bailed to stay out of Rutland: during bail and after it ended."""
        rng, w = self.rng, self.world
        as_of = at(w.as_of, 0)
        for arrest in self.story.arrests:
            exclusion = [c for c in arrest.conditions if c.condition_type == "EXCLUSION_AREA"]
            person = w.people[arrest.person]
            if not exclusion or not person.vehicles:
                continue
            line = next(x for x in w.lines if x.line_id == arrest.line_id)
            start, end = exclusion[0].valid_from, exclusion[0].valid_to or as_of
            vrm = person.vehicles[0]
            live_days = (end - start).days
            for _ in range(rng.randint(1, 3)):
                day = (start + timedelta(days=rng.randint(2, max(2, live_days - 2)))).date()
                self.trip(
                    vrm,
                    line.hub,
                    at(day, rng.randint(12, 17), rng.randint(0, 59)),
                    back=at(day, rng.randint(19, 22), rng.randint(0, 59)),
                )
            # Passing by outside the county while on bail is no breach.
            outside = [
                c
                for c in places.cameras()
                if not named_area("Rutland").contains(c.latitude, c.longitude)
            ]
            for _ in range(rng.randint(1, 2)):
                when = start + timedelta(
                    days=rng.randint(1, max(1, live_days - 1)), hours=rng.randint(8, 12)
                )
                self.read(vrm, rng.choice(outside), when)
            if exclusion[0].valid_to is not None:
                for _ in range(rng.randint(1, 2)):
                    day = (end + timedelta(days=rng.randint(3, 40))).date()
                    if day < w.as_of:
                        self.trip(
                            vrm,
                            line.hub,
                            at(day, rng.randint(10, 16), rng.randint(0, 59)),
                            back=at(day, rng.randint(18, 22), rng.randint(0, 59)),
                        )

    def traffic(self) -> None:
        """Everyone else: local cars and through traffic on the main roads."""
        rng, w = self.rng, self.world
        cams = places.cameras()
        by_road: dict[str, list[places.Camera]] = {}
        for c in cams:
            by_road.setdefault(c.road, []).append(c)
        personal = [
            v.vrm
            for v in w.vehicles.values()
            if v.use == "personal"
            and v.keeper
            and w.people[v.keeper].area not in {h.name for h in places.HUBS}
        ]
        for vrm in self.background + personal:
            road = rng.choice(list(by_road))
            trips = rng.randint(2, 14)
            for _ in range(trips):
                day = w.start + timedelta(days=rng.randint(0, 364))
                when = at(day, rng.choice([7, 8, 9, 12, 13, 16, 17, 18, 20]), rng.randint(0, 59))
                for camera in rng.sample(by_road[road], rng.randint(1, 2)):
                    when += timedelta(minutes=rng.randint(4, 25))
                    self.read(vrm, camera, when, noisy=True)

    def finish(self) -> list[Read]:
        rng, w = self.rng, self.world
        end = at(w.as_of, 0)
        kept = [r for r in self.reads if at(w.start, 0) <= r[2] < end]
        kept.sort(key=lambda r: (r[2], r[1].camera_id, r[0]))
        out = []
        for n, (vrm, camera, when, noisy) in enumerate(kept, 1):
            plain = vrm.replace(" ", "")
            as_read = plain if rng.random() < 0.8 else vrm
            confidence = round(rng.uniform(0.82, 0.99), 2)
            if noisy and rng.random() < 0.02:
                # A letter after the first (some look-alikes never start a memory tag), never
                # the age digits, which must stay a plausible year.
                i = rng.choice([1, 4, 5, 6])
                swapped = _LOOKALIKE.get(plain[i])
                if swapped:
                    as_read = plain[:i] + swapped + plain[i + 1 :]
                    confidence = round(rng.uniform(0.55, 0.8), 2)
            out.append(Read(f"RD-{w.prefix}{n:07d}", plain, as_read, camera, when, confidence))
        return out
