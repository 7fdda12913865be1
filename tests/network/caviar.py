"""The CAVIAR networks shipped with the tests (see data/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

from linewatch.network import Network, read_matrix

DATA = Path(__file__).parent / "data"


def aggregate() -> Network:
    return read_matrix(DATA / "morselli_caviar_aggregate.csv", "CAVIAR")


def phase(number: int) -> Network:
    return read_matrix(DATA / "caviar_phases" / f"phase{number}.csv", f"CAVIAR phase {number}")
