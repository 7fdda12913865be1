"""Intelligence reports about the lines (and about things that only look like them), from
every channel, with the gradings and handling each channel would carry.

Reports are planned over each line's life: what the public, partners, officers and other
forces could have seen on a given day. Anonymous channels arrive ungraded for the
intelligence officer to grade; a few rows are deliberately malformed for the importer to
quarantine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from linewatch.scenario import names, numbers, oddities, places, texts
from linewatch.scenario.entities import DealLine
from linewatch.scenario.records import HEALTH, HOUSING, SCHOOLS
from linewatch.scenario.story import Story
from linewatch.scenario.texts import Mention, Say
from linewatch.scenario.world import World

PUBLIC = ("PUBLIC_WEB", "CALL_101", "CRIMESTOPPERS")
NF_CONDITIONS = (
    "Not to be disseminated outside UK law enforcement without reference to the originating "
    "force's intelligence bureau."
)
PARTNER_CONDITIONS = (
    "Do not disclose the source to the tenant or their family; share with safeguarding "
    "partners only.",
    "Not for use as evidence without the agreement of the originating agency.",
)


@dataclass
class Report:
    channel: str
    originating_org: str
    submitted_by: str | None
    occurred_at: datetime | None
    reported_at: datetime
    text: str
    mentions: list[Mention]
    line_id: str | None
    kind: str
    location_text: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    classification: str = "OFFICIAL"
    grading_scheme: str = "3x5x2"
    source_evaluation: str | None = None
    intelligence_assessment: str | None = None
    handling_code: str | None = None
    handling_conditions: str | None = None
    reference: str = ""
    # Set on rows written wrong on purpose: (field, reason).
    fault: tuple[str, str] | None = None
    extra: dict[str, str] = field(default_factory=dict)


class ReportPlanner:
    def __init__(
        self, rng: random.Random, world: World, story: Story, per_line: int, noise: int
    ) -> None:
        self.rng = rng
        self.world = world
        self.story = story
        self.per_line = per_line
        self.noise = noise
        self.reports: list[Report] = []

    # ---- mentions -----------------------------------------------------------------------

    def phone(self, number: str) -> Mention:
        return Mention("Phone", "number", numbers.written(number, self.rng), number)

    def vrm(self, vrm: str, partial: float = 0.3) -> Mention:
        rng = self.rng
        plain = vrm.replace(" ", "")
        r = rng.random()
        if r < partial:
            text = plain[:4] if rng.random() < 0.6 else plain[-3:]
        elif r < partial + 0.25:
            text = plain
        elif r < partial + 0.32:
            text = vrm.lower()
        else:
            text = vrm
        return Mention("Vehicle", "vrm", text, plain)

    def person(self, key: str, street: float = 0.4) -> Mention:
        rng = self.rng
        p = self.world.people[key]
        if p.street_name and rng.random() < street:
            return Mention("Person", "street_name", p.street_name, key)
        r = rng.random()
        if r < 0.35:
            text = p.first
        elif r < 0.5 and p.first in names.DIMINUTIVE:
            text = names.DIMINUTIVE[p.first]
        else:
            text = p.name
        return Mention("Person", "name", text, key)

    def place(self, address_key: str) -> Mention:
        a = self.world.addresses[address_key]
        r = self.rng.random()
        text = a.nickname if a.nickname and r < 0.3 else a.street if r < 0.65 else a.line1
        return Mention("Address", "full", text, address_key)

    def postcode(self, address_key: str) -> Mention:
        pc = self.world.addresses[address_key].postcode
        return Mention(
            "Address", "postcode", self.rng.choice([pc, pc, pc.replace(" ", "")]), address_key
        )

    def spot(self, town: str, chance: float = 0.5) -> Mention | None:
        """Now and then a public place by its local name ("the Rec") instead of an address."""
        spots = places.town(town).spots
        if not spots or self.rng.random() >= chance:
            return None
        name = self.rng.choice(spots)
        return Mention("Address", "full", name, f"spot:{town}:{name}")

    def town(self, name: str) -> Mention:
        return Mention("Address", "town", name, f"town:{name}")

    def brand(self, line: DealLine) -> Mention:
        text = f"{line.brand} line" if self.rng.random() < 0.5 else line.brand
        return Mention("CountyLine", "brand", text, line.line_id)

    # ---- planning -----------------------------------------------------------------------

    def plan(self) -> list[Report]:
        for line in self.world.lines:
            self.line(line)
        oddities.noise_reports(self)
        oddities.legacy(self)
        oddities.malformed(self)
        return self.reports

    def line(self, line: DealLine) -> None:
        rng, w = self.rng, self.world
        first = max(line.active_from, w.start) + timedelta(days=3)
        last = (line.quiet_from() or w.as_of) - timedelta(days=1)
        count = max(4, round(self.per_line * rng.uniform(0.8, 1.2)))
        for _ in range(count):
            day = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
            self.about(line, day)

    def about(self, line: DealLine, day: date) -> None:
        rng, w = self.rng, self.world
        cuckoo = next(
            (c for c in line.cuckooings if c.start <= day and (c.end is None or day < c.end)), None
        )
        runners = [
            r for r, (s, e) in line.runner_spells.items() if s <= day and (e is None or day < e)
        ]
        children = [r for r in runners if w.people[r].age_on(day) < 18]
        courier = next((v for v in reversed(line.couriers) if w.vehicles[v].in_use_on(day)), None)
        deal = line.number_on(day)
        options: list[tuple[str, float]] = [("neighbouring", 0.8)]
        if deal:
            options += [("flare", 3.0), ("health", 0.8)]
        if cuckoo:
            options += [("cuckoo", 3.0), ("housing", 0.9), ("adult_care", 0.9)]
        if runners:
            options += [("dealing", 1.6), ("sighting", 0.9)]
        if children:
            options.append(("school", 0.9))
        if courier:
            options.append(("stop", 1.4))
        kind = rng.choices([k for k, _ in options], [p for _, p in options])[0]
        say = Say(rng)
        town = self.town(line.base_town)
        youth = self.person(rng.choice(runners), street=0.6) if runners else None
        occurred = datetime.combine(day, time(rng.randint(8, 23), rng.randint(0, 59)), UTC)
        place_key = cuckoo.address if cuckoo else None
        if kind == "flare" and deal:
            brand = Mention("CountyLine", "brand", line.brand, line.line_id)
            texts.flare_received(say, self.phone(deal), brand, line.flare_words, town)
            self.public(say, line, "flare", occurred, None)
        elif kind in {"cuckoo", "dealing"}:
            key = place_key or w.people[line.storekeeper].home
            vrm = self.vrm(courier, partial=0.5) if courier and rng.random() < 0.5 else None
            if kind == "cuckoo" and cuckoo:
                tenant = w.people[cuckoo.tenant]
                word = rng.choice(
                    [
                        "man" if tenant.sex == "M" else "woman",
                        "tenant",
                        "old " + ("fella" if tenant.sex == "M" else "lady"),
                    ]
                )
                texts.cuckoo_neighbour(say, self.place(key), town, youth, vrm, word)
            else:
                texts.dealing_seen(
                    say, self.spot(line.base_town) or self.place(key), town, vrm, youth
                )
            self.public(say, line, kind, occurred, key)
        elif kind == "housing" and cuckoo:
            youth_m = self.person(rng.choice(runners), street=0.7) if runners else None
            texts.housing(
                say,
                self.person(cuckoo.tenant, street=0),
                self.place(cuckoo.address),
                self.postcode(cuckoo.address),
                youth_m,
            )
            self.partner(say, line, kind, occurred, HOUSING, cuckoo.address)
        elif kind == "adult_care" and cuckoo:
            phone = self.phone(deal) if deal and rng.random() < 0.5 else None
            texts.adult_care(
                say, self.person(cuckoo.tenant, street=0), self.place(cuckoo.address), phone
            )
            self.partner(
                say,
                line,
                kind,
                occurred,
                "Rutland County Council Adult Social Care",
                cuckoo.address,
            )
        elif kind == "school" and children:
            child = w.people[rng.choice(children)]
            own = [n for n in child.phones if w.phones[n].live_on(day)]
            phone = self.phone(rng.choice([*own, deal]) if deal else own[0]) if own else None
            car = w.people[line.controller].vehicles
            nickname = (
                Mention("Person", "street_name", child.street_name, child.key)
                if child.street_name
                else None
            )
            texts.school(
                say,
                Mention("Person", "name", child.name, child.key),
                phone,
                self.vrm(car[0], partial=0.2) if car and rng.random() < 0.5 else None,
                nickname,
                town,
            )
            org = SCHOOLS.get(child.area, "Oakham Vale Community College")
            self.partner(say, line, kind, occurred, org, None)
        elif kind == "health" and deal:
            customers = [c for c in line.customers if c.person]
            client = customers[0].person if customers else None
            if client is None:
                return
            brand = Mention("CountyLine", "brand", line.brand, line.line_id)
            texts.health(say, self.person(client, street=0), brand, self.phone(deal))
            self.partner(say, line, kind, occurred, HEALTH, None)
        elif kind == "stop" and courier:
            adults = [r for r in runners if w.people[r].age_on(day) >= 18]
            driver = self.person(
                line.controller if rng.random() < 0.6 or not adults else rng.choice(adults),
                street=0.2,
            )
            passenger = self.person(children[0], street=0.3) if children else None
            staff_phone = [n for n in w.people[driver.entity].phones if w.phones[n].live_on(day)]
            phone = (
                self.phone(deal if deal and rng.random() < 0.5 else staff_phone[0])
                if (deal or staff_phone)
                else None
            )
            road = rng.choice(["A606", "A6003", "A47", "A1"])
            texts.officer_stop(
                say,
                self.vrm(courier, partial=0),
                Mention("Address", "full", road, f"road:{road}"),
                town,
                driver,
                passenger,
                phone,
                self.town(line.hub),
                occurred.strftime("%H:%M"),
            )
            self.officer(say, line, kind, occurred, None)
        elif kind == "sighting" and runners:
            key = place_key or w.people[line.storekeeper].home
            texts.officer_sighting(say, self.person(rng.choice(runners)), self.place(key), town)
            self.officer(say, line, kind, occurred, key)
        else:
            number = deal or line.numbers[-1].number
            car = w.people[line.holder].vehicles or line.couriers
            texts.neighbouring(
                say,
                self.brand(line),
                self.person(line.holder, street=0.8),
                self.phone(number),
                self.town(line.hub),
                town,
                self.vrm(car[0], partial=0.1) if rng.random() < 0.5 else None,
            )
            self.forces(say, line, occurred)

    # ---- channels and gradings ----------------------------------------------------------

    def add(
        self,
        say: Say,
        line: DealLine | None,
        kind: str,
        channel: str,
        org: str,
        by: str | None,
        occurred: datetime,
        lag_hours: tuple[int, int],
        where: str | None,
    ) -> Report:
        rng, w = self.rng, self.world
        reported = occurred + timedelta(hours=rng.randint(*lag_hours), minutes=rng.randint(0, 59))
        limit = datetime.combine(w.as_of, time(0), UTC) - timedelta(minutes=1)
        if reported > limit:
            shift = reported - limit
            reported, occurred = reported - shift, occurred - shift
        report = Report(
            channel,
            org,
            by,
            occurred,
            reported,
            say.text,
            say.mentions,
            line.line_id if line else None,
            kind,
        )
        if where:
            a = w.addresses[where]
            report.location_text = f"{a.street}, {a.town}"
            report.latitude, report.longitude = places.jitter(rng, a.latitude, a.longitude, 0.0008)
        elif line and rng.random() < 0.5:
            t = places.town(line.base_town)
            report.location_text = t.name
        self.reports.append(report)
        return report

    def public(
        self, say: Say, line: DealLine | None, kind: str, occurred: datetime, where: str | None
    ) -> Report:
        rng = self.rng
        channel = rng.choices(PUBLIC, [0.45, 0.35, 0.2])[0]
        if channel == "CALL_101":
            outer = Say(rng)
            texts.call_handler(outer, say)
            report = self.add(
                outer,
                line,
                kind,
                channel,
                "Leicestershire Police",
                f"CH{rng.randint(1000, 9999)}",
                occurred,
                (0, 30),
                where,
            )
        elif channel == "CRIMESTOPPERS":
            outer = Say(rng)
            texts.crimestoppers(outer, say)
            report = self.add(
                outer, line, kind, channel, "Crimestoppers", None, occurred, (30, 240), where
            )
        else:
            report = self.add(
                say, line, kind, channel, "Leicestershire Police", None, occurred, (1, 72), where
            )
        if rng.random() < 0.1:
            report.occurred_at = None  # "it's been going on for weeks"
        if channel != "PUBLIC_WEB" and rng.random() < 0.4:
            report.source_evaluation = "2"
            report.intelligence_assessment = rng.choice("CD")
            report.handling_code = "P"
        return report

    def partner(
        self, say: Say, line: DealLine, kind: str, occurred: datetime, org: str, where: str | None
    ) -> None:
        rng = self.rng
        by = f"{org.split()[0][:3].upper()}-{rng.randint(100, 999)}"
        report = self.add(say, line, kind, "PARTNER_AGENCY", org, by, occurred, (12, 300), where)
        report.classification = "OFFICIAL-SENSITIVE" if rng.random() < 0.5 else "OFFICIAL"
        if rng.random() < 0.7:
            report.source_evaluation = rng.choice("12")
            report.intelligence_assessment = rng.choice("ABC")
            report.handling_code = "P"
        if rng.random() < 0.35:
            report.handling_code = "C"
            report.handling_conditions = rng.choice(PARTNER_CONDITIONS)

    def officer(
        self, say: Say, line: DealLine, kind: str, occurred: datetime, where: str | None
    ) -> None:
        rng = self.rng
        officer = rng.choice(names.OFFICERS)
        report = self.add(
            say,
            line,
            kind,
            "OFFICER",
            "Leicestershire Police",
            "LP" + officer.split()[1],
            occurred,
            (1, 20),
            where,
        )
        report.source_evaluation, report.intelligence_assessment = "1", rng.choice("AAB")
        report.handling_code = "P"

    def forces(self, say: Say, line: DealLine, occurred: datetime) -> None:
        rng = self.rng
        org = places.hub(line.hub).force
        if org == "Leicestershire Police":
            org = "East Midlands Special Operations Unit"
        report = self.add(
            say,
            line,
            "neighbouring",
            "NEIGHBOURING_FORCE",
            org,
            f"FIB-{rng.randint(1000, 9999)}",
            occurred,
            (100, 900),
            None,
        )
        report.classification = "OFFICIAL-SENSITIVE"
        report.source_evaluation = rng.choice("122")
        report.intelligence_assessment = rng.choice("BBC")
        report.handling_code = "C" if rng.random() < 0.6 else "P"
        if report.handling_code == "C":
            report.handling_conditions = NF_CONDITIONS


def report_row(report: Report) -> dict[str, object]:
    def stamp(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    row: dict[str, object] = {
        "reference": report.reference,
        "channel": report.channel,
        "originating_org": report.originating_org,
        "submitted_by": report.submitted_by,
        "occurred_at": stamp(report.occurred_at),
        "reported_at": stamp(report.reported_at),
        "text": report.text,
        "location_text": report.location_text,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "classification": report.classification,
        "grading_scheme": report.grading_scheme,
        "source_evaluation": report.source_evaluation,
        "intelligence_assessment": report.intelligence_assessment,
        "handling_code": report.handling_code,
        "handling_conditions": report.handling_conditions,
        "mentions": [{"schema": m.schema, "properties": {m.prop: m.text}} for m in report.mentions],
        "is_synthetic": True,
    }
    row.update(report.extra)
    return row
