"""The role rules scored against the synthetic scenario's truth: precision and recall per role.

The small scenario is imported as an analyst would (records, reports, call data), deal lines
are detected, records resolved, the phones each line rings placed by their cells, every address
assessed for cuckooing risk, and roles inferred from the picture. Each finding is traced
back to the true people it stands for: a person node through the agency records merged into
it, a phone through the numbers each true person used, a vehicle through its registration,
an address through the postcodes its records give. The figures are printed (``pytest -s``
shows them) and held to floors where the rules work.

The scenario's couriers are cars kept for the work (no keeper among its people) that reach the
store only as registrations in reports and as ANPR reads on the hub's routes; neither links a
vehicle to anyone. Comms' co-location of the reads with the line's runner and holder phones
(``analyse_vehicles``) brings them into the picture as leads (3 of the 4 on the small
scenario, none wrong there; 9 of 22 on the demo scenario), not as couriers. The other cars the
picture holds are the ones person records say their people drive, a line worker's own among
them, and the rule must not take those for couriers: it is held to finding none wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from linewatch import collect, comms, network, resolve, safeguard
from linewatch.access import system_access
from linewatch.network.roles import (
    CONTROLLER,
    COURIER_VEHICLE,
    CUCKOOED_ADDRESS,
    CUCKOOED_OCCUPANT,
    CUSTOMER,
    LINE_HOLDER,
    POTENTIAL_VICTIM,
    RUNNER,
    STOREKEEPER,
)
from linewatch.scenario import GroundTruth, generate, load_ground_truth
from linewatch.store import Store, tables

# The scenario's words for roles that the rules name differently.
TRUE_NAMES = {"CUCKOO_VICTIM": CUCKOOED_OCCUPANT}
PEOPLE_ROLES = (LINE_HOLDER, CONTROLLER, RUNNER, STOREKEEPER, CUCKOOED_OCCUPANT, CUSTOMER)


@dataclass(frozen=True)
class Score:
    role: str
    found: int
    right: int
    true: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.true if self.true else 0.0


def _score(role: str, found: set[str], true: set[str]) -> Score:
    return Score(role, len(found), len(found & true), len(true))


AS_OF = date(2026, 11, 28)


@dataclass(frozen=True)
class Scored:
    scores: dict[str, Score]
    picture: network.Picture
    findings: list[network.RoleFinding]
    courier_vrms: set[str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Scored:
    root = tmp_path_factory.mktemp("role-scores")
    generate(root / "scenario", scale="small", seed=2026, as_of=AS_OF)
    truth = load_ground_truth(root / "scenario")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LINEWATCH_DATA_DIR", str(root / "data"))
        store = Store(f"sqlite:///{root / 'linewatch.db'}")
        store.migrate()
        access = system_access(store, "Scoring the role rules on the scenario")
        collect.import_folder(access, root / "scenario")
        comms.import_calls(access, root / "scenario" / "calls")
        comms.analyse(access)
        resolve.resolve_exact(access)
        comms.analyse_staff(access)
        comms.analyse_vehicles(access)
        safeguard.assess_cuckooing_risk(access, AS_OF)
        picture = network.build_graph(access)
        findings = network.infer_roles(picture)
        people_of = _people_of_nodes(store, picture, truth)
        postcodes_of = _postcodes_of_nodes(store, picture)
        store.dispose()
    scores = _scores(truth, picture, findings, people_of, postcodes_of)
    couriers = {v for line in truth.lines for v in line.courier_vrms}
    return Scored(scores, picture, findings, couriers)


@pytest.fixture(scope="module")
def scored(built: Scored) -> dict[str, Score]:
    return built.scores


def _people_of_nodes(
    store: Store, picture: network.Picture, truth: GroundTruth
) -> dict[str, set[str]]:
    """Node id -> the keys of the true people it stands for."""
    member_of = {m: n.id for n in picture.nodes.values() for m in n.members}
    s = tables.statements
    with store.connect() as conn:
        sources = conn.execute(
            select(s.c.entity_id, s.c.source_id).where(s.c.source_kind == "record").distinct()
        ).all()
    found: dict[str, set[str]] = defaultdict(set)
    for entity_id, source_id in sources:
        node = member_of.get(entity_id)
        key = truth.person_of_record(*source_id.split(":", 1)) if ":" in source_id else None
        if node is not None and key is not None and picture.nodes[node].schema == "Person":
            found[node].add(key)
    by_phone = {n: p.key for p in truth.people.values() for n in p.phones}
    for phone in picture.nodes.values():
        if phone.schema == "Phone" and phone.caption in by_phone:
            found[phone.id].add(by_phone[phone.caption])
    return found


def _postcodes_of_nodes(store: Store, picture: network.Picture) -> dict[str, set[str]]:
    """Address node id -> the postcodes its records give, written without spaces."""
    member_of = {
        m: n.id for n in picture.nodes.values() if n.schema == "Address" for m in n.members
    }
    s = tables.statements
    with store.connect() as conn:
        rows = conn.execute(select(s.c.entity_id, s.c.value).where(s.c.prop == "postcode")).all()
    found: dict[str, set[str]] = defaultdict(set)
    for entity_id, value in rows:
        if entity_id in member_of:
            found[member_of[entity_id]].add(str(value).replace(" ", "").upper())
    return found


def _scores(
    truth: GroundTruth,
    picture: network.Picture,
    findings: list[network.RoleFinding],
    people_of: dict[str, set[str]],
    postcodes_of: dict[str, set[str]],
) -> dict[str, Score]:
    predicted: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        for key in people_of.get(f.subject_id, set()):
            predicted[f.role].add(key)
    actual: dict[str, set[str]] = defaultdict(set)
    for person in truth.people.values():
        for role in person.roles:
            actual[TRUE_NAMES.get(role, role)].add(person.key)
    # Who the scenario exploits: every runner and cuckooed tenant, and any child on a line.
    actual[POTENTIAL_VICTIM] = (
        actual[RUNNER]
        | actual[CUCKOOED_OCCUPANT]
        | {p.key for p in truth.people.values() if p.lines and p.is_child}
    )
    out = {r: _score(r, predicted[r], actual[r]) for r in (*PEOPLE_ROLES, POTENTIAL_VICTIM)}
    vrms = {n.id: n.caption.replace(" ", "") for n in picture.nodes.values()}
    true_vrms = {v.replace(" ", "") for line in truth.lines for v in line.courier_vrms}
    out[COURIER_VEHICLE] = _score(
        COURIER_VEHICLE,
        {vrms[f.subject_id] for f in findings if f.role == COURIER_VEHICLE},
        true_vrms,
    )
    postcodes = {c.postcode.replace(" ", "").upper() for c in truth.cuckooed_addresses}
    found_places = set()
    for f in findings:
        if f.role == CUCKOOED_ADDRESS:
            # An address with no postcode on record counts as a wrong find under its own id.
            found_places |= postcodes_of.get(f.subject_id) or {f.subject_id}
    out[CUCKOOED_ADDRESS] = _score(CUCKOOED_ADDRESS, found_places, postcodes)
    print("\nrole                  found  right   true  precision  recall")
    for s in out.values():
        print(
            f"{s.role:<20} {s.found:>6} {s.right:>6} {s.true:>6} "
            f"{s.precision:>10.2f} {s.recall:>7.2f}"
        )
    return out


def test_runners_are_found_and_mostly_right(scored: dict[str, Score]) -> None:
    runners = scored[RUNNER]
    assert runners.true > 0
    assert runners.recall >= 0.5 and runners.precision >= 0.6, runners


def test_victims_flagged_are_people_the_lines_exploit(scored: dict[str, Score]) -> None:
    victims = scored[POTENTIAL_VICTIM]
    assert victims.found > 0 and victims.precision >= 0.7, victims


def test_line_holders_are_found(scored: dict[str, Score]) -> None:
    holders = scored[LINE_HOLDER]
    assert holders.recall >= 0.5 and holders.precision >= 0.5, holders


def test_cuckooed_addresses_are_found_from_the_risk_assessment(built: Scored) -> None:
    places = built.scores[CUCKOOED_ADDRESS]
    assert places.true > 0
    assert places.recall >= 0.75 and places.precision >= 0.75, places
    found = [f for f in built.findings if f.role == CUCKOOED_ADDRESS]
    for finding in found:
        risk = built.picture.nodes[finding.subject_id].cuckooing
        assert risk is not None and risk.level == "HIGH", finding
        assert {"kind": "assessment", "id": risk.assessment_id} in finding.evidence
        assert "risk of cuckooing" in finding.reasons[0], finding.reasons


def test_occupants_of_cuckooed_addresses_are_found_and_flagged_as_victims(
    scored: dict[str, Score],
) -> None:
    occupants = scored[CUCKOOED_OCCUPANT]
    assert occupants.true > 0
    assert occupants.recall >= 0.75 and occupants.precision >= 0.75, occupants
    victims = scored[POTENTIAL_VICTIM]
    assert victims.right >= occupants.right, victims


def test_customers_are_found_from_the_numbers_that_call_a_line(built: Scored) -> None:
    # Measured on the small scenario: 5 found, all right, of 6 (recall 0.83).
    customers = built.scores[CUSTOMER]
    assert customers.true > 0
    assert customers.precision >= 0.8 and customers.recall >= 0.6, customers
    found = [f for f in built.findings if f.role == CUSTOMER]
    assert all(any(ref["kind"] == "link" for ref in f.evidence) for f in found)
    assert all("never rang it" in f.reasons[0] for f in found), found[0].reasons


def test_controllers_are_found_one_step_out_from_the_line(built: Scored) -> None:
    # Measured: 2 found, both right, of 2.
    controllers = built.scores[CONTROLLER]
    assert controllers.true > 0
    assert controllers.precision >= 0.7 and controllers.recall >= 0.5, controllers
    for finding in (f for f in built.findings if f.role == CONTROLLER):
        staff = built.picture.nodes[finding.subject_id].staff
        if staff is not None:  # the phone itself; its users carry the same assessment
            assert {"kind": "assessment", "id": staff.assessment_id} in finding.evidence


def test_storekeepers_are_found_among_the_runners_contacts(built: Scored) -> None:
    # Measured: 2 found, both right, of 2.
    keepers = built.scores[STOREKEEPER]
    assert keepers.true > 0
    assert keepers.precision >= 0.7 and keepers.recall >= 0.5, keepers
    found = [f for f in built.findings if f.role == STOREKEEPER]
    assert all(any(ref["kind"] == "link" for ref in f.evidence) for f in found)


def test_each_line_has_brokers_between_its_local_end_and_its_holder(built: Scored) -> None:
    found = network.line_brokerage(built.picture, built.findings)
    assert found
    for line in found:
        names = [built.picture.nodes[i].caption for i, _ in line.brokers]
        print(f"{line.line_caption}: hub {len(line.hub)}, local {len(line.local)}, {names}")
        assert line.hub and line.brokers, line.line_caption
        assert all(0 < share <= 1 for _, share in line.brokers)


def test_cars_read_beside_a_lines_phones_are_leads_with_their_evidence(built: Scored) -> None:
    # Measured on the small scenario: 3 cars, all of them true couriers, of 4.
    leads = {n.id: n for n in built.picture.nodes.values() if n.line_vehicle is not None}
    true_vrms = {v.replace(" ", "") for v in built.courier_vrms}
    right = {i for i, n in leads.items() if n.caption.replace(" ", "") in true_vrms}
    print(f"\ncars read beside line phones: {len(leads)}, true couriers {len(right)}")
    assert len(right) >= 2 and len(right) >= 0.75 * len(leads), (len(right), len(leads))
    for node in leads.values():
        flag = node.line_vehicle
        assert flag is not None and flag.assessment_id and flag.phone_assessments, node
        assert "runner or holder phones" in flag.reasons[0], flag.reasons


def test_no_vehicle_is_taken_for_a_courier_wrongly(built: Scored) -> None:
    # Measured on the small scenario: none found; before the rule read shared and borrowed
    # cars it took a runner's own car (1 found, 0 right).
    couriers = built.scores[COURIER_VEHICLE]
    assert couriers.true > 0
    assert couriers.found == couriers.right, couriers
    # The trap is there: a runner in the picture drives a car of their own.
    runners = {f.subject_id for f in built.findings if f.role == RUNNER}
    driven = {
        other.id
        for runner in runners
        for other in built.picture.neighbours(runner)
        if other.schema == "Vehicle"
    }
    assert driven
    assert all(f.evidence for f in built.findings if f.role == COURIER_VEHICLE)
