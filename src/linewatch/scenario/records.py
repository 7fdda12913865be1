"""Person records as each agency keeps them: police nominals, a neighbouring force, housing,
children's and adult social care, schools and health.

One person shows up in several agencies' records, never quite the same: a nickname for a
name, "J. Smith" for "Jayden Smith", an estimated age for a missing date of birth, a typo,
a number they have since replaced. Unrelated people with names close to theirs sit beside
them. A police nominal's ``record_id`` is the force reference enforcement records use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from linewatch.model.formats import PERSON_RECORD_COLUMNS
from linewatch.scenario import names, numbers, places
from linewatch.scenario.entities import Person
from linewatch.scenario.story import Story
from linewatch.scenario.world import World

HOME_FORCE = "Leicestershire Police"
HOUSING = "Rutland County Council Housing"
ADULT_CARE = "Rutland County Council Adult Social Care"
HEALTH = "Rutland Recovery Service"
CHILDRENS = {
    "Leicester": "Leicester City Council Children's Social Care",
    "Nottingham": "Nottingham City Council Children's Services",
    "Peterborough": "Peterborough City Council Children's Services",
    "Birmingham": "Birmingham Children's Trust",
    "London": "Haringey Council Children's Services",
}
RUTLAND_CHILDRENS = "Rutland County Council Children's Services"
SCHOOLS = {
    "Leicester": "Northfield Park Academy, Leicester",
    "Nottingham": "Bulwell Vale Academy",
    "Peterborough": "Millfield Community School",
    "Birmingham": "Handsworth Park Academy",
    "London": "Tottenham Hale School",
}
RUTLAND_SCHOOLS = (
    "Oakham Vale Community College",
    "Uppingham Welland School",
    "Casterton Road Academy",
)
COLUMNS = PERSON_RECORD_COLUMNS
_HUBS = {h.name for h in places.HUBS}


@dataclass
class RecordIds:
    """Record numbers unique within each organisation across the whole scenario."""

    rng: random.Random
    used: set[str] = field(default_factory=set)

    def make(self, pattern: str, digits: int) -> str:
        while True:
            rid = pattern.format(self.rng.randrange(10 ** (digits - 1), 10**digits))
            if rid not in self.used:
                self.used.add(rid)
                return rid


@dataclass
class RecordSet:
    rows: list[dict[str, str]] = field(default_factory=list)
    # person key -> [(organisation, record_id)]
    people: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    nominal: dict[str, str] = field(default_factory=dict)
    malformed: list[dict[str, str]] = field(default_factory=list)


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


class RecordWriter:
    def __init__(self, rng: random.Random, world: World, story: Story, ids: RecordIds) -> None:
        self.rng = rng
        self.world = world
        self.story = story
        self.ids = ids
        self.out = RecordSet()

    def build(self) -> RecordSet:
        w, rng = self.world, self.rng
        arrested = self.story.arrested() | {r.person for r in self.story.referrals}
        for person in w.people.values():
            roles = set(person.roles)
            staff = roles & {"LINE_HOLDER", "CONTROLLER", "RUNNER", "STOREKEEPER"}
            child = person.age_on(w.as_of) < 18
            if (
                person.key in arrested
                or staff
                or "CUCKOO_VICTIM" in roles
                or (rng.random() < (0.6 if "CUSTOMER" in roles else 0.35))
            ):
                self.police(person)
                if staff and rng.random() < 0.12:
                    self.police(person)  # a duplicate nominal, as real indexes hold
            if (
                person.area in _HUBS
                and person.area != "Leicester"
                and (staff and rng.random() < 0.75)
            ):
                self.neighbouring(person)
            if "CUCKOO_VICTIM" in roles or person.home in w.vulnerable:
                self.record(person, HOUSING, "housing_tenancy")
                self.record(person, ADULT_CARE, "adult_social_care")
            elif person.area not in _HUBS and rng.random() < 0.35:
                self.record(person, HOUSING, "housing_tenancy")
            if child or person.age_uncertain:
                org = CHILDRENS.get(person.area, RUTLAND_CHILDRENS)
                if "RUNNER" in roles or rng.random() < 0.5:
                    self.record(person, org, "childrens_social_care")
                if child:
                    self.record(person, self.school_of(person), "school")
            if roles & {"CUSTOMER", "CUCKOO_VICTIM", "STOREKEEPER"} and rng.random() < 0.7:
                self.record(person, HEALTH, "health")
        self.malformed()
        return self.out

    def school_of(self, person: Person) -> str:
        if person.area in SCHOOLS:
            return SCHOOLS[person.area]
        return RUTLAND_SCHOOLS[sum(map(ord, person.area)) % len(RUTLAND_SCHOOLS)]

    # ---- one record ---------------------------------------------------------------------

    def police(self, person: Person) -> None:
        rid = self.ids.make("LP-{}", 6)
        self.out.nominal.setdefault(person.key, rid)
        self.add(person, HOME_FORCE, "police_nominal", rid)

    def neighbouring(self, person: Person) -> None:
        force = places.hub(person.area).force
        prefix = "".join(word[0] for word in force.split() if word[0].isupper())
        self.add(person, force, "neighbouring_force", self.ids.make(prefix + "/{}", 7))

    def record(self, person: Person, org: str, kind: str) -> None:
        pattern = {
            "housing_tenancy": "RCCH-{}",
            "adult_social_care": "ASC{}",
            "childrens_social_care": "CSC-{}",
            "school": "UPN-{}",
            "health": "RRS-{}",
        }[kind]
        self.add(person, org, kind, self.ids.make(pattern, 6))

    def add(self, person: Person, org: str, kind: str, rid: str) -> None:
        rng, w = self.rng, self.world
        recorded = w.start + timedelta(days=rng.randint(0, 330))
        row = {
            "record_id": rid,
            "organisation": org,
            "record_type": kind,
            "recorded_at": datetime.combine(
                recorded, time(rng.randint(8, 18), rng.randint(0, 59)), tzinfo=UTC
            ).isoformat(),
            "name": self.name(person, kind),
            "alias": "",
            "street_name": "",
            "date_of_birth": "",
            "estimated_age": "",
            "phone": "",
            "address": "",
            "postcode": "",
            "vrm": "",
            "vulnerability": "",
            "subject_category": self.category(person, kind),
            "concern": self.concern(person, kind),
            "classification": "OFFICIAL"
            if kind in {"school", "housing_tenancy"}
            else "OFFICIAL-SENSITIVE",
            "handling_code": "P",
            "is_synthetic": "true",
        }
        police = kind in {"police_nominal", "neighbouring_force"}
        if person.street_name and (police or rng.random() < 0.3):
            row["street_name" if rng.random() < 0.6 else "alias"] = person.street_name
        if police and person.first in names.DIMINUTIVE and rng.random() < 0.5:
            row["alias"] = ";".join(x for x in (row["alias"], names.DIMINUTIVE[person.first]) if x)
        self.birth(person, row, recorded)
        if person.phones and rng.random() < 0.75:
            number = self.phone_at(person, recorded)
            row["phone"] = numbers.written(number, rng, letter_o=0.0)
        address = w.addresses[person.home]
        if rng.random() < 0.92:
            line1 = address.line1
            if line1.startswith("Flat ") and rng.random() < 0.3:
                flat, rest = line1[5:].split(", ", 1)
                line1 = f"{flat}/{rest}"
            row["address"] = f"{line1}, {address.town}"
            pc = address.postcode
            row["postcode"] = rng.choice([pc, pc, pc, pc.replace(" ", ""), pc.lower()])
        if person.vehicles and (police or rng.random() < 0.2):
            vrm = person.vehicles[0]
            row["vrm"] = vrm if rng.random() < 0.6 else vrm.replace(" ", "")
        row["vulnerability"] = ";".join(self.vulnerabilities(person, kind))
        self.out.rows.append(row)
        self.out.people.setdefault(person.key, []).append((org, rid))

    def name(self, person: Person, kind: str) -> str:
        rng = self.rng
        first, last = person.first, person.last
        r = rng.random()
        if r < 0.12 and first in names.DIMINUTIVE:
            first = names.DIMINUTIVE[first]
        elif r < 0.22:
            first = first[0] + "."
        elif r < 0.28:
            last = _typo(rng, last)
        elif r < 0.33:
            first = _typo(rng, first)
        elif r < 0.5 and person.middle:
            first = f"{first} {person.middle}"
        if kind == "police_nominal":
            return f"{last.upper()}, {first}"
        if kind in {"health", "adult_social_care"} and rng.random() < 0.5:
            return f"{last}, {first}"
        if kind == "housing_tenancy" and rng.random() < 0.5:
            title = "Mr" if person.sex == "M" else rng.choice(["Mrs", "Ms", "Miss"])
            return f"{title} {first} {last}"
        return f"{first} {last}"

    def birth(self, person: Person, row: dict[str, str], recorded: date) -> None:
        rng = self.rng
        age = person.age_on(recorded)
        if person.age_uncertain or rng.random() < 0.12:
            if rng.random() < 0.8:
                row["estimated_age"] = str(max(12, age + rng.choice([-2, -1, 0, 0, 1, 2])))
            return
        dob = person.dob
        r = rng.random()
        if r < 0.05 and dob.day <= 12 and dob.day != dob.month:
            dob = date(dob.year, dob.day, dob.month)
        elif r < 0.09:
            dob = date(dob.year + rng.choice([-1, 1]), dob.month, min(dob.day, 28))
        row["date_of_birth"] = dob.isoformat()

    def phone_at(self, person: Person, day: date) -> str:
        live = [n for n in person.phones if self.world.phones[n].live_on(day)]
        if live and self.rng.random() < 0.85:
            return live[0]
        return self.rng.choice(person.phones)

    def category(self, person: Person, kind: str) -> str:
        roles = set(person.roles)
        exploited = "CUCKOO_VICTIM" in roles or (
            "RUNNER" in roles and (person.age_on(self.world.as_of) < 18 or person.age_uncertain)
        )
        suspect = bool(roles & {"LINE_HOLDER", "CONTROLLER", "RUNNER", "STOREKEEPER"})
        if kind not in {"police_nominal", "neighbouring_force"}:
            return "VICTIM" if exploited else "OTHER"
        cats = (["SUSPECT"] if suspect else []) + (["VICTIM"] if exploited else [])
        return ";".join(cats) or ("WITNESS" if "CUSTOMER" in roles else "OTHER")

    def vulnerabilities(self, person: Person, kind: str) -> list[str]:
        wanted = {
            "police_nominal": {
                "CHILD_AT_RISK_CCE",
                "MISSING_EPISODES",
                "SUBSTANCE_MISUSE",
                "PAST_CUCKOOING",
            },
            "neighbouring_force": {"CHILD_AT_RISK_CCE", "MISSING_EPISODES"},
            "housing_tenancy": {"LIVES_ALONE", "CARE_NEEDS", "PAST_CUCKOOING"},
            "adult_social_care": {
                "LEARNING_DISABILITY",
                "MENTAL_HEALTH",
                "CARE_NEEDS",
                "LIVES_ALONE",
                "SUBSTANCE_MISUSE",
                "PAST_CUCKOOING",
            },
            "childrens_social_care": {
                "CHILD_AT_RISK_CCE",
                "MISSING_EPISODES",
                "OLDER_ASSOCIATES",
                "UNEXPLAINED_MONEY",
            },
            "school": {"SCHOOL_EXCLUSION", "MISSING_EPISODES", "UNEXPLAINED_MONEY"},
            "health": {"SUBSTANCE_MISUSE", "MENTAL_HEALTH"},
        }[kind]
        have = set(person.vulnerabilities)
        if "CHILD_AT_RISK_CCE" in have:
            have |= {"OLDER_ASSOCIATES", "UNEXPLAINED_MONEY", "SCHOOL_EXCLUSION"}
        return sorted(have & wanted)

    def concern(self, person: Person, kind: str) -> str:
        rng = self.rng
        roles = set(person.roles)
        staff = bool(roles & {"LINE_HOLDER", "CONTROLLER", "RUNNER", "STOREKEEPER"})
        police = (
            ["Victim of cuckooing; address on the visits list."]
            if "CUCKOO_VICTIM" in roles
            else [
                "Nominal linked to drug supply intelligence.",
                "Known associate of persons involved in Class A supply.",
                "Previously stopped with cash and two phones.",
            ]
            if staff
            else ["Occasional drug user; no warning markers."]
            if "CUSTOMER" in roles
            else ["No current intelligence.", "Previous ASB warning."]
        )
        texts = {
            "police_nominal": police,
            "neighbouring_force": [
                "Subject of intelligence re: supply outside the force area.",
                "Linked to a county line exporting from this area.",
            ]
            if staff
            else ["No current intelligence."],
            "housing_tenancy": [
                "Tenancy support in place. Reports of visitors late at night.",
                "Rent arrears; tenant vulnerable, lives alone.",
                "Neighbour complaints about comings and goings.",
            ],
            "adult_social_care": [
                "Care Act assessment: eligible needs. Concern about 'friends' staying at the flat.",
                "Safeguarding enquiry (s.42) open: possible exploitation.",
            ],
            "childrens_social_care": [
                "Missing episodes; found out of area. CCE screening completed.",
                "Child in need plan. Concern about older associates and new phone.",
            ],
            "school": [
                "Attendance below 60%. New trainers and phone; seen with older youths.",
                "Fixed-term exclusion this term. Safeguarding lead informed.",
            ],
            "health": [
                "Client in structured treatment; uses crack and heroin.",
                "Missed appointments; disclosed buying from a phone line.",
            ],
        }[kind]
        return rng.choice(texts)

    def malformed(self) -> None:
        """Rows an importer must quarantine, with the field at fault."""
        rng = self.rng
        if not self.out.rows:
            return
        bad_type = dict(rng.choice(self.out.rows))
        bad_type["record_id"] = self.ids.make("LP-{}", 6)
        bad_type["record_type"] = "probation_case"
        self.out.rows.append(bad_type)
        self.out.malformed.append(
            {"key": bad_type["record_id"], "field": "record_type", "reason": "unknown record type"}
        )
        no_name = dict(rng.choice(self.out.rows))
        no_name["record_id"] = self.ids.make("RCCH-{}", 6)
        no_name["organisation"] = HOUSING
        no_name["record_type"] = "housing_tenancy"
        no_name["name"] = ""
        self.out.rows.append(no_name)
        self.out.malformed.append(
            {"key": no_name["record_id"], "field": "name", "reason": "empty name"}
        )
