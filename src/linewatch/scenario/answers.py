"""Filling the ground truth from one sub-world once all its files are planned."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from linewatch.scenario.anpr import Read
from linewatch.scenario.enforcement import bail_id
from linewatch.scenario.records import RecordSet
from linewatch.scenario.reports import Report
from linewatch.scenario.story import Story, at
from linewatch.scenario.truth import (
    Breach,
    Confounder,
    CuckooedAddress,
    DealNumber,
    GroundTruth,
    Handover,
    Handset,
    HotlistEntry,
    MalformedRow,
    MentionTruth,
    ReportTruth,
    TrueLine,
    TruePerson,
)
from linewatch.scenario.world import World


def add_world(
    truth: GroundTruth,
    rng: random.Random,
    world: World,
    story: Story,
    records: RecordSet,
    reports: list[Report],
    reads: list[Read],
) -> None:
    lines(truth, world)
    people(truth, world, records)
    truth.breaches += breaches(world, story, records, reads)
    truth.hotlist += hotlist(world, story, reads)
    truth.seized_vrms += [s.vrm for s in story.seizures]
    truth.misreads.update({r.read_id: r.vrm for r in reads if r.as_read.replace(" ", "") != r.vrm})
    for business in world.businesses:
        truth.confounders += [Confounder(n, business.kind, world.index) for n in business.numbers]
    for a, b in world.heavy_texters:
        truth.confounders += [
            Confounder(a, "HEAVY_TEXTER", world.index),
            Confounder(b, "HEAVY_TEXTER", world.index),
        ]
    customers = {c.number for line in world.lines for c in line.customers}
    ordinary = [
        n
        for n in world.subscribers
        if n not in customers and not any(n in pair for pair in world.heavy_texters)
    ]
    truth.non_line_phones += rng.sample(ordinary, min(len(ordinary), 40))
    for m in records.malformed:
        truth.malformed.append(
            MalformedRow("person_records.csv", m["key"], m["field"], m["reason"])
        )
    for report in reports:
        if report.fault:
            truth.malformed.append(MalformedRow("reports.jsonl", report.reference, *report.fault))
            continue
        truth.reports[report.reference] = ReportTruth(
            report.reference,
            report.line_id,
            report.kind,
            [MentionTruth(m.schema, m.prop, m.text, m.entity) for m in report.mentions],
        )


def lines(truth: GroundTruth, world: World) -> None:
    for line in world.lines:
        deal = []
        for spell in line.numbers:
            served = sorted(
                {
                    c.number
                    for c in line.customers
                    if c.start < (spell.end or world.as_of)
                    and (c.end is None or c.end > spell.start)
                    and (c.end is None or c.start < c.end)
                }
            )
            deal.append(DealNumber(spell.number, spell.start, spell.end, served))
        handsets = [
            Handset(spell.number, s.imei, s.imsi, s.start, s.end)
            for spell in line.numbers
            for s in world.phones[spell.number].spells
        ]
        truth.lines.append(
            TrueLine(
                line.line_id,
                world.index,
                line.brand,
                line.hub,
                line.archetype,
                line.status,
                line.active_from,
                line.closed_at,
                line.dormant_at,
                deal,
                handsets,
                line.holder,
                line.controller,
                line.storekeeper,
                list(line.runners),
                list(line.couriers),
                [c.address for c in line.cuckooings],
                sorted({c.number for c in line.customers}),
            )
        )
        if line.handover_at and len(line.numbers) > 1:
            old, new = world.phones[line.numbers[0].number], world.phones[line.numbers[1].number]
            shared = old.spells[-1].imei if old.spells[-1].imei == new.spells[0].imei else None
            truth.handovers.append(
                Handover(line.line_id, old.number, new.number, line.handover_at, shared)
            )
        for c in line.cuckooings:
            a = world.addresses[c.address]
            truth.cuckooed_addresses.append(
                CuckooedAddress(
                    c.address,
                    line.line_id,
                    a.full,
                    a.postcode,
                    a.town,
                    a.latitude,
                    a.longitude,
                    c.tenant,
                    c.start,
                    c.end,
                    list(c.uses),
                )
            )


def people(truth: GroundTruth, world: World, records: RecordSet) -> None:
    for person in world.people.values():
        held = records.people.get(person.key, [])
        if not held and not person.roles:
            continue
        truth.people[person.key] = TruePerson(
            person.key,
            person.name,
            person.dob,
            person.age_on(world.as_of) < 18,
            person.age_uncertain,
            list(person.roles),
            list(person.lines),
            list(held),
            list(person.phones),
            [v.replace(" ", "") for v in person.vehicles],
            person.street_name,
        )


def breaches(world: World, story: Story, records: RecordSet, reads: list[Read]) -> list[Breach]:
    """Reads of a bailed person's own vehicle inside Rutland while an exclusion held."""
    out = []
    end_of_world = at(world.as_of, 0)
    for arrest in story.arrests:
        for c in arrest.conditions:
            if c.condition_type != "EXCLUSION_AREA":
                continue
            person = world.people[arrest.person]
            until: datetime = c.valid_to or end_of_world
            for vrm in person.vehicles:
                plain = vrm.replace(" ", "")
                ids = [
                    r.read_id
                    for r in reads
                    if r.vrm == plain
                    and r.as_read.replace(" ", "") == plain
                    and r.in_rutland
                    and c.valid_from <= r.read_at < until
                ]
                if ids:
                    out.append(
                        Breach(bail_id(arrest), person.key, records.nominal[person.key], plain, ids)
                    )
    return out


def hotlist(world: World, story: Story, reads: list[Read]) -> list[HotlistEntry]:
    """Each entry's true hits when the hotlist is checked at the end of the scenario's day."""
    checked = at(world.as_of + timedelta(days=1), 0)
    out = []
    for listing in story.listings:
        live = listing.live_at(checked)
        ids = [
            r.read_id
            for r in reads
            if live
            and r.vrm == listing.plate
            and r.as_read.replace(" ", "") == listing.plate
            and listing.live_at(r.read_at)
        ]
        out.append(HotlistEntry(listing.key, listing.plate, listing.reason_category, live, ids))
    return out
