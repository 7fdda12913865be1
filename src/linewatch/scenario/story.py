"""What the police and partners did over the year: warrants, arrests, bail, vehicle seizures,
safeguarding referrals and welfare visits, planned from each line's story.

Everything here is keyed by the world's own person and address keys; ``enforcement`` renders
it with the force's references once ``records`` has given each person their nominal.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from linewatch.scenario import names, places
from linewatch.scenario.entities import DealLine, Person
from linewatch.scenario.world import World, WorldBuilder

if TYPE_CHECKING:
    from linewatch.scenario.hotlist import Listing

VISIT_INDICATORS = (
    "UNKNOWN_VISITORS",
    "CARS_AT_ALL_HOURS",
    "YOUNG_PEOPLE_NOT_LOCAL",
    "SMELL_OF_DRUGS",
    "DRUG_PARAPHERNALIA",
    "OCCUPANT_WITHDRAWN",
    "NEW_RESIDENTS",
    "DAMAGE_OR_FORCED_ENTRY",
    "MISSING_MEDICATION",
    "OCCUPANT_NOT_AT_HOME",
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@dataclass
class Warrant:
    key: str
    line_id: str
    address: str
    applied_at: datetime
    authorised_at: datetime
    authorised_by: str
    executed_at: datetime
    outcome: str
    grounds: list[str] = field(default_factory=list)


@dataclass
class Condition:
    condition_type: str
    purpose: str
    params: dict[str, str]
    valid_from: datetime
    valid_to: datetime | None


@dataclass
class Arrest:
    key: str
    person: str
    line_id: str
    at: datetime
    offence: str
    location: str
    warrant: str | None
    outcome: str
    charged_at: datetime | None
    release_type: str
    bail_end: datetime | None
    conditions: list[Condition] = field(default_factory=list)


@dataclass
class Seizure:
    key: str
    vrm: str
    line_id: str
    at: datetime
    power: str
    grounds: str
    location: str
    officer: str
    status: str


@dataclass
class Referral:
    key: str
    person: str
    referral_type: str
    made_at: datetime
    made_by: str
    consent: bool | None
    outcome: str


@dataclass
class Visit:
    key: str
    address: str
    scheduled_for: date
    performed_at: datetime | None
    performed_by: str | None
    seen: bool | None
    alone: bool | None
    indicators: list[str]
    outcome: str


@dataclass
class Story:
    warrants: list[Warrant] = field(default_factory=list)
    arrests: list[Arrest] = field(default_factory=list)
    seizures: list[Seizure] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    # The ANPR hotlist, planned by ``hotlist`` once the reports that name vehicles exist.
    listings: list[Listing] = field(default_factory=list)

    def arrested(self) -> set[str]:
        return {a.person for a in self.arrests}


OFFENCES = {
    "supply": "Being concerned in the supply of a Class A drug (MDA 1971 s.4(3)(b))",
    "pwits": "Possession with intent to supply a Class A drug (MDA 1971 s.5(3))",
    "conspiracy": "Conspiracy to supply Class A drugs (Criminal Law Act 1977 s.1)",
    "weapon": "Possession of an offensive weapon in a private place (CJA 1988 s.139AA)",
}


class StoryPlanner:
    def __init__(self, rng: random.Random, world: World, builder: WorldBuilder, year_seizures: int):
        self.rng = rng
        self.world = world
        self.builder = builder
        self.year_seizures = year_seizures
        self.story = Story()

    def key(self, kind: str, n: int) -> str:
        word = {"W": "WAR", "A": "ARR", "S": "SEZ", "R": "REF", "V": "VIS"}[kind]
        return f"{word}-{self.world.prefix}{n:05d}"

    def plan(self) -> Story:
        for line in self.world.lines:
            self.line(line)
        self.seizures()
        self.visits()
        return self.story

    # ---- warrants, arrests, bail ---------------------------------------------------------

    def line(self, line: DealLine) -> None:
        rng, w = self.rng, self.world
        warrant: Warrant | None = None
        if line.warrant_at:
            cuckooed = line.cuckooings[0]
            applied = at(line.warrant_at - timedelta(days=rng.randint(2, 6)), rng.randint(9, 16))
            authorised = applied + timedelta(hours=rng.randint(2, 30))
            executed = at(line.warrant_at, rng.choice([5, 6, 6, 7]), rng.choice([0, 15, 30]))
            warrant = Warrant(
                self.key("W", len(self.story.warrants) + 1),
                line.line_id,
                cuckooed.address,
                applied,
                authorised,
                rng.choice(names.JUSTICES),
                executed,
                "",
            )
            self.story.warrants.append(warrant)
            present = [r for r in line.runners if line.runner_spells[r][1] == line.warrant_at]
            arrested = rng.sample(present, min(len(present), rng.randint(1, 2)))
            if line.archetype in {"closed", "recent"}:
                arrested.append(line.controller)
            for key in arrested:
                self.arrest(line, key, executed, warrant)
            found = rng.sample(
                [
                    "wraps of crack cocaine and heroin",
                    "about £2,400 in cash",
                    "three phones",
                    "digital scales",
                    "a machete",
                    "a knuckleduster",
                ],
                3,
            )
            warrant.outcome = (
                f"Executed. Found {', '.join(found)}. {len(arrested)} arrested; occupant "
                "treated as a potential victim."
            )
            self.referral(cuckooed.tenant, "ADULT_SOCIAL_CARE", executed + timedelta(hours=8))
            store = w.person(line.storekeeper)
            self.arrest(
                line, store.key, executed + timedelta(days=rng.randint(1, 4), hours=3), None
            )
        if line.holder_arrest_at:
            self.arrest(line, line.holder, at(line.holder_arrest_at, 6, 40), None)
        if line.dormant_at:
            runner = line.runners[0]
            day = line.dormant_at - timedelta(days=rng.randint(5, 20))
            self.arrest(line, runner, at(day, rng.randint(13, 22), rng.randint(0, 59)), None)

    def arrest(self, line: DealLine, key: str, when: datetime, warrant: Warrant | None) -> None:
        rng, w = self.rng, self.world
        person = w.person(key)
        from_hub = person.area == line.hub
        child = person.age_on(when.date()) < 18
        offence = OFFENCES[
            "conspiracy" if key == line.holder else "supply" if from_hub else "pwits"
        ]
        if warrant and rng.random() < 0.2:
            offence = OFFENCES["weapon"]
        location = (
            w.addresses[warrant.address].full
            if warrant
            else w.addresses[person.home].full
            if key in {line.holder, line.storekeeper}
            else f"{rng.choice(['A606', 'A6003', 'A47'])} near {line.base_town}"
        )
        arrest = Arrest(
            self.key("A", len(self.story.arrests) + 1),
            key,
            line.line_id,
            when,
            offence,
            location,
            warrant.key if warrant else None,
            "",
            None,
            "RUI",
            None,
        )
        if key == line.holder:
            arrest.outcome, arrest.release_type = "CHARGED", "CHARGED_REMAND"
            arrest.charged_at = when + timedelta(hours=rng.randint(20, 34))
        elif not from_hub or line.archetype == "dormant":
            arrest.outcome = "RUI"
        else:
            arrest.release_type = "PRE_CHARGE_BAIL_CONDITIONAL"
            start = when + timedelta(hours=rng.randint(12, 30))
            if line.archetype == "recent":
                end = None
            elif child:
                end = start + timedelta(days=rng.randint(50, 85))
            else:
                end = start + timedelta(days=rng.randint(55, 88))
            arrest.bail_end = end
            if end is None:
                arrest.outcome = "BAILED"
            elif child:
                arrest.outcome = "NFA"
            else:
                arrest.outcome, arrest.charged_at = "CHARGED", end
            arrest.conditions = [
                Condition("EXCLUSION_AREA", "NO_OFFENDING", {"area": "Rutland"}, start, end),
                Condition(
                    "RESIDENCE", "SURRENDER", {"address": w.addresses[person.home].full}, start, end
                ),
            ]
        self.story.arrests.append(arrest)
        if child or person.age_uncertain:
            self.referral(key, "NRM", when + timedelta(hours=rng.randint(3, 20)))
            if child:
                self.referral(key, "CHILDRENS_SOCIAL_CARE", when + timedelta(hours=6))

    def referral(self, key: str, kind: str, when: datetime) -> None:
        rng, w = self.rng, self.world
        person = w.person(key)
        child = person.age_on(when.date()) < 18
        consent: bool | None = None
        if kind == "NRM" and not child:
            consent = rng.random() < 0.6
            if not consent:
                kind = "DUTY_TO_NOTIFY"
        elif kind == "ADULT_SOCIAL_CARE":
            consent = rng.random() < 0.85
        outcome = "N/A"
        if kind == "NRM":
            days = (w.as_of - when.date()).days
            outcome = (
                "PENDING"
                if days < 30
                else "POSITIVE_RG"
                if days < 120
                else rng.choice(["POSITIVE_CG", "POSITIVE_CG", "NEGATIVE_CG"])
            )
        self.story.referrals.append(
            Referral(
                self.key("R", len(self.story.referrals) + 1),
                key,
                kind,
                when,
                rng.choice(names.OFFICERS),
                consent,
                outcome,
            )
        )

    # ---- vehicles ------------------------------------------------------------------------

    def seizures(self) -> None:
        """About six courier vehicles seized since the start of the year, as the release says."""
        rng, w = self.rng, self.world
        year_start = date(w.as_of.year, 1, 1)
        low = year_start if (w.as_of - year_start).days >= 45 else w.as_of - timedelta(days=120)
        low = max(low, w.start + timedelta(days=20))
        days = sorted(_spread(rng, low, w.as_of - timedelta(days=3), self.year_seizures))
        for day in days:
            live = [
                line
                for line in w.lines
                if line.active_from <= day
                and (line.quiet_from() is None or day < line.quiet_from())  # type: ignore[operator]
            ]
            if not live:
                continue
            line = rng.choice(live)
            vrm = line.couriers[-1]
            vehicle = w.vehicles[vrm]
            if vehicle.in_use_from and vehicle.in_use_from >= day:
                continue
            vehicle.in_use_to = day
            when = at(day, rng.randint(14, 21), rng.randint(0, 59))
            power, grounds = rng.choice(
                (
                    (
                        "MDA_S23",
                        "Stopped after ANPR activation; search found wraps of Class A and "
                        "cash concealed in the door card",
                    ),
                    (
                        "RTA_S165A",
                        "Driver had no insurance and no valid licence; warned at a previous stop",
                    ),
                    (
                        "POCA_S47C",
                        "Vehicle bought with cash from supply; approved by an inspector as "
                        "realisable property",
                    ),
                    ("PACE_S19", "Evidence of supply found in the vehicle during a lawful search"),
                )
            )
            site = rng.choice([c.site for c in places.cameras() if c.road in {"A606", "A6003"}])
            status = rng.choice(["HELD", "RETAINED_AS_EVIDENCE", "RELEASED", "FORFEITED"])
            self.story.seizures.append(
                Seizure(
                    self.key("S", len(self.story.seizures) + 1),
                    vrm,
                    line.line_id,
                    when,
                    power,
                    grounds,
                    f"{site} near {line.base_town}",
                    rng.choice(names.OFFICERS),
                    status,
                )
            )
            replacement = self.builder.vehicle(line.hub, "courier")
            replacement.line_id = line.line_id
            replacement.in_use_from = day + timedelta(days=rng.randint(3, 10))
            line.couriers.append(replacement.vrm)

    # ---- welfare visits ------------------------------------------------------------------

    def visits(self) -> None:
        rng, w = self.rng, self.world
        plans: list[tuple[str, date, date | None, date | None]] = []
        for line in w.lines:
            for c in line.cuckooings:
                concern = c.start + timedelta(days=rng.randint(20, 60))
                if c.end is not None:
                    concern = min(concern, c.end)
                plans.append((c.address, concern, c.start, c.end))
        for address in w.vulnerable:
            plans.append((address, w.start + timedelta(days=rng.randint(0, 60)), None, None))
        for address, first, since, until in plans:
            day = max(first, w.start)
            while True:
                cuckooed = since is not None and since <= day and (until is None or day < until)
                self.visit(address, day, cuckooed)
                if day > w.as_of:
                    break
                day += timedelta(days=rng.randint(14, 21) if cuckooed else rng.randint(28, 42))

    def visit(self, address: str, day: date, cuckooed: bool) -> None:
        rng, w = self.rng, self.world
        key = self.key("V", len(self.story.visits) + 1)
        if day > w.as_of:
            self.story.visits.append(
                Visit(key, address, day, None, None, None, None, [], "SCHEDULED")
            )
            return
        if rng.random() < 0.07:
            self.story.visits.append(Visit(key, address, day, None, None, None, None, [], "MISSED"))
            return
        performed = at(
            day + timedelta(days=rng.choice([0, 0, 0, 1])), rng.randint(9, 19), rng.randint(0, 59)
        )
        seen = rng.random() < (0.6 if cuckooed else 0.9)
        alone = seen and rng.random() < (0.4 if cuckooed else 0.9)
        indicators = (
            rng.sample(VISIT_INDICATORS, rng.randint(2, 4))
            if cuckooed
            else (rng.sample(VISIT_INDICATORS, 1) if rng.random() < 0.1 else [])
        )
        outcome = (
            "CONCERNS_REFERRED"
            if cuckooed and rng.random() < 0.3
            else "CONCERNS_NOTED"
            if indicators
            else "NO_CONCERNS"
        )
        if not seen:
            outcome = "NO_ANSWER" if not indicators else outcome
        self.story.visits.append(
            Visit(
                key,
                address,
                day,
                performed,
                rng.choice(names.OFFICERS),
                seen,
                alone,
                indicators,
                outcome,
            )
        )


def _spread(rng: random.Random, low: date, high: date, n: int) -> list[date]:
    span = max(1, (high - low).days)
    return [low + timedelta(days=int(span * (i + rng.uniform(0.15, 0.85)) / n)) for i in range(n)]


def abp_expiry(start: datetime) -> datetime:
    """The applicable bail period: three calendar months from the bail start."""
    expiry: datetime = start + relativedelta(months=3)
    return expiry


def is_child(person: Person, day: date) -> bool:
    return person.age_on(day) < 18
