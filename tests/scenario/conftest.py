"""Scenario folders generated once per test session and shared by the scenario tests."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from linewatch.scenario import generate

AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    generate(folder, scale="small", seed=7, as_of=AS_OF)
    return folder


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    generate(folder, scale="demo", seed=2026, as_of=AS_OF)
    return folder


@pytest.fixture(scope="session")
def large_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The large scale cut down to two sub-worlds and 360,000 calls in 20,000-row chunks."""
    folder = tmp_path_factory.mktemp("large")
    generate(
        folder,
        scale="large",
        seed=11,
        as_of=AS_OF,
        call_records=360_000,
        worlds=2,
        chunk_rows=20_000,
    )
    return folder


def reports(folder: Path) -> list[dict[str, Any]]:
    with (folder / "reports.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def enforcement(folder: Path) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = json.loads(
        (folder / "enforcement.json").read_text("utf-8")
    )
    return data
