"""Deal-line detection scored against the ground truth of the synthetic "small" scenario."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from linewatch.access import system_access
from linewatch.comms import analyse, import_calls, phone_id
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


def test_a_flagged_line_is_linked_to_its_own_staff_and_the_numbers_that_call_it(
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
            select(tables.links.c.source_id, tables.links.c.target_id, tables.links.c.weight).where(
                tables.links.c.link_type == "CONTACTED"
            )
        ).all()
    # The line's own contact list: its staff, and only its staff.
    worked = [(a, b) for a, b, _ in links if a in ids]
    for source, target in worked:
        line = truth.line_of_number(ids[source])
        assert line is not None
        assert numbers[target] in staff_phones[line.line_id]
    assert {ids[source] for source, _ in worked} == truth.deal_numbers()
    # Every number that called or texted a line: its customers, and its own people.
    callers: dict[str, set[str]] = {}
    for source, target, weight in links:
        if target in ids and source not in ids:
            assert weight is not None and weight >= 1
            line = truth.line_of_number(ids[target])
            assert line is not None
            callers.setdefault(line.line_id, set()).add(numbers[source])
    for line in truth.lines:
        known = set(line.customer_numbers) | staff_phones[line.line_id]
        assert callers[line.line_id] <= known, sorted(callers[line.line_id] - known)
        reached = set(line.customer_numbers) & callers[line.line_id]
        assert len(reached) >= 0.9 * len(line.customer_numbers), line.line_id
    assert result.callers_linked == result.callers > 0
    # Running it again adds nothing.
    again = analyse(access)
    assert again.callers == result.callers and again.callers_linked == 0
    with sqlite_store.connect() as conn:
        count = conn.execute(select(func.count()).select_from(tables.links)).scalar_one()
    assert count == len(links)


def test_line_handovers_are_found_with_their_overlap_and_shared_handset(
    sqlite_store: Store,
    data_dir: Path,
    small_scenario: Path,
    record_property: Callable[[str, object], None],
) -> None:
    truth = load_ground_truth(small_scenario)
    access = system_access(sqlite_store, "Scoring line handovers")
    import_calls(access, small_scenario / "calls")

    result = analyse(access)

    true = {(h.old_number, h.new_number): h for h in truth.handovers}
    found = {(h.old_number, h.new_number): h for h in result.handovers}
    hits = set(true) & set(found)
    record_property("handover_recall", len(hits) / len(true))
    record_property("handover_precision", len(hits) / len(found) if found else 0.0)
    assert true and len(hits) / len(true) >= 0.9
    assert len(hits) / len(found) >= 0.9
    for key in hits:
        assert true[key].shared_imei in (*found[key].shared_imeis, None)
        assert abs((found[key].new_first_seen.date() - true[key].date).days) <= 1
    with sqlite_store.connect() as conn:
        rows = conn.execute(
            select(
                tables.assessments.c.subject_id,
                tables.assessments.c.reasons,
                tables.assessments.c.evidence,
            ).where(tables.assessments.c.claim == "LINE_HANDOVER")
        ).all()
    assert len(rows) == len(found)
    subject, reasons, evidence = rows[0]
    numbers = {e.get("number") for e in evidence if e["kind"] == "phone"}
    old, new = next(iter(found))
    assert numbers == {old, new} and subject == phone_id(new)
    figures = next(e["values"] for e in evidence if e["kind"] == "figures")
    assert figures["shared_customers"] == found[(old, new)].shared_customers > 0
    assert "customers contacted both numbers" in reasons[0]
