"""The synthetic world's things: addresses, phones, vehicles, people, businesses, deal lines.

These are the generator's own truth, from which every output file is rendered; nothing here
is written out as it stands.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

# VRM letters: memory tags never use I, Q or Z; the random letters never I or Q.
_TAG_SECOND = "ABCDEFGHJKLMNOPRSTUVWXY"
_RANDOM_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"
_REGION_TAG_FIRST = {
    "Leicester": "F",
    "Nottingham": "F",
    "Rutland": "FA",
    "Peterborough": "A",
    "Birmingham": "B",
    "London": "L",
}


@dataclass
class Address:
    key: str
    number: str
    street: str
    town: str
    postcode: str
    latitude: float
    longitude: float
    nickname: str | None = None

    @property
    def line1(self) -> str:
        return f"{self.number} {self.street}"

    @property
    def full(self) -> str:
        return f"{self.line1}, {self.town}, {self.postcode}"


@dataclass
class Spell:
    """One handset with one SIM in a number's life: a new IMEI is a handset swap, a new
    IMSI a SIM swap."""

    imei: str | None
    imsi: str | None
    start: date
    end: date | None


@dataclass
class Phone:
    number: str
    operator: str
    kind: str  # deal | staff | mobile | landline | business
    owner: str | None
    area: str  # the Rutland town or hub whose cells serve it
    start: date
    end: date | None
    spells: list[Spell] = field(default_factory=list)

    def live_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass
class Vehicle:
    vrm: str
    make: str
    model: str
    colour: str
    keeper: str | None
    use: str  # courier | personal | background
    line_id: str | None = None
    in_use_from: date | None = None
    in_use_to: date | None = None

    def in_use_on(self, day: date) -> bool:
        return (self.in_use_from is None or self.in_use_from <= day) and (
            self.in_use_to is None or day < self.in_use_to
        )


@dataclass
class Person:
    key: str
    first: str
    last: str
    sex: str
    dob: date
    home: str  # address key
    area: str  # Rutland town or hub
    street_name: str | None = None
    middle: str | None = None
    roles: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    vehicles: list[str] = field(default_factory=list)
    vulnerabilities: list[str] = field(default_factory=list)
    # Runners whose age agencies are unsure of: their records carry an estimate, not a DOB.
    age_uncertain: bool = False

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def age_on(self, day: date) -> int:
        years = day.year - self.dob.year
        return years - ((day.month, day.day) < (self.dob.month, self.dob.day))


@dataclass
class NumberSpell:
    number: str
    start: date
    end: date | None


@dataclass
class Customer:
    number: str
    town: str
    start: date
    end: date | None
    rate: float  # contacts with the line per day
    person: str | None = None


@dataclass
class Business:
    name: str
    kind: str  # TAXI_FIRM | TAKEAWAY | GP_SURGERY
    town: str
    numbers: list[str]


@dataclass
class Cuckooing:
    address: str
    tenant: str
    start: date
    end: date | None
    uses: list[str]


@dataclass
class DealLine:
    line_id: str
    brand: str
    hub: str
    archetype: str
    base_town: str
    active_from: date
    holder: str
    controller: str
    storekeeper: str
    runners: list[str]
    # Days each runner works the line: key -> (from, to).
    runner_spells: dict[str, tuple[date, date | None]]
    numbers: list[NumberSpell]
    customers: list[Customer]
    cuckooings: list[Cuckooing]
    couriers: list[str]
    status: str = "ACTIVE"
    closed_at: date | None = None
    dormant_at: date | None = None
    warrant_at: date | None = None
    holder_arrest_at: date | None = None
    handover_at: date | None = None
    flare_words: str = ""

    def number_on(self, day: date) -> str | None:
        for spell in self.numbers:
            if spell.start <= day and (spell.end is None or day < spell.end):
                return spell.number
        return None

    def quiet_from(self) -> date | None:
        return self.closed_at or self.dormant_at


class VrmMaker:
    """Current-format registrations (AB12 CDE), unique across the scenario."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._made: set[str] = set()

    def make(self, region: str, newest_year: int) -> str:
        rng = self._rng
        while True:
            tag = _REGION_TAG_FIRST.get(region, "")
            first = tag[0] if tag else rng.choice("ABDEFGHKLMNOPRSVWY")
            second = tag[1] if len(tag) > 1 else rng.choice(_TAG_SECOND)
            year = rng.randint(2008, min(newest_year, 2025))
            age = year % 100 + (50 if rng.random() < 0.5 else 0)
            letters = "".join(rng.choice(_RANDOM_LETTERS) for _ in range(3))
            vrm = f"{first}{second}{age:02d} {letters}"
            if vrm not in self._made:
                self._made.add(vrm)
                return vrm
