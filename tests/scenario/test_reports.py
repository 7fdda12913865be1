"""Intelligence reports: the mentions annotate the text exactly; channels, gradings, handling
and the rows an importer must quarantine."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from linewatch.model import Channel
from linewatch.scenario import load_ground_truth

from .conftest import enforcement, reports


def test_every_mention_is_written_in_the_text(demo_dir: Path) -> None:
    for report in reports(demo_dir):
        for mention in report["mentions"]:
            assert mention["schema"] in {"Person", "Phone", "Vehicle", "Address", "CountyLine"}
            for value in mention["properties"].values():
                assert value in report["text"], (report["reference"], value)


def test_ground_truth_resolves_every_mention(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    for report in reports(demo_dir):
        known = truth.reports.get(report["reference"])
        if known is None:
            continue
        written = [(m["schema"], *m["properties"].items()) for m in report["mentions"]]
        assert written == [(m.schema, (m.property, m.text)) for m in known.mentions]
        for m in known.mentions:
            if m.schema == "Phone":
                assert m.entity.startswith("+44")
            if m.schema == "Person":
                assert m.entity in truth.people


def test_reports_name_phones_vehicles_people_places_and_lines(demo_dir: Path) -> None:
    schemas = Counter(m["schema"] for r in reports(demo_dir) for m in r["mentions"])
    assert all(schemas[s] >= 20 for s in ("Person", "Phone", "Vehicle", "Address", "CountyLine"))
    texts = [
        m["properties"]["number"]
        for r in reports(demo_dir)
        for m in r["mentions"]
        if m["schema"] == "Phone"
    ]
    assert any("O" in t for t in texts) and any(t.startswith("+44") for t in texts)
    vrms = [
        m["properties"]["vrm"]
        for r in reports(demo_dir)
        for m in r["mentions"]
        if m["schema"] == "Vehicle"
    ]
    assert any(len(v.replace(" ", "")) < 7 for v in vrms)  # partial registrations


def test_every_channel_speaks_with_its_own_gradings(demo_dir: Path) -> None:
    rows = [r for r in reports(demo_dir) if r["channel"] in {c.value for c in Channel}]
    by_channel = Counter(r["channel"] for r in rows)
    assert set(by_channel) == {c.value for c in Channel}
    for r in rows:
        if r["channel"] in {"PUBLIC_WEB", "CRIMESTOPPERS"}:
            assert r["submitted_by"] is None
        if r["channel"] == "CRIMESTOPPERS":
            assert r["originating_org"] == "Crimestoppers"
    public = [r for r in rows if r["channel"] == "PUBLIC_WEB"]
    assert all(r["source_evaluation"] is None for r in public)
    officers = [r for r in rows if r["channel"] == "OFFICER" and r["grading_scheme"] == "3x5x2"]
    assert all(r["source_evaluation"] == "1" for r in officers)


def test_handling_code_c_carries_conditions_except_the_planted_fault(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    planted = {m.key: m for m in truth.malformed if m.file == "reports.jsonl"}
    with_c = [r for r in reports(demo_dir) if r["handling_code"] == "C"]
    assert len(with_c) >= 5
    for r in with_c:
        if r["reference"] not in planted:
            assert r["handling_conditions"]
    legacy = [r for r in reports(demo_dir) if r["grading_scheme"] == "5x5x5"]
    assert legacy and all(r["source_evaluation"] in "ABCDE" for r in legacy)


def test_malformed_rows_are_present_and_named_in_the_truth(small_dir: Path) -> None:
    truth = load_ground_truth(small_dir)
    planted = {m.key: m for m in truth.malformed if m.file == "reports.jsonl"}
    assert {m.field for m in planted.values()} >= {
        "channel",
        "classification",
        "handling_conditions",
    }
    by_ref = {r["reference"]: r for r in reports(small_dir)}
    assert by_ref[next(k for k, m in planted.items() if m.field == "channel")]["channel"] not in {
        c.value for c in Channel
    }
    secret = next(k for k, m in planted.items() if m.field == "classification")
    assert by_ref[secret]["classification"] == "SECRET"
    unconditioned = next(k for k, m in planted.items() if m.field == "handling_conditions")
    assert by_ref[unconditioned]["handling_code"] == "C"
    assert by_ref[unconditioned]["handling_conditions"] is None
    valid = [r for ref, r in by_ref.items() if ref not in planted]
    assert all(r["classification"] in {"OFFICIAL", "OFFICIAL-SENSITIVE"} for r in valid)
    assert all(r["is_synthetic"] is True for r in by_ref.values())


def test_references_are_unique_and_warrants_rest_on_earlier_reports(demo_dir: Path) -> None:
    rows = reports(demo_dir)
    by_ref = {r["reference"]: r for r in rows}
    assert len(by_ref) == len(rows)
    warrants = enforcement(demo_dir)["warrants"]
    assert warrants
    for w in warrants:
        assert len(w["grounds_report_refs"]) >= 2
        for ref in w["grounds_report_refs"]:
            assert datetime.fromisoformat(by_ref[ref]["reported_at"]) < datetime.fromisoformat(
                w["applied_at"]
            )


def test_only_the_planted_rows_are_faulty(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    planted = {m.key for m in truth.malformed if m.file == "reports.jsonl"}
    for r in reports(demo_dir):
        if r["reference"] in planted:
            continue
        assert r["channel"] in {c.value for c in Channel}
        assert datetime.fromisoformat(r["reported_at"]).tzinfo is not None
        if r["occurred_at"]:
            assert datetime.fromisoformat(r["occurred_at"]) <= datetime.fromisoformat(
                r["reported_at"]
            )
        if r["grading_scheme"] == "3x5x2":
            assert r["source_evaluation"] in {None, "1", "2", "3"}
            assert r["intelligence_assessment"] in {None, "A", "B", "C", "D", "E"}
            assert r["handling_code"] in {None, "P", "C"}
