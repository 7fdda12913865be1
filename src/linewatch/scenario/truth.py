"""The answers: what the synthetic world really was, kept apart from what it wrote.

``ground_truth.json`` is never imported. Analyses are scored against it: which numbers were
deal lines and when, handovers, who held and ran each line and who was a child, which person
records are one person, the cuckooed addresses, the true bail breaches as ANPR read ids, the
courier vehicles, each line's customers, the confounders, the rows written wrong on purpose,
for each report the entities its text names, and the ANPR hotlist's true hits.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DealNumber:
    number: str
    valid_from: date
    valid_to: date | None
    customers: list[str]


@dataclass(frozen=True)
class Handset:
    number: str
    imei: str | None
    imsi: str | None
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class TrueLine:
    line_id: str
    world: int
    brand: str
    exporting_hub: str
    archetype: str
    status: str
    active_from: date
    closed_at: date | None
    dormant_at: date | None
    deal_numbers: list[DealNumber]
    handsets: list[Handset]
    holder: str
    controller: str
    storekeeper: str
    runners: list[str]
    courier_vrms: list[str]
    cuckooed_addresses: list[str]
    customer_numbers: list[str]

    def number_on(self, day: date) -> str | None:
        for spell in self.deal_numbers:
            if spell.valid_from <= day and (spell.valid_to is None or day < spell.valid_to):
                return spell.number
        return None


@dataclass(frozen=True)
class Handover:
    line_id: str
    old_number: str
    new_number: str
    date: date
    shared_imei: str | None


@dataclass(frozen=True)
class TruePerson:
    key: str
    name: str
    date_of_birth: date
    is_child: bool
    age_uncertain: bool
    roles: list[str]
    lines: list[str]
    records: list[tuple[str, str]]
    phones: list[str]
    vrms: list[str]
    street_name: str | None


@dataclass(frozen=True)
class CuckooedAddress:
    key: str
    line_id: str
    address: str
    postcode: str
    town: str
    latitude: float
    longitude: float
    tenant: str
    since: date
    until: date | None
    uses: list[str]


@dataclass(frozen=True)
class Breach:
    bail_id: str
    person: str
    person_ref: str
    vrm: str
    read_ids: list[str]


@dataclass(frozen=True)
class HotlistEntry:
    """A vehicle of interest and the reads the hotlist should raise as hits when checked at
    the end of ``as_of``: reads of its plate, read right, while it was neither expired nor
    withdrawn, for an entry still live then (a lapsed or withdrawn entry raises none)."""

    voi_id: str
    vrm: str  # normalised, no space
    reason_category: str
    live_when_checked: bool
    hit_read_ids: list[str]


@dataclass(frozen=True)
class Confounder:
    number: str
    kind: str  # TAXI_FIRM | TAKEAWAY | GP_SURGERY | HEAVY_TEXTER
    world: int


@dataclass(frozen=True)
class MalformedRow:
    file: str
    key: str
    field: str
    reason: str


@dataclass(frozen=True)
class MentionTruth:
    schema: str
    property: str
    text: str
    entity: str


@dataclass(frozen=True)
class ReportTruth:
    reference: str
    line_id: str | None
    kind: str
    mentions: list[MentionTruth]


@dataclass
class GroundTruth:
    seed: int
    scale: str
    as_of: date
    worlds: int
    lines: list[TrueLine] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)
    people: dict[str, TruePerson] = field(default_factory=dict)
    cuckooed_addresses: list[CuckooedAddress] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    seized_vrms: list[str] = field(default_factory=list)
    # ANPR reads whose plate was misread: read_id -> the registration really passing.
    misreads: dict[str, str] = field(default_factory=dict)
    non_line_phones: list[str] = field(default_factory=list)
    confounders: list[Confounder] = field(default_factory=list)
    malformed: list[MalformedRow] = field(default_factory=list)
    reports: dict[str, ReportTruth] = field(default_factory=dict)
    hotlist: list[HotlistEntry] = field(default_factory=list)

    def deal_numbers(self) -> set[str]:
        return {d.number for line in self.lines for d in line.deal_numbers}

    def line_of_number(self, number: str) -> TrueLine | None:
        for line in self.lines:
            if any(d.number == number for d in line.deal_numbers):
                return line
        return None

    def breach_read_ids(self) -> set[str]:
        return {r for b in self.breaches for r in b.read_ids}

    def hotlist_hit_read_ids(self) -> set[str]:
        return {r for entry in self.hotlist for r in entry.hit_read_ids}

    def person_of_record(self, organisation: str, record_id: str) -> str | None:
        for person in self.people.values():
            if (organisation, record_id) in person.records:
                return person.key
        return None

    def record_clusters(self) -> list[set[tuple[str, str]]]:
        """The records that are one person, for every person with two or more."""
        return [set(p.records) for p in self.people.values() if len(p.records) > 1]


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def to_json(truth: GroundTruth) -> dict[str, Any]:
    data: dict[str, Any] = _encode(asdict(truth))
    return data


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _need_day(value: str) -> date:
    return date.fromisoformat(value)


def from_json(data: dict[str, Any]) -> GroundTruth:
    lines = [
        TrueLine(
            **{
                **line,
                "active_from": _need_day(line["active_from"]),
                "closed_at": _day(line["closed_at"]),
                "dormant_at": _day(line["dormant_at"]),
                "deal_numbers": [
                    DealNumber(
                        d["number"], _need_day(d["valid_from"]), _day(d["valid_to"]), d["customers"]
                    )
                    for d in line["deal_numbers"]
                ],
                "handsets": [
                    Handset(
                        h["number"],
                        h["imei"],
                        h["imsi"],
                        _need_day(h["valid_from"]),
                        _day(h["valid_to"]),
                    )
                    for h in line["handsets"]
                ],
            }
        )
        for line in data["lines"]
    ]
    people = {
        key: TruePerson(
            **{
                **p,
                "date_of_birth": _need_day(p["date_of_birth"]),
                "records": [tuple(r) for r in p["records"]],
            }
        )
        for key, p in data["people"].items()
    }
    return GroundTruth(
        seed=data["seed"],
        scale=data["scale"],
        as_of=_need_day(data["as_of"]),
        worlds=data["worlds"],
        lines=lines,
        handovers=[Handover(**{**h, "date": _need_day(h["date"])}) for h in data["handovers"]],
        people=people,
        cuckooed_addresses=[
            CuckooedAddress(**{**c, "since": _need_day(c["since"]), "until": _day(c["until"])})
            for c in data["cuckooed_addresses"]
        ],
        breaches=[Breach(**b) for b in data["breaches"]],
        seized_vrms=list(data["seized_vrms"]),
        misreads=dict(data["misreads"]),
        non_line_phones=list(data["non_line_phones"]),
        confounders=[Confounder(**c) for c in data["confounders"]],
        malformed=[MalformedRow(**m) for m in data["malformed"]],
        reports={
            ref: ReportTruth(
                r["reference"], r["line_id"], r["kind"], [MentionTruth(**m) for m in r["mentions"]]
            )
            for ref, r in data["reports"].items()
        },
        hotlist=[HotlistEntry(**h) for h in data.get("hotlist", [])],
    )


def load_ground_truth(folder: Path | str) -> GroundTruth:
    """The answers of a scenario folder (``ground_truth.json``)."""
    path = Path(folder) / "ground_truth.json"
    return from_json(json.loads(path.read_text("utf-8")))
