"""Everyone in a sub-world who is not part of a line: ordinary subscribers and who they
talk to, vulnerable tenants known to partners, people whose names come close to a line's
people, and the busy businesses whose phones look like deal lines to a naive eye."""

from __future__ import annotations

from typing import TYPE_CHECKING

from linewatch.scenario import names, places
from linewatch.scenario.entities import Business
from linewatch.scenario.numbers import (
    BULK_SENDER_PREFIX,
    HUB_LANDLINE_PREFIX,
    RUTLAND_LANDLINE_PREFIX,
)

if TYPE_CHECKING:
    from linewatch.scenario.world import WorldBuilder


def populate(b: WorldBuilder) -> None:
    ordinary_people(b)
    vulnerable_tenants(b)
    unrelated_people(b)
    businesses(b)
    social_graph(b)


def ordinary_people(b: WorldBuilder) -> None:
    rng, w, scale = b.rng, b.world, b.scale
    hubs = [h.name for h in places.HUBS]
    for i in range(scale.ordinary_mobiles + scale.ordinary_landlines):
        area = b.rutland_town() if rng.random() < 0.8 else rng.choice(hubs)
        if i < scale.ordinary_mobiles:
            number = b.numbers.mobile()
            phone = b.phone(number, "mobile", None, area, w.start)
            if rng.random() < 0.15:
                b.swap_handsets(phone, (150, 300), w.as_of)
        else:
            prefix = HUB_LANDLINE_PREFIX.get(area, RUTLAND_LANDLINE_PREFIX)
            number = b.numbers.landline(prefix)
            b.phone(number, "landline", None, area, w.start, fixed=True)
        w.subscribers.append(number)
    mobiles = [n for n in w.subscribers if w.phones[n].kind == "mobile"]
    for _ in range(max(1, scale.ordinary_mobiles // 150)):
        first, second = rng.sample(mobiles, 2)
        w.heavy_texters.append((first, second))


def vulnerable_tenants(b: WorldBuilder) -> None:
    rng, w = b.rng, b.world
    for _ in range(1 if b.scale.lines_per_world < 3 else 3):
        tenant = b.person(b.rutland_town(), (40, 78), w.as_of, sex=rng.choice("MF"), flat=True)
        needs = ["LEARNING_DISABILITY", "MENTAL_HEALTH", "CARE_NEEDS", "PAST_CUCKOOING"]
        tenant.vulnerabilities += [*rng.sample(needs, 2), "LIVES_ALONE"]
        number = b.numbers.landline(RUTLAND_LANDLINE_PREFIX)
        b.phone(number, "landline", tenant.key, tenant.area, w.start, fixed=True)
        tenant.phones.append(number)
        w.vulnerable.append(tenant.home)


def unrelated_people(b: WorldBuilder) -> None:
    """People whose names come close to a line's people: the trap for naive matching."""
    rng, w = b.rng, b.world
    named = [p for p in w.people.values() if p.roles]
    for _ in range(b.scale.unrelated_people):
        model = rng.choice(named)
        first = names.SOUNDALIKE.get(model.first, model.first)
        last = names.SOUNDALIKE.get(model.last, model.last) if rng.random() < 0.5 else model.last
        area = b.rutland_town() if rng.random() < 0.7 else model.area
        lookalike = b.person(area, (14, 40), w.as_of, sex=model.sex)
        b._used_names.discard((lookalike.first, lookalike.last))
        lookalike.first, lookalike.last = first, last
        if rng.random() < 0.5:
            number = b.numbers.mobile()
            b.phone(number, "mobile", lookalike.key, area, w.start)
            lookalike.phones.append(number)
        if lookalike.age_on(w.as_of) >= 18 and rng.random() < 0.4:
            b.vehicle("Rutland", "personal", lookalike.key)


def businesses(b: WorldBuilder) -> None:
    w = b.world
    specs = (
        ("A2B Rutland Cars", "TAXI_FIRM", "Oakham"),
        ("Golden Dragon Takeaway", "TAKEAWAY", "Oakham"),
        ("Welland Vale Surgery", "GP_SURGERY", "Uppingham"),
    )
    for name, kind, town in specs:
        landline = b.numbers.landline(RUTLAND_LANDLINE_PREFIX)
        b.phone(landline, "business", name, town, w.start, fixed=True)
        second = (
            b.numbers.landline(BULK_SENDER_PREFIX) if kind == "GP_SURGERY" else b.numbers.mobile()
        )
        b.phone(second, "business", name, town, w.start, fixed=kind == "GP_SURGERY")
        w.businesses.append(Business(name, kind, town, [landline, second]))


def social_graph(b: WorldBuilder) -> None:
    rng, w = b.rng, b.world
    by_area: dict[str, list[str]] = {}
    for number in w.subscribers:
        by_area.setdefault(w.phones[number].area, []).append(number)
    everyone = w.subscribers
    for number in everyone:
        phone = w.phones[number]
        k = rng.randint(4, 14) if phone.kind == "mobile" else rng.randint(2, 6)
        local = by_area[phone.area]
        picks = [
            rng.choice(local) if rng.random() < 0.7 else rng.choice(everyone) for _ in range(k)
        ]
        w.contacts[number] = sorted({p for p in picks if p != number})
    for person in w.people.values():
        local = by_area.get(person.area) or everyone
        for number in person.phones:
            if number not in w.contacts:
                w.contacts[number] = sorted({rng.choice(local) for _ in range(rng.randint(2, 5))})
