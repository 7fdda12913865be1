"""The ground truth reads back as typed dataclasses and agrees with the world it describes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from linewatch.scenario import GroundTruth, TrueLine, load_ground_truth

from .conftest import AS_OF, enforcement


def test_ground_truth_reads_back_typed(small_dir: Path) -> None:
    truth = load_ground_truth(small_dir)
    assert isinstance(truth, GroundTruth)
    assert truth.as_of == AS_OF and truth.scale == "small"
    assert all(isinstance(line, TrueLine) for line in truth.lines)
    line = truth.lines[0]
    assert isinstance(line.active_from, date)
    first = line.deal_numbers[0]
    assert line.number_on(max(first.valid_from, date(2026, 1, 1))) == first.number
    person = next(iter(truth.people.values()))
    assert all(isinstance(r, tuple) for r in person.records)


def test_lines_have_their_people(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    for line in truth.lines:
        assert 2 <= len(line.runners) <= 5
        assert "LINE_HOLDER" in truth.people[line.holder].roles
        assert truth.people[line.holder].phones
        assert line.cuckooed_addresses and line.courier_vrms and line.customer_numbers
    runners = [truth.people[r] for line in truth.lines for r in line.runners]
    assert any(r.is_child for r in runners)
    assert any(r.age_uncertain for r in runners)
    assert {line.status for line in truth.lines} >= {"ACTIVE", "CLOSED"}


def test_some_bail_is_still_live_and_excludes_rutland(demo_dir: Path, small_dir: Path) -> None:
    for folder in (small_dir, demo_dir):
        now = datetime.combine(AS_OF, datetime.min.time(), UTC)
        live = [
            b
            for b in enforcement(folder)["bail"]
            if b["release_type"] == "PRE_CHARGE_BAIL_CONDITIONAL"
            and b["ended_at"] is None
            and datetime.fromisoformat(b["abp_expires_at"]) > now
        ]
        assert live
        assert all(
            any(c["condition_type"] == "EXCLUSION_AREA" for c in b["conditions"]) for b in live
        )
        rui = [b for b in enforcement(folder)["bail"] if b["release_type"] == "RUI"]
        assert all(not b["conditions"] and b["return_at"] is None for b in rui)


def test_child_runners_are_referred_and_cuckooed_addresses_visited(demo_dir: Path) -> None:
    truth = load_ground_truth(demo_dir)
    data = enforcement(demo_dir)
    nrm = [r for r in data["referrals"] if r["referral_type"] == "NRM"]
    asc = [r for r in data["referrals"] if r["referral_type"] == "ADULT_SOCIAL_CARE"]
    assert nrm and asc
    visited = {v["address"] for v in data["visits"]}
    for c in truth.cuckooed_addresses:
        assert c.address in visited
    assert any(v["performed_at"] is None and v["outcome"] == "SCHEDULED" for v in data["visits"])
