"""The scenario's ANPR hotlist: entries a force would make, by the hotlist's own rules, the
same for the same seed, and ground truth naming exactly the reads each live entry should hit."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from linewatch.enforce.anpr import LONGEST_ENTRY, check_entry, check_expiry
from linewatch.scenario import generate, load_ground_truth

from .conftest import AS_OF, enforcement, reports, rows


def _entries(folder: Path) -> list[dict[str, Any]]:
    return enforcement(folder)["vehicles_of_interest"]


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_the_same_seed_gives_the_same_hotlist(small_dir: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", scale="small", seed=7, as_of=AS_OF)
    assert _entries(tmp_path / "again") == _entries(small_dir)
    generate(tmp_path / "other", scale="small", seed=8, as_of=AS_OF)
    assert _entries(tmp_path / "other") != _entries(small_dir)


@pytest.mark.parametrize("folder", ["small_dir", "demo_dir"])
def test_every_entry_keeps_the_hotlist_rules(folder: str, request: pytest.FixtureRequest) -> None:
    where: Path = request.getfixturevalue(folder)
    entries = _entries(where)
    texts = {r["reference"]: r for r in reports(where)}
    truth = load_ground_truth(where)
    couriers = {v.replace(" ", "") for line in truth.lines for v in line.courier_vrms}
    assert entries and all(e["is_synthetic"] is True for e in entries)
    assert len({e["voi_id"] for e in entries}) == len(entries)
    for e in entries:
        check_entry(
            vrm=e["vrm"],
            reason_category=e["reason_category"],
            reason=e["reason"],
            action_required=e["action_required"],
            handling_code=e["handling_code"],
            handling_conditions=e["handling_conditions"],
        )
        created, expires = _moment(e["created_at"]), _moment(e["expires_at"])
        check_expiry(created, expires)
        assert expires - created <= LONGEST_ENTRY
        assert e["created_by"] and len(e["created_by"]) <= 64
        assert created < datetime.fromisoformat(f"{AS_OF}T00:00:00+00:00")
        if e["withdrawn_at"]:
            assert created < _moment(e["withdrawn_at"]) < expires
        plate = e["vrm"].replace(" ", "")
        if e["reason_category"] == "COUNTY_LINES_COURIER":
            assert plate in couriers
            # Listed some days after the report that first named the whole plate.
            source = texts[e["linked_report_ref"]]
            assert plate in source["text"].upper().replace(" ", "")
            lag = created - _moment(source["reported_at"])
            assert timedelta(days=2) <= lag <= timedelta(days=10)
        else:
            assert e["reason_category"] == "STOLEN" and plate not in couriers
    codes = [e["handling_code"] for e in entries]
    assert codes.count("C") == truth.worlds and codes.count("P") > codes.count("C")
    assert any(e["withdrawn_at"] for e in entries)


@pytest.mark.parametrize("folder", ["small_dir", "demo_dir"])
def test_true_hits_are_the_right_reads_of_live_entries(
    folder: str, request: pytest.FixtureRequest
) -> None:
    where: Path = request.getfixturevalue(folder)
    by_id = {e["voi_id"]: e for e in _entries(where)}
    reads = {r["read_id"]: r for r in rows(where, "anpr_reads.csv")}
    truth = load_ground_truth(where)
    assert {h.voi_id for h in truth.hotlist} == set(by_id)
    checked = datetime.fromisoformat(f"{AS_OF + timedelta(days=1)}T00:00:00+00:00")
    broken = {m.key for m in truth.malformed}
    for h in truth.hotlist:
        e = by_id[h.voi_id]
        end = _moment(e["expires_at"])
        if e["withdrawn_at"]:
            end = min(end, _moment(e["withdrawn_at"]))
        start = _moment(e["created_at"])
        assert h.live_when_checked == (start <= checked < end)
        # Reads as the file has them: the plate as read, while the entry was listed.
        plate_reads = {
            i
            for i, r in reads.items()
            if i not in broken
            and r["vrm"].replace(" ", "") == h.vrm
            and start <= datetime.fromisoformat(r["read_at"]) < end
        }
        # No other car misread into a listed plate, so every such read is the car itself.
        assert not plate_reads & set(truth.misreads)
        assert set(h.hit_read_ids) == (plate_reads if h.live_when_checked else set())
    assert truth.hotlist_hit_read_ids()
    assert any(not h.live_when_checked for h in truth.hotlist)
    print(f"\n{folder}: {len(by_id)} entries, {len(truth.hotlist_hit_read_ids())} true hits")
