"""Deal-line detection scored against the ground truth of the synthetic "small" scenario."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from linewatch.access import system_access
from linewatch.comms import analyse, import_calls
from linewatch.scenario import generate, load_ground_truth, load_manifest
from linewatch.store import Store, tables


@pytest.fixture(scope="session")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scenario-small")
    generate(folder, scale="small", seed=2026, as_of=date(2026, 11, 28))
    return folder


def test_every_deal_number_is_flagged_and_no_look_alike_is(
    sqlite_store: Store,
    data_dir: Path,
    small_scenario: Path,
    record_property: Callable[[str, object], None],
) -> None:
    truth = load_ground_truth(small_scenario)
    manifest = load_manifest(small_scenario)
    access = system_access(sqlite_store, "Scoring deal-line detection")

    imported = import_calls(access, small_scenario / "calls")
    result = analyse(access)

    assert {r.file_name: r.rows_loaded for r in imported} == {
        name.removeprefix("calls/"): n
        for name, n in manifest.counts.items()
        if name.startswith("calls/")
    }
    flagged = {s.number for s in result.flagged}
    deal = truth.deal_numbers()
    precision = len(flagged & deal) / len(flagged)
    record_property("deal_line_precision", precision)
    record_property("deal_line_recall", len(flagged & deal) / len(deal))
    assert deal <= flagged, f"missed deal numbers: {sorted(deal - flagged)}"
    look_alikes = {c.number: c.kind for c in truth.confounders}
    assert not flagged & set(look_alikes), {n: look_alikes[n] for n in flagged & set(look_alikes)}
    assert precision == 1.0


def test_a_flagged_line_is_linked_to_its_own_staff(
    sqlite_store: Store, data_dir: Path, small_scenario: Path
) -> None:
    truth = load_ground_truth(small_scenario)
    access = system_access(sqlite_store, "Scoring deal-line contacts")
    import_calls(access, small_scenario / "calls")

    result = analyse(access)

    staff_phones = {
        line.line_id: {
            phone
            for key in (line.holder, line.controller, line.storekeeper, *line.runners)
            for phone in truth.people[key].phones
        }
        for line in truth.lines
    }
    ids = {s.phone_id: s.number for s in result.flagged}
    with sqlite_store.connect() as conn:
        numbers = dict(
            conn.execute(
                select(tables.statements.c.entity_id, tables.statements.c.value).where(
                    tables.statements.c.prop == "number"
                )
            ).all()
        )
        links = conn.execute(
            select(tables.links.c.source_id, tables.links.c.target_id).where(
                tables.links.c.link_type == "CONTACTED"
            )
        ).all()
    for source, target in links:
        line = truth.line_of_number(ids[source])
        assert line is not None
        assert numbers[target] in staff_phones[line.line_id]
    assert {ids[source] for source, _ in links} == truth.deal_numbers()
