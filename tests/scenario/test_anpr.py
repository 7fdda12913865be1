"""ANPR reads: cameras on the right roads, couriers driving in, and the true bail breaches."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from linewatch.geo import named_area
from linewatch.scenario import load_ground_truth
from linewatch.scenario.places import ROUTES, cameras

from .conftest import AS_OF, enforcement, rows


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def test_cameras_sit_on_the_four_roads_inside_and_outside_rutland() -> None:
    rutland = named_area("Rutland")
    all_cameras = cameras()
    assert {c.road for c in all_cameras} == {"A1", "A47", "A606", "A6003"}
    for road in ("A1", "A47", "A606", "A6003"):
        on_road = [c for c in all_cameras if c.road == road]
        inside = {rutland.contains(c.latitude, c.longitude) for c in on_road}
        assert inside == {True, False}, road
    for routes in ROUTES.values():
        for route in routes:
            assert rutland.contains(*_site(route[-1][0]))
            assert any(not rutland.contains(*_site(s)) for s, _, _ in route) or len(route) == 1


def _site(name: str) -> tuple[float, float]:
    camera = next(c for c in cameras() if c.site == name)
    return camera.latitude, camera.longitude


def test_true_breach_reads_are_inside_rutland_while_bail_was_live(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    reads = {r["read_id"]: r for r in rows(demo_dir, "anpr_reads.csv")}
    bail = {b["bail_id"]: b for b in enforcement(demo_dir)["bail"]}
    rutland = named_area("Rutland")
    assert truth.breaches
    end_of_world = datetime.combine(AS_OF, datetime.min.time(), UTC)
    live_breaches = 0
    for breach in truth.breaches:
        record = bail[breach.bail_id]
        (exclusion,) = [c for c in record["conditions"] if c["condition_type"] == "EXCLUSION_AREA"]
        assert exclusion["params"] == {"area": "Rutland"}
        start = _when(exclusion["valid_from"])
        until = _when(exclusion["valid_to"]) or end_of_world
        assert start is not None
        live_breaches += record["ended_at"] is None
        for read_id in breach.read_ids:
            read = reads[read_id]
            assert read["vrm"].replace(" ", "") == breach.vrm
            assert rutland.contains(float(read["latitude"]), float(read["longitude"]))
            assert start <= datetime.fromisoformat(read["read_at"]) < until
    assert live_breaches >= 1


def test_bailed_vehicles_also_pass_by_and_return_after_bail(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    breach_ids = truth.breach_read_ids()
    rutland = named_area("Rutland")
    not_breaches = [
        r
        for r in rows(demo_dir, "anpr_reads.csv")
        if r["vrm"] in {b.vrm for b in truth.breaches} and r["read_id"] not in breach_ids
    ]
    outside = [
        r for r in not_breaches if not rutland.contains(float(r["latitude"]), float(r["longitude"]))
    ]
    inside = [r for r in not_breaches if r not in outside]
    assert outside and inside


def test_courier_vehicles_drive_into_rutland(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    rutland = named_area("Rutland")
    reads = rows(demo_dir, "anpr_reads.csv")
    for line in truth.lines:
        vrm = line.courier_vrms[0]
        seen = [r for r in reads if r["vrm"].replace(" ", "") == vrm.replace(" ", "")]
        assert any(rutland.contains(float(r["latitude"]), float(r["longitude"])) for r in seen)


def test_about_six_courier_vehicles_seized_this_year(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    seizures = enforcement(demo_dir)["seizures"]
    this_year = [s for s in seizures if s["seized_at"].startswith(str(AS_OF.year))]
    assert 5 <= len(this_year) <= 7
    couriers = {v for line in truth.lines for v in line.courier_vrms}
    assert {s["vrm"] for s in seizures} <= couriers
    assert set(truth.seized_vrms) == {s["vrm"] for s in seizures}


def test_anpr_rows_are_well_formed_apart_from_the_planted_ones(small_dir: Path) -> None:
    truth = load_ground_truth(small_dir)
    planted = {m.key for m in truth.malformed if m.file == "anpr_reads.csv"}
    assert len(planted) == 2
    for r in rows(small_dir, "anpr_reads.csv"):
        if r["read_id"] in planted:
            continue
        assert -90 <= float(r["latitude"]) <= 90 and 0 < float(r["confidence"]) <= 1
        assert datetime.fromisoformat(r["read_at"]).tzinfo is not None
        assert r["is_synthetic"] == "true"


def test_misreads_are_well_formed_plates_named_in_the_truth(demo_dir: Path) -> None:
    from linewatch.types import vrm as vrm_type

    truth = load_ground_truth(demo_dir)
    assert truth.misreads
    reads = {r["read_id"]: r for r in rows(demo_dir, "anpr_reads.csv")}
    planted = {m.key for m in truth.malformed if m.file == "anpr_reads.csv"}
    for read_id, real in truth.misreads.items():
        assert reads[read_id]["vrm"].replace(" ", "") != real
        assert float(reads[read_id]["confidence"]) < 0.82
    for read_id, read in reads.items():
        if read_id not in planted:
            assert vrm_type.validate(read["vrm"], today=AS_OF) == [], read["vrm"]
