"""Importing a whole scenario folder, from small fixture files and from the generator."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from collect.builders import (
    ANPR_COLUMNS,
    PERSON_COLUMNS,
    anpr_row,
    person_row,
    report,
    write_csv,
    write_jsonl,
)
from collect.conftest import MakeAccess
from linewatch.collect import import_folder, quarantined
from linewatch.store import Store, tables


def test_a_folder_imports_reports_people_and_reads_and_nothing_else(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    folder = tmp_path / "scenario"
    folder.mkdir()
    write_jsonl(folder / "reports.jsonl", [report()])
    write_csv(folder / "person_records.csv", PERSON_COLUMNS, [person_row()])
    write_csv(folder / "anpr_reads.csv", ANPR_COLUMNS, [anpr_row()])
    (folder / "ground_truth.json").write_text('{"lines": []}', encoding="utf-8")

    results = import_folder(as_role(sqlite_store), folder)

    assert [(r.kind, r.rows_loaded) for r in results] == [
        ("reports", 1),
        ("person_records", 1),
        ("anpr_reads", 1),
    ]
    with sqlite_store.connect() as conn:
        datasets = set(conn.execute(select(tables.import_batches.c.dataset)).scalars())
    assert datasets == {
        "scenario/reports.jsonl",
        "scenario/person_records.csv",
        "scenario/anpr_reads.csv",
    }
    again = import_folder(as_role(sqlite_store), folder)
    assert all(r.already_imported for r in again)


def test_a_folder_without_some_files_imports_those_it_has(
    sqlite_store: Store, as_role: MakeAccess, tmp_path: Path
) -> None:
    write_jsonl(tmp_path / "reports.jsonl", [report()])
    assert [r.kind for r in import_folder(as_role(sqlite_store), tmp_path)] == ["reports"]
    with pytest.raises(NotADirectoryError):
        import_folder(as_role(sqlite_store), tmp_path / "reports.jsonl")


@pytest.fixture(scope="module")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from linewatch.scenario import generate

    folder = tmp_path_factory.mktemp("scenario") / "small"
    generate(folder, scale="small", seed=11, as_of=date(2026, 11, 28))
    return folder


@pytest.mark.slow
def test_a_generated_small_scenario_imports_with_its_faults_quarantined(
    store: Store, as_role: MakeAccess, small_scenario: Path
) -> None:
    access = as_role(store)
    manifest = json.loads((small_scenario / "manifest.json").read_text())
    truth = json.loads((small_scenario / "ground_truth.json").read_text())

    results = {r.file_name: r for r in import_folder(access, small_scenario)}

    for name, result in results.items():
        assert result.rows_total == manifest["counts"][name]
        assert result.rows_loaded + result.rows_quarantined <= result.rows_total
        assert result.rows_loaded > 0.8 * result.rows_total
    # A person record's reference is "organisation:record_id"; the generator names the id.
    held = {
        (q.file_name, (q.record_ref or "").rsplit(":", 1)[-1], q.field) for q in quarantined(access)
    }
    # Every fault the generator planted is caught, on the field it planted it in.
    for fault in truth["malformed"]:
        assert (fault["file"], fault["key"], fault["field"]) in held, fault
    with store.connect() as conn:
        people = conn.execute(
            select(func.count())
            .select_from(tables.entities)
            .where(tables.entities.c.schema == "Person")
        ).scalar()
        unsanitised = conn.execute(
            select(func.count()).select_from(tables.reports).where(tables.reports.c.sanitised)
        ).scalar()
    assert people and people >= results["person_records.csv"].rows_loaded
    assert unsanitised == 0  # nothing is shareable until an officer confirms it
