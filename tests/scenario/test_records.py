"""Person records: one person across agencies, never quite the same; lookalikes beside them."""

from __future__ import annotations

from pathlib import Path

from linewatch.scenario import load_ground_truth
from linewatch.scenario.records import COLUMNS

from .conftest import enforcement, rows


def test_columns_are_the_documented_ones(small_dir: Path) -> None:
    with (small_dir / "person_records.csv").open(encoding="utf-8") as f:
        assert tuple(f.readline().strip().split(",")) == COLUMNS


def test_one_person_appears_in_several_agencies_with_variations(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    records = {(r["organisation"], r["record_id"]): r for r in rows(demo_dir, "person_records.csv")}
    clusters = truth.record_clusters()
    assert len(clusters) >= 20
    varied = 0
    for cluster in clusters:
        assert cluster <= records.keys()
        if len({records[k]["record_type"] for k in cluster}) > 1:
            names = {records[k]["name"].lower() for k in cluster}
            varied += len(names) > 1
    assert varied >= 10
    types = {r["record_type"] for r in records.values()}
    assert types >= {
        "police_nominal",
        "housing_tenancy",
        "childrens_social_care",
        "adult_social_care",
        "school",
        "health",
        "neighbouring_force",
    }


def test_some_records_have_an_estimated_age_instead_of_a_date_of_birth(demo_dir: Path) -> None:
    records = rows(demo_dir, "person_records.csv")
    estimated = [r for r in records if not r["date_of_birth"] and r["estimated_age"]]
    assert len(estimated) >= 3
    assert any(r["street_name"] or r["alias"] for r in records)


def test_unrelated_people_carry_names_close_to_line_people(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    line_people = [p for p in truth.people.values() if p.lines]
    others = [p for p in truth.people.values() if not p.roles]
    surnames = {p.name.split()[-1] for p in line_people}
    assert sum(p.name.split()[-1] in surnames for p in others) >= 3


def test_enforcement_refers_to_police_nominals(demo_dir: Path) -> None:
    nominals = {
        r["record_id"]
        for r in rows(demo_dir, "person_records.csv")
        if r["record_type"] == "police_nominal"
    }
    data = enforcement(demo_dir)
    refs = [x["person_ref"] for section in ("arrests", "bail", "referrals") for x in data[section]]
    assert refs and set(refs) <= nominals


def test_planted_record_faults_are_named(small_dir: Path) -> None:
    truth = load_ground_truth(small_dir)
    planted = {m.key: m for m in truth.malformed if m.file == "person_records.csv"}
    by_id = {r["record_id"]: r for r in rows(small_dir, "person_records.csv")}
    assert {m.field for m in planted.values()} == {"record_type", "name"}
    for key, fault in planted.items():
        if fault.field == "name":
            assert by_id[key]["name"] == ""
        else:
            assert by_id[key]["record_type"] == "probation_case"
