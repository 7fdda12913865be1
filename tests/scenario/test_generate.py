"""Reproducibility, the manifest, and the size of each scale."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pytest

from linewatch.scenario import generate, load_manifest, scale_config

from .conftest import AS_OF, reports, rows


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_scale_and_day_give_identical_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale="small", seed=42, as_of=AS_OF)
    generate(tmp_path / "b", scale="small", seed=42, as_of=AS_OF)
    first, second = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert len(first) >= 9
    assert first == second


def test_another_seed_or_day_gives_another_world(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale="small", seed=42, as_of=AS_OF)
    generate(tmp_path / "b", scale="small", seed=43, as_of=AS_OF)
    generate(tmp_path / "c", scale="small", seed=42, as_of=date(2026, 6, 1))
    a, b, c = (_digest(tmp_path / x) for x in "abc")
    assert a["reports.jsonl"] != b["reports.jsonl"]
    assert a["ground_truth.json"] != c["ground_truth.json"]


def test_regenerating_into_a_folder_replaces_what_was_there(tmp_path: Path) -> None:
    stale = tmp_path / "calls" / "P-9999-stale.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left over")
    generate(tmp_path, scale="small", seed=1, as_of=AS_OF)
    manifest = load_manifest(tmp_path)
    on_disk = sorted(p.stem for p in (tmp_path / "calls").glob("*.parquet"))
    assert on_disk == manifest.productions


def test_manifest_counts_match_the_files(small_dir: Path) -> None:
    manifest = load_manifest(small_dir)
    assert manifest.synthetic is True
    assert manifest.seed == 7 and manifest.scale == "small" and manifest.as_of == AS_OF
    assert manifest.generated_at.date() == AS_OF
    assert manifest.counts["reports.jsonl"] == len(reports(small_dir))
    assert manifest.counts["person_records.csv"] == len(rows(small_dir, "person_records.csv"))
    assert manifest.counts["anpr_reads.csv"] == len(rows(small_dir, "anpr_reads.csv"))
    con = duckdb.connect()
    for production in manifest.productions:
        path = small_dir / "calls" / f"{production}.parquet"
        (count,) = con.execute(f"select count(*) from read_parquet('{path}')").fetchone() or (0,)
        assert manifest.counts[f"calls/{production}.parquet"] == count
    assert manifest.call_records == sum(
        n for k, n in manifest.counts.items() if k.startswith("calls/")
    )


def test_small_scale_is_small(small_dir: Path) -> None:
    manifest = load_manifest(small_dir)
    assert 2_000 <= manifest.call_records <= 20_000
    assert manifest.counts["ground_truth.json"] in (2, 3)


def test_demo_scale_has_the_promised_size(demo_dir: Path) -> None:
    from linewatch.scenario import load_ground_truth

    manifest = load_manifest(demo_dir)
    truth = load_ground_truth(demo_dir)
    assert 4 <= len(truth.lines) <= 5
    assert 60 <= len(truth.people) <= 150
    assert manifest.counts["reports.jsonl"] >= 300
    assert 50_000 <= manifest.call_records <= 150_000
    assert 2_000 <= manifest.counts["anpr_reads.csv"] <= 12_000


def test_unknown_scale_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        generate(tmp_path, scale="huge")


def test_large_scale_aims_at_ten_million_calls() -> None:
    scale = scale_config("large")
    assert scale.call_records is not None and scale.call_records >= 10_000_000
    assert scale.worlds > 1


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    generate(
        tmp_path,
        scale="small",
        seed=3,
        as_of=AS_OF,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert seen[-1] == ("done", 1, 1)
    assert any("call records" in stage for stage, _, _ in seen)
