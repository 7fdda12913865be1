"""Fixtures for the comms tests: a data folder per test and the synthetic call world."""

from __future__ import annotations

from pathlib import Path

import pytest

from comms.callworld import CallWorld, build_world


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of its own per test, where imports put their Parquet files."""
    folder = tmp_path / "data"
    monkeypatch.setenv("LINEWATCH_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def call_world() -> CallWorld:
    return build_world()
