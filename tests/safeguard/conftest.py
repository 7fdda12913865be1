"""A street in Oakham with homes at different risk, and the people tied to a line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from linewatch.store import Store, tables
from safeguard.scenario import Scenario, build
from safeguard.world import World, at

AS_OF = date(2026, 3, 1)
HOUSING = "Rutland County Council Housing"
ADULT_CARE = "Rutland Adult Social Care"


@dataclass
class Street:
    world: World
    willow: str
    willow_mention: str
    main: str
    elm: str
    oak: str
    mary: str
    bill: str
    sue: str
    kai: str
    jay: str
    ola: str
    ryan: str


@pytest.fixture
def street(sqlite_store: Store) -> Street:
    w = World(sqlite_store)
    willow = w.address("12 Willow Crescent, Oakham", "LE15 6EQ", source="H-1")
    willow_mention = w.address("12 Willow Crescent, Oakham", "LE15 6EQ", source="IR-1")
    w.merge(willow, willow_mention)
    main = w.address("3 Main Road, Uppingham", "LE15 9QX")
    elm = w.address("7 Elm Close, Oakham", "LE15 6BB")
    oak = w.address("Flat 2, 40 Oak Road, Oakham", "LE15 6DD")

    mary = w.person(
        "AC-1",
        "Mary Clarke",
        organisation=ADULT_CARE,
        date_of_birth="1961-04-02",
        vulnerability=("LIVES_ALONE", "SUBSTANCE_MISUSE"),
    )
    w.link("LIVES_AT", mary, willow, record_id="AC-1", organisation=ADULT_CARE)
    bill = w.person(
        "H-2",
        "Bill Moss",
        organisation=HOUSING,
        date_of_birth="1958-01-01",
        vulnerability=("LIVES_ALONE", "LEARNING_DISABILITY"),
    )
    w.link("LIVES_AT", bill, elm, record_id="H-2", organisation=HOUSING)
    sue = w.person(
        "H-3",
        "Sue Park",
        organisation=HOUSING,
        date_of_birth="1975-01-01",
        vulnerability=("MENTAL_HEALTH",),
    )
    w.link("LIVES_AT", sue, oak, record_id="H-3", organisation=HOUSING)

    deal = w.phone("07700 900123", source="P-0001")
    w.deal_line(deal)
    kai = w.person("N10", "Kai Rowe", date_of_birth="2010-05-01")
    jay = w.person("N11", "Jay")
    ola = w.person("N12", "Ola Brand", date_of_birth="1995-01-01")
    for person, ref in ((kai, "N10"), (jay, "N11"), (ola, "N12")):
        w.link("USES_PHONE", person, w.phone("07700900123", source=ref), record_id=ref)
    w.link("STAYS_AT", kai, oak, record_id="IR-9", grading=("2", "C", "P"))
    ryan = w.person("N13", "Ryan")

    w.report(
        "IR-1",
        "Neighbour says young lads at number 12 at all hours, thinks the flat has been taken over.",
        "2026-02-10",
        [(willow_mention, {"full": "12 Willow Crescent, Oakham"})],
    )
    w.report(
        "IR-2",
        "Haven't seen Mary for weeks. Think she is being cuckooed.",
        "2026-02-20",
        [(willow, {"postcode": "LE15 6EQ"})],
    )
    w.report(
        "IR-3", "A car parked badly outside.", "2025-06-01", [(main, {"postcode": "LE15 9QX"})]
    )
    w.report(
        "IR-4",
        "Ryan, a 15 year old, is running drugs for older men from Leicester.",
        "2026-02-15",
        [(ryan, {"name": "Ryan"})],
    )
    with sqlite_store.begin() as conn:
        conn.execute(
            tables.visits.insert().values(
                id="V1",
                address_id=oak,
                scheduled_for=at("2026-02-25"),
                performed_at=at("2026-02-25T11:00"),
                performed_by="pc-1",
                occupant_seen=False,
                occupant_seen_alone=False,
                indicators=["NEW_RESIDENTS", "DRUG_PARAPHERNALIA"],
                outcome="No answer; new faces at the window",
            )
        )
        conn.execute(
            tables.referrals.insert().values(
                id="REF-1",
                person_id=kai,
                referral_type="CHILDRENS_SOCIAL_CARE",
                made_at=at("2026-02-01"),
                made_by="dc-1",
                outcome="PENDING",
                is_child=True,
            )
        )
    return Street(w, willow, willow_mention, main, elm, oak, mary, bill, sue, kai, jay, ola, ryan)


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build(tmp_path_factory)
