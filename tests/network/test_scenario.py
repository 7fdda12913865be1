"""The picture built from the whole synthetic "small" scenario, checked against its truth."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from linewatch import collect, comms, network, resolve
from linewatch.access import system_access
from linewatch.scenario import generate, load_ground_truth
from linewatch.store import Store


@pytest.fixture(scope="session")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scenario-small")
    generate(folder, scale="small", seed=2026, as_of=date(2026, 11, 28))
    return folder


def test_each_deal_line_reaches_its_own_staff_and_customers_and_no_one_else_directly(
    sqlite_store: Store,
    small_scenario: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LINEWATCH_DATA_DIR", str(tmp_path / "data"))
    truth = load_ground_truth(small_scenario)
    access = system_access(sqlite_store, "Building the picture from the scenario")
    collect.import_folder(access, small_scenario)
    comms.import_calls(access, small_scenario / "calls")
    comms.analyse(access)
    resolve.resolve_exact(access)

    picture = network.build_graph(access)
    subgraphs = network.lines(picture)

    assert {s.line.caption for s in subgraphs} == truth.deal_numbers()
    # Names are not unique (the scenario gives two people one name on purpose), so a name
    # beside a line must belong to at least one of that line's staff or its known customers
    # (every number that calls or texts a line is linked to it).
    keys_by_name: dict[str, set[str]] = {}
    for person in truth.people.values():
        keys_by_name.setdefault(person.name, set()).add(person.key)
    for sub in subgraphs:
        line = truth.line_of_number(sub.line.caption)
        assert line is not None
        staff = {line.holder, line.controller, line.storekeeper, *line.runners}
        staff_phones = {n for key in staff for n in truth.people[key].phones}
        customers = {
            p.key
            for p in truth.people.values()
            if "CUSTOMER" in p.roles and line.line_id in p.lines
        }
        near_phones = {p.caption for p in sub.phones}
        assert len(near_phones & staff_phones) >= 2, sub.line.caption
        for person in sub.people:
            keys = keys_by_name.get(person.caption)
            if person.hops == 1 and keys:
                assert keys & (staff | customers), f"{person.caption} is beside {sub.line.caption}"
    players = network.key_players(picture, top=5)
    assert {p.id for p in players[:3]} & {s.line.id for s in subgraphs}
