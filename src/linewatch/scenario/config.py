"""How big each scale is, and the seeds every part of the generator draws from."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, replace

import numpy as np

SCALES = ("small", "demo", "large")


@dataclass(frozen=True)
class Scale:
    name: str
    # Independent sub-worlds, each a full Rutland picture with lines of its own.
    worlds: int
    lines_per_world: int
    customers_per_line: tuple[int, int]
    # Ordinary people with a phone, per sub-world: (mobiles, landlines).
    ordinary_mobiles: int
    ordinary_landlines: int
    # Mean events per ordinary subscriber per day; the large scale sets it from call_records.
    ordinary_rate: float
    # Flare recipients as a share of a line's customers, and how often a line flares.
    flare_share: float
    flare_days: float
    customer_rate: tuple[float, float]
    # How busy line staff are on their phones (1.0: a runner on shift takes ~5 calls a day).
    staff_activity: float
    reports_per_line: int
    noise_reports: int
    unrelated_people: int
    background_vehicles: int
    seizures_this_year: int
    # When set, the ordinary traffic is tuned so the whole run writes about this many calls.
    call_records: int | None
    chunk_rows: int


_SCALES = {
    "small": Scale(
        name="small",
        worlds=1,
        lines_per_world=2,
        customers_per_line=(8, 12),
        ordinary_mobiles=40,
        ordinary_landlines=20,
        ordinary_rate=0.05,
        flare_share=0.6,
        flare_days=0.45,
        customer_rate=(0.02, 0.12),
        staff_activity=0.15,
        reports_per_line=14,
        noise_reports=6,
        unrelated_people=4,
        background_vehicles=30,
        seizures_this_year=2,
        call_records=None,
        chunk_rows=50_000,
    ),
    "demo": Scale(
        name="demo",
        worlds=1,
        lines_per_world=5,
        customers_per_line=(22, 40),
        ordinary_mobiles=300,
        ordinary_landlines=150,
        ordinary_rate=0.12,
        flare_share=0.75,
        flare_days=0.85,
        customer_rate=(0.05, 0.45),
        staff_activity=0.6,
        reports_per_line=64,
        noise_reports=40,
        unrelated_people=18,
        background_vehicles=260,
        seizures_this_year=6,
        call_records=None,
        chunk_rows=200_000,
    ),
    "large": Scale(
        name="large",
        worlds=8,
        lines_per_world=5,
        customers_per_line=(22, 40),
        ordinary_mobiles=280,
        ordinary_landlines=700,
        ordinary_rate=0.2,
        flare_share=0.75,
        flare_days=0.85,
        customer_rate=(0.05, 0.45),
        staff_activity=1.0,
        reports_per_line=64,
        noise_reports=40,
        unrelated_people=18,
        background_vehicles=260,
        seizures_this_year=6,
        call_records=10_500_000,
        chunk_rows=500_000,
    ),
}
# The most line numbers (deal numbers and line staff phones) one line can take.
LINE_NUMBERS_PER_LINE = 12


def scale_config(name: str, call_records: int | None = None, worlds: int | None = None) -> Scale:
    """The settings of a named scale, optionally with fewer (or more) calls or sub-worlds."""
    if name not in _SCALES:
        raise ValueError(f"unknown scale {name!r}: choose one of {', '.join(SCALES)}")
    scale = _SCALES[name]
    if call_records is not None:
        scale = replace(scale, call_records=call_records)
    if worlds is not None:
        scale = replace(scale, worlds=worlds)
    return scale


def derive(seed: int, *labels: object) -> int:
    """A seed of its own for one part of the run, so that drawing more in one part never
    shifts another (hash() of a str is salted per process, so sha256 it is)."""
    text = "/".join([str(seed), *(str(label) for label in labels)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def py_rng(seed: int, *labels: object) -> random.Random:
    return random.Random(derive(seed, *labels))


def np_rng(seed: int, *labels: object) -> np.random.Generator:
    return np.random.default_rng(derive(seed, *labels))
