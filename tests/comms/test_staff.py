"""Runner and holder phones, and the people using them, scored against the demo scenario's
ground truth; and the assessments that record them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from linewatch import collect, resolve
from linewatch.access import system_access
from linewatch.comms import (
    ATTRIBUTION_CLAIM,
    LINE_HOLDER,
    RUNNER,
    CallStore,
    StaffRules,
    analyse,
    analyse_staff,
    import_calls,
    line_staff,
    phone_id,
)
from linewatch.comms.circle import CONTROLLER, STOREKEEPER, line_circle
from linewatch.scenario import GroundTruth, generate, load_ground_truth
from linewatch.store import Store, tables


@pytest.fixture(scope="session")
def demo_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scenario-demo")
    generate(folder, scale="demo", seed=2026, as_of=date(2026, 11, 28))
    return folder


def _true_roles(truth: GroundTruth) -> dict[tuple[str, str], str]:
    """(line id, number) -> RUNNER or LINE_HOLDER, for every runner's and holder's phone."""
    roles: dict[tuple[str, str], str] = {}
    for line in truth.lines:
        for key in line.runners:
            for number in truth.people[key].phones:
                roles[(line.line_id, number)] = RUNNER
        for number in truth.people[line.holder].phones:
            roles[(line.line_id, number)] = LINE_HOLDER
    return roles


def _precision_recall(found: set[object], true: set[object]) -> tuple[float, float]:
    hits = len(found & true)
    return (hits / len(found) if found else 0.0), (hits / len(true) if true else 0.0)


def test_runner_and_holder_phones_match_the_scenario(
    sqlite_store: Store,
    data_dir: Path,
    demo_scenario: Path,
    record_property: Callable[[str, object], None],
) -> None:
    truth = load_ground_truth(demo_scenario)
    access = system_access(sqlite_store, "Scoring runner and holder identification")
    import_calls(access, demo_scenario / "calls")

    with CallStore() as calls:
        staff = line_staff(calls, sorted(truth.deal_numbers()))

    true = _true_roles(truth)
    found: set[object] = set()
    for line in staff:
        owner = truth.line_of_number(line.line)
        assert owner is not None
        # The hub is found from the line's own cells: it is the line's exporting hub.
        assert line.hub is not None
        hub_distance = min(
            abs(line.hub.latitude - h.latitude) + abs(line.hub.longitude - h.longitude)
            for h in _hubs()
            if h.name == owner.exporting_hub
        )
        assert hub_distance < 0.1, (line.line, owner.exporting_hub, line.hub)
        found |= {(owner.line_id, p.number, p.role) for p in line.phones if p.role in true.values()}
    wanted = {(line, number, role) for (line, number), role in true.items()}
    for role in (RUNNER, LINE_HOLDER):
        precision, recall = _precision_recall(
            {f for f in found if f[2] == role},  # type: ignore[index]
            {w for w in wanted if w[2] == role},
        )
        record_property(f"{role.lower()}_precision", precision)
        record_property(f"{role.lower()}_recall", recall)
        print(f"{role}: precision {precision:.3f}, recall {recall:.3f}")
        assert precision == 1.0
        assert recall >= 0.9
    # A runner sent from the hub is seen making the journey on days the line sold.
    travels = StaffRules().travel_days
    travellers = [
        p for line in staff for p in line.runners if len(p.selling_travel_days) >= travels
    ]
    assert travellers and all("travelling out to deal" in " ".join(p.reasons) for p in travellers)
    assert all(p.target_events == 0 for line in staff for p in line.holders)


def _hubs() -> list[object]:
    from linewatch.scenario.places import HUBS

    return list(HUBS)


def test_staff_are_recorded_and_matched_to_the_people_who_use_them(
    sqlite_store: Store,
    data_dir: Path,
    demo_scenario: Path,
    record_property: Callable[[str, object], None],
) -> None:
    truth = load_ground_truth(demo_scenario)
    access = system_access(sqlite_store, "Scoring phone attribution")
    collect.import_folder(access, demo_scenario)
    import_calls(access, demo_scenario / "calls")
    resolve.resolve_exact(access)
    analyse(access)

    result = analyse_staff(access)
    again = analyse_staff(access)

    # Each person attributed a line's phone is, by every record behind the match, someone
    # who really ran or held that line.
    true = _true_roles(truth)
    right = wrong = 0
    named: set[tuple[str, str]] = set()
    for attribution in again.attributions:
        line = truth.line_of_number(attribution.line)
        assert line is not None
        workers = {*line.runners, line.holder}
        for person in attribution.people:
            for source in person.sources:
                organisation, _, record = source.evidence_id.partition(":")
                key = truth.person_of_record(organisation, record)
                if key in workers:
                    right += 1
                    named.add((line.line_id, key))
                else:
                    wrong += 1
    attributable = {
        (line_id, key)
        for line in truth.lines
        for line_id, key in [(line.line_id, k) for k in (*line.runners, line.holder)]
        if any((line_id, n) in true for n in truth.people[key].phones)
    }
    precision = right / (right + wrong)
    recall = len(named) / len(attributable)
    record_property("attribution_precision", precision)
    record_property("attribution_people_recall", recall)
    print(
        f"attribution: precision {precision:.3f} over {right + wrong} records; "
        f"{len(named)} of {len(attributable)} line workers named"
    )
    assert precision >= 0.95
    assert recall >= 0.9

    a = tables.assessments
    with sqlite_store.connect() as conn:
        rows = conn.execute(
            select(a.c.subject_id, a.c.claim, a.c.reasons, a.c.evidence).where(
                a.c.superseded_at.is_(None), a.c.method == "comms.line_staff"
            )
        ).all()
        superseded = conn.execute(
            select(a.c.id).where(a.c.superseded_at.is_not(None), a.c.method == "comms.line_staff")
        ).all()
    assert len(superseded) == (
        len(result.phone_assessments)
        + len(result.person_assessments)
        + len(result.circle_assessments)
    )
    phones = [r for r in rows if r.claim in ("RUNNER_PHONE", "LINE_HOLDER_PHONE")]
    people = [r for r in rows if r.claim.startswith(ATTRIBUTION_CLAIM)]
    assert len(people) == len(again.person_assessments) > 0
    holder = next(r for r in phones if r.claim == "LINE_HOLDER_PHONE")
    kinds = {e["kind"] for e in holder.evidence}
    assert kinds == {"assessment", "production", "figures"}
    deal = next(e for e in holder.evidence if e["kind"] == "assessment")
    assert deal["claim"] == "DEAL_LINE" and holder.subject_id != phone_id(deal["number"])
    assert any("stays away from the street dealing" in r for r in holder.reasons)
    person = people[0]
    assert any(e["kind"] == "link" for e in person.evidence)
    assert person.reasons[0].startswith("uses phone +44")


def test_controller_and_storekeeper_phones_match_the_scenario(
    sqlite_store: Store,
    data_dir: Path,
    demo_scenario: Path,
    record_property: Callable[[str, object], None],
) -> None:
    truth = load_ground_truth(demo_scenario)
    access = system_access(sqlite_store, "Scoring controller and storekeeper identification")
    import_calls(access, demo_scenario / "calls")

    with CallStore() as calls:
        circle = line_circle(calls.con, line_staff(calls, sorted(truth.deal_numbers())))

    true = {
        (line.line_id, number, role)
        for line in truth.lines
        for role, key in ((CONTROLLER, line.controller), (STOREKEEPER, line.storekeeper))
        for number in truth.people[key].phones
    }
    found = set()
    for phone in circle.placed:
        owner = truth.line_of_number(phone.line)
        assert owner is not None
        found.add((owner.line_id, phone.number, phone.role))
        assert phone.reasons and 0 < phone.score < 1
    for role in (CONTROLLER, STOREKEEPER):
        precision, recall = _precision_recall(
            {f for f in found if f[2] == role}, {t for t in true if t[2] == role}
        )
        record_property(f"{role.lower()}_precision", precision)
        record_property(f"{role.lower()}_recall", recall)
        print(f"{role}: precision {precision:.3f}, recall {recall:.3f}")
        assert precision >= 0.8 and recall >= 0.6, role
    # Every tie is a fact between a worker's phone and another number, per production.
    workers = {
        n
        for line in truth.lines
        for k in (line.holder, *line.runners)
        for n in truth.people[k].phones
    }
    assert circle.ties and all(t.source in workers and t.contacts >= 1 for t in circle.ties)
