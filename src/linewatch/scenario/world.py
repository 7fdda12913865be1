"""Building one sub-world: places, people, phones, vehicles and the deal lines that tie them.

A sub-world is one complete Rutland picture over the twelve months before ``as_of``. The
demo and small scales have one; the large scale has several that share nothing but the
drama-range numbers of ordinary subscribers (see ``numbers``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from linewatch.scenario import names, places
from linewatch.scenario.config import Scale
from linewatch.scenario.entities import (
    Address,
    Business,
    Cuckooing,
    Customer,
    DealLine,
    NumberSpell,
    Person,
    Phone,
    Spell,
    Vehicle,
    VrmMaker,
)
from linewatch.scenario.numbers import (
    OPERATORS,
    RUTLAND_LANDLINE_PREFIX,
    DeviceMaker,
    NumberBook,
    WorldNumbers,
)
from linewatch.scenario.population import populate

# The story each line follows over the year, in the order lines are dealt them.
ARCHETYPES = ("handover", "closed", "recent", "building", "dormant")
SMALL_ARCHETYPES = ("recent", "handover")
FLARE_WORDS = (
    "{brand} back on. 24/7. ring for deals",
    "{brand} out now b+w. fast drop",
    "{brand} line open. 2 for 25 all nite",
    "Sunday deals {brand}. same quality",
    "{brand} on. any area. call",
)


@dataclass
class World:
    index: int
    prefix: str
    start: date
    as_of: date
    cells: list[places.CellSite]
    addresses: dict[str, Address] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    phones: dict[str, Phone] = field(default_factory=dict)
    vehicles: dict[str, Vehicle] = field(default_factory=dict)
    lines: list[DealLine] = field(default_factory=list)
    businesses: list[Business] = field(default_factory=list)
    subscribers: list[str] = field(default_factory=list)
    contacts: dict[str, list[str]] = field(default_factory=dict)
    heavy_texters: list[tuple[str, str]] = field(default_factory=list)
    vulnerable: list[str] = field(default_factory=list)

    def key(self, kind: str, n: int) -> str:
        return f"{self.prefix}{kind}{n:04d}"

    def person(self, key: str) -> Person:
        return self.people[key]


@dataclass
class Makers:
    """Generators shared by every sub-world, so identifiers stay unique across the scenario."""

    book: NumberBook
    devices: DeviceMaker
    vrms: VrmMaker
    brands: list[str]


def _between(rng: random.Random, low: date, high: date) -> date:
    span = max(0, (high - low).days)
    return low + timedelta(days=rng.randint(0, span))


class WorldBuilder:
    def __init__(
        self, rng: random.Random, scale: Scale, as_of: date, index: int, makers: Makers
    ) -> None:
        self.rng = rng
        self.scale = scale
        self.makers = makers
        prefix = f"W{index:02d}-" if scale.worlds > 1 else ""
        start = as_of - timedelta(days=365)
        self.world = World(index, prefix, start, as_of, places.cell_sites(rng))
        self.numbers: WorldNumbers = makers.book.world(rng)
        self._used_names: set[tuple[str, str]] = set()

    # ---- small pieces -------------------------------------------------------------------

    def address(self, area: str, flat: bool = False) -> Address:
        rng, w = self.rng, self.world
        key = w.key("A", len(w.addresses) + 1)
        if area in {h.name for h in places.HUBS}:
            hub = places.hub(area)
            street = rng.choice(hub.streets)
            outward = rng.choice(hub.districts)
            postcode = places.postcode(rng, outward, "123456789")
            lat, lon = places.jitter(rng, hub.latitude, hub.longitude, 0.03)
            nickname = None
        else:
            town = places.town(area)
            street = rng.choice(town.streets)
            postcode = places.postcode(rng, town.outward, town.sectors)
            lat, lon = places.jitter(rng, town.latitude, town.longitude, 0.004)
            nickname = rng.choice(town.estates) if town.estates and flat else None
        number = str(rng.randint(1, 120))
        if flat:
            number = f"Flat {rng.randint(1, 24)}, {number}"
        address = Address(key, number, street, area, postcode, lat, lon, nickname)
        w.addresses[key] = address
        return address

    def rutland_town(self) -> str:
        towns = places.TOWNS
        return self.rng.choices([t.name for t in towns], [t.weight for t in towns])[0]

    def person(
        self, area: str, age: tuple[int, int], on: date, sex: str = "M", flat: bool = False
    ) -> Person:
        rng, w = self.rng, self.world
        while True:
            first = rng.choice(names.MALE_FIRST if sex == "M" else names.FEMALE_FIRST)
            last = rng.choice(names.SURNAMES)
            if (first, last) not in self._used_names:
                self._used_names.add((first, last))
                break
        years = rng.randint(*age)
        dob = on - timedelta(days=365 * years + rng.randint(10, 350))
        home = self.address(area, flat=flat)
        person = Person(w.key("P", len(w.people) + 1), first, last, sex, dob, home.key, area)
        if rng.random() < 0.3:
            person.middle = rng.choice(names.MIDDLE)
        w.people[person.key] = person
        return person

    def phone(
        self,
        number: str,
        kind: str,
        owner: str | None,
        area: str,
        start: date,
        end: date | None = None,
        fixed: bool = False,
    ) -> Phone:
        operator = self.rng.choice(OPERATORS)
        phone = Phone(number, operator, kind, owner, area, start, end)
        if not fixed:
            devices = self.makers.devices
            phone.spells.append(Spell(devices.imei(), devices.imsi(operator), start, end))
        self.world.phones[number] = phone
        return phone

    def staff_phone(self, person: Person, start: date, end: date | None = None) -> Phone:
        phone = self.phone(
            self.makers.book.line_number(), "staff", person.key, person.area, start, end
        )
        person.phones.append(phone.number)
        return phone

    def vehicle(self, region: str, use: str, keeper: str | None = None) -> Vehicle:
        make, model, colour = self.rng.choice(names.VEHICLES)
        vrm = self.makers.vrms.make(region, self.world.as_of.year - 1)
        vehicle = Vehicle(vrm, make, model, colour, keeper, use)
        self.world.vehicles[vrm] = vehicle
        if keeper:
            self.world.people[keeper].vehicles.append(vrm)
        return vehicle

    def swap_handsets(self, phone: Phone, every: tuple[int, int], until: date) -> None:
        """Handset swaps that keep the number and SIM: a new IMEI every few weeks."""
        devices = self.makers.devices
        spell = phone.spells[-1]
        day = spell.start + timedelta(days=self.rng.randint(*every))
        while day < until and (phone.end is None or day < phone.end):
            spell.end = day
            spell = Spell(devices.imei(), spell.imsi, day, phone.end)
            phone.spells.append(spell)
            day += timedelta(days=self.rng.randint(*every))

    # ---- the lines ----------------------------------------------------------------------

    def build(self) -> World:
        w = self.world
        archetypes = SMALL_ARCHETYPES if self.scale.lines_per_world < 3 else ARCHETYPES
        hubs = [h.name for h in places.HUBS]
        for i in range(self.scale.lines_per_world):
            archetype = archetypes[i % len(archetypes)]
            hub = hubs[(i + w.index) % len(hubs)]
            w.lines.append(self.line(i + 1, archetype, hub))
        populate(self)
        return w

    def line(self, n: int, archetype: str, hub: str) -> DealLine:
        rng, w = self.rng, self.world
        s, as_of = w.start, w.as_of
        brand = self.makers.brands.pop()
        base = rng.choice(["Oakham", "Oakham", "Uppingham", "Cottesmore", "Ketton", "Ryhall"])
        active_from = s - timedelta(days=rng.randint(30, 300))
        warrant = holder_arrest = handover = dormant = None
        if archetype == "handover":
            warrant = as_of - timedelta(days=rng.randint(170, 230))
            handover = warrant + timedelta(days=rng.randint(3, 9))
        elif archetype == "closed":
            warrant = as_of - timedelta(days=rng.randint(120, 180))
            holder_arrest = warrant + timedelta(days=rng.randint(18, 40))
        elif archetype == "recent":
            warrant = as_of - timedelta(days=rng.randint(25, 60))
        elif archetype == "building":
            active_from = s + timedelta(days=rng.randint(60, 180))
        else:
            dormant = as_of - timedelta(days=rng.randint(70, 110))
        quiet = holder_arrest or dormant
        line_id = f"{w.prefix}L{n:02d}"

        holder = self.person(hub, (22, 34), as_of)
        holder.street_name = rng.choice(names.STREET_NAMES)
        controller = self.person(hub, (19, 28), as_of)
        controller.street_name = rng.choice(names.STREET_NAMES)
        storekeeper = self.person(base, (24, 52), as_of, sex=rng.choice("MF"))
        storekeeper.vulnerabilities.append("SUBSTANCE_MISUSE")
        for person, role in (
            (holder, "LINE_HOLDER"),
            (controller, "CONTROLLER"),
            (storekeeper, "STOREKEEPER"),
        ):
            person.roles.append(role)
            person.lines.append(line_id)
        self.staff_phone(holder, s)
        self.staff_phone(controller, s)
        self.staff_phone(storekeeper, s)
        self.vehicle(hub, "personal", holder.key)
        self.vehicle(hub, "personal", controller.key)

        runners, spells = self.runners(line_id, hub, base, active_from, warrant, quiet)
        line = DealLine(
            line_id,
            brand,
            hub,
            archetype,
            base,
            active_from,
            holder.key,
            controller.key,
            storekeeper.key,
            runners,
            spells,
            [],
            [],
            [],
            [],
            warrant_at=warrant,
            holder_arrest_at=holder_arrest,
            handover_at=handover,
        )
        line.flare_words = rng.choice(FLARE_WORDS)
        if holder_arrest:
            line.status, line.closed_at = "CLOSED", holder_arrest
        if dormant:
            line.status, line.dormant_at = "DORMANT", dormant
        self.deal_numbers(line, hub)
        self.cuckooings(line)
        self.customers(line)
        courier = self.vehicle(hub, "courier")
        courier.line_id, courier.in_use_from = line_id, active_from
        line.couriers.append(courier.vrm)
        return line

    def runners(
        self,
        line_id: str,
        hub: str,
        base: str,
        active_from: date,
        warrant: date | None,
        quiet: date | None,
    ) -> tuple[list[str], dict[str, tuple[date, date | None]]]:
        rng, w = self.rng, self.world
        first = max(active_from, w.start - timedelta(days=20))
        initial = rng.randint(2, 3)
        keys: list[str] = []
        spells: dict[str, tuple[date, date | None]] = {}
        ages = [(15, 17), (17, 19), (18, 23), (16, 17)]
        for i in range(initial):
            local = i == 2 and rng.random() < 0.6
            runner = self.person(base if local else hub, ages[i], warrant or w.as_of)
            runner.age_uncertain = i == 1
            start = _between(rng, first, first + timedelta(days=40))
            spells[runner.key] = (start, warrant or quiet)
            keys.append(runner.key)
        if warrant:
            # The line recruits again after the raid, for as long as it lasts.
            for j in range(rng.randint(1, 2) if quiet is None else 1):
                runner = self.person(hub, ages[3 - j], w.as_of)
                start = warrant + timedelta(days=rng.randint(3, 12))
                spells[runner.key] = (start, quiet)
                keys.append(runner.key)
        for key in keys:
            runner = w.people[key]
            runner.roles.append("RUNNER")
            runner.lines.append(line_id)
            if rng.random() < 0.5:
                runner.street_name = rng.choice(names.STREET_NAMES)
            if runner.age_on(w.as_of) < 18:
                runner.vulnerabilities += ["CHILD_AT_RISK_CCE", "MISSING_EPISODES"]
            start, end = spells[key]
            self.staff_phone(runner, start - timedelta(days=rng.randint(5, 60)), end)
            if runner.age_on(start) >= 18 and rng.random() < 0.6:
                self.vehicle(runner.area if runner.area != base else "Rutland", "personal", key)
        # One runner moves to a new number but keeps the handset (a SIM swap).
        mover = w.people[keys[0]]
        old = w.phones[mover.phones[0]]
        end = spells[mover.key][1] or w.as_of
        if (end - old.start).days > 60:
            day = old.start + timedelta(days=(end - old.start).days // 2)
            old.end = old.spells[-1].end = day
            new = self.staff_phone(mover, day, spells[mover.key][1])
            new.spells[0].imei = old.spells[-1].imei
        return keys, spells

    def deal_numbers(self, line: DealLine, hub: str) -> None:
        w, rng = self.world, self.rng
        end = line.quiet_from()
        first = self.phone(
            self.makers.book.line_number(),
            "deal",
            line.line_id,
            hub,
            line.active_from,
            line.handover_at or end,
        )
        line.numbers.append(NumberSpell(first.number, line.active_from, first.end))
        self.swap_handsets(first, (25, 60), w.as_of)
        if line.handover_at:
            second = self.phone(
                self.makers.book.line_number(), "deal", line.line_id, hub, line.handover_at, end
            )
            # The new SIM goes into the old handset for a week before a handset of its own.
            shared = first.spells[-1].imei
            fresh = second.spells[0].imei
            second.spells[0].imei = shared
            second.spells[0].end = line.handover_at + timedelta(days=7)
            second.spells.append(Spell(fresh, second.spells[0].imsi, second.spells[0].end, end))
            self.swap_handsets(second, (25, 60), w.as_of)
            line.numbers.append(NumberSpell(second.number, line.handover_at, end))
        if rng.random() < 0.5:
            # A replacement SIM on the same number and handset, as after a lost SIM.
            phone = w.phones[line.numbers[0].number]
            if len(phone.spells) > 2:
                spell = phone.spells[1]
                spell.imsi = self.makers.devices.imsi(phone.operator)
                for later in phone.spells[2:]:
                    later.imsi = spell.imsi

    def cuckooings(self, line: DealLine) -> None:
        rng, w = self.rng, self.world
        quiet = line.quiet_from()
        first_start = max(line.active_from, w.start - timedelta(days=30)) + timedelta(
            days=rng.randint(0, 30)
        )
        plan = [(first_start, line.warrant_at or quiet)]
        if line.warrant_at and not quiet and rng.random() < 0.85:
            plan.append((line.warrant_at + timedelta(days=rng.randint(5, 20)), None))
        for start, end in plan:
            tenant = self.person(line.base_town, (34, 66), w.as_of, sex=rng.choice("MF"), flat=True)
            needs = ["LEARNING_DISABILITY", "SUBSTANCE_MISUSE", "MENTAL_HEALTH", "CARE_NEEDS"]
            tenant.vulnerabilities += [*rng.sample(needs, 2), "LIVES_ALONE"]
            tenant.roles.append("CUCKOO_VICTIM")
            tenant.lines.append(line.line_id)
            number = self.numbers.landline(RUTLAND_LANDLINE_PREFIX)
            self.phone(number, "landline", tenant.key, line.base_town, w.start, fixed=True)
            tenant.phones.append(number)
            uses = ["DRUGS", rng.choice(["RESIDENCE", "FINANCIAL_ABUSE", "WEAPONS_OR_GOODS"])]
            line.cuckooings.append(Cuckooing(tenant.home, tenant.key, start, end, uses))

    def customers(self, line: DealLine) -> None:
        rng, w, scale = self.rng, self.world, self.scale
        quiet = line.quiet_from()
        begin = max(line.active_from, w.start)
        count = rng.randint(*scale.customers_per_line)
        shared = [c for other in w.lines for c in other.customers]
        for i in range(count):
            if shared and rng.random() < 0.1:
                model = rng.choice(shared)
                number, town = model.number, model.town
            else:
                town = line.base_town if rng.random() < 0.5 else self.rutland_town()
                number = self.numbers.mobile()
                self.phone(number, "mobile", None, town, w.start)
                w.subscribers.append(number)
            start = begin if rng.random() < 0.7 else _between(rng, begin, w.as_of)
            end = None if rng.random() < 0.8 else _between(rng, start, w.as_of)
            if quiet and (end is None or end > quiet):
                end = quiet
            if line.handover_at and start < line.handover_at and rng.random() < 0.2:
                end = line.handover_at
            rate = rng.uniform(*scale.customer_rate)
            customer = Customer(number, town, start, end, rate)
            if i < 3:
                person = self.person(town, (23, 55), w.as_of, sex=rng.choice("MF"))
                person.roles.append("CUSTOMER")
                person.lines.append(line.line_id)
                person.vulnerabilities.append("SUBSTANCE_MISUSE")
                person.phones.append(number)
                w.phones[number].owner = person.key
                customer.person = person.key
            line.customers.append(customer)
