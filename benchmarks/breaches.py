"""Bail breach detection at force scale: ANPR reads against live bail conditions.

    python -m benchmarks.breaches [--reads 10000000] [--conditions 1000] [--sample 300]

Builds ``--conditions`` live conditions for as many bailed people (a third exclusion areas
among Rutland, Leicester and Leicestershire's districts, a third exclusion addresses with a
radius, a third curfews), and ``--reads`` ANPR reads over the two counties in a year, 2% of
them of a bailed person's vehicle (the rest of other vehicles). Times
``enforce.geofence.fence_hits`` (the vectorised test: the person join, the live window, a
bounding-box prefilter and ``shapely.contains_xy``) on all of them, against the plain loop that
tests each read against each condition with shapely, run on ``--sample`` reads and extrapolated
to all of them (said so in the output). The vectorised time includes reading the reads from a
Parquet file (the person index stands for the join of plates to bailed people's vehicles, done
once per run on a few thousand plates). The two must agree on the sample.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from linewatch import geo
from linewatch.enforce.geofence import ADDRESS, AREA, CURFEW, Fence, breaks, fence_hits

BUDGET_S = 15.0
T0 = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
YEAR = 365 * 86_400.0


def conditions(count: int, rng: np.random.Generator) -> list[Fence]:
    areas = [geo.named_area("Rutland").geometry] + [a.geometry for a in geo.districts()]
    fences = []
    for person in range(count):
        start = T0 + rng.uniform(0, YEAR / 2)
        end = start + rng.uniform(30, 270) * 86_400.0
        kind = (AREA, ADDRESS, CURFEW)[person % 3]
        lat, lon = rng.uniform(52.45, 52.80), rng.uniform(-1.30, -0.45)
        if kind == AREA:
            fences.append(Fence(person, kind, start, end, area=areas[person % len(areas)]))
        elif kind == ADDRESS:
            fences.append(
                Fence(person, kind, start, end, latitude=lat, longitude=lon, radius_m=300)
            )
        else:
            fences.append(
                Fence(
                    person,
                    kind,
                    start,
                    end,
                    latitude=lat,
                    longitude=lon,
                    radius_m=200,
                    curfew_from=21,
                    curfew_to=6,
                )
            )
    return fences


def reads(
    count: int, people: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    # Person index per read: a bailed person's vehicle for 2% of reads, else someone unbailed.
    person = rng.integers(people, people * 200, count)
    bailed = rng.random(count) < 0.02
    person[bailed] = rng.integers(0, people, int(bailed.sum()))
    latitude = rng.uniform(52.40, 52.85, count)
    longitude = rng.uniform(-1.35, -0.40, count)
    seconds = T0 + rng.uniform(0, YEAR, count)
    return person, latitude, longitude, seconds


def loop(
    fences: list[Fence], person: list[int], lat: list[float], lon: list[float], sec: list[float]
) -> set[tuple[int, int]]:
    """Each read against each condition: the shapely test first, then whose and when."""
    hits = set()
    for r in range(len(person)):
        for f, fence in enumerate(fences):
            # ``breaks`` checks the person and window after the geometry here would be the
            # same answer; it is called with the fence's own person so the shapely test runs
            # for every pair, as a loop without a join must.
            if breaks(fence, fence.person, lat[r], lon[r], sec[r]) and person[r] == fence.person:
                hits.add((r, f))
    return hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=10_000_000)
    parser.add_argument("--conditions", type=int, default=1_000)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    fences = conditions(args.conditions, rng)
    person, latitude, longitude, seconds = reads(args.reads, args.conditions, rng)
    print(
        f"{args.reads:,} ANPR reads against {len(fences):,} live bail conditions "
        f"({sum(f.kind == AREA for f in fences)} areas, "
        f"{sum(f.kind == ADDRESS for f in fences)} addresses with a radius, "
        f"{sum(f.kind == CURFEW for f in fences)} curfews)"
    )

    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/anpr.parquet"
        columns = {"person": person, "lat": latitude, "lon": longitude, "at": seconds}
        pq.write_table(pa.table(columns), path)
        started = time.perf_counter()
        table = pq.read_table(path)
        loaded = [table[c].to_numpy() for c in ("person", "lat", "lon", "at")]
        read_s = time.perf_counter() - started
        hit_reads, hit_fences = fence_hits(fences, *loaded)
        vectorised = time.perf_counter() - started
    print(f"reading the reads from Parquet: {read_s:.2f} s (included below)")
    print(
        f"vectorised: {vectorised:.2f} s, {hit_reads.size:,} breaking reads "
        f"({args.reads / vectorised / 1e6:.1f} M reads/s); budget {BUDGET_S:.0f} s: "
        f"{'met' if vectorised <= BUDGET_S else 'MISSED'}"
    )

    # The loop's cost per read does not depend on whose vehicle it is, so the sample is taken
    # from bailed people's reads, where the hits are, to check the two agree.
    n = args.sample
    picked = np.flatnonzero(person < args.conditions)[:n]
    sample = [x[picked].tolist() for x in (person, latitude, longitude, seconds)]
    started = time.perf_counter()
    slow = {(int(picked[r]), f) for r, f in loop(fences, *sample)}
    looped = time.perf_counter() - started
    estimate = looped * args.reads / n
    print(
        f"plain loop: {looped:.2f} s for a sample of {n:,} reads x {len(fences):,} conditions "
        f"({n * len(fences):,} shapely tests); extrapolated to all {args.reads:,} reads: "
        f"{estimate:,.0f} s (~{estimate / 3600:.1f} h), {estimate / vectorised:,.0f}x slower"
    )
    in_sample = np.isin(hit_reads, picked)
    fast = set(zip(hit_reads[in_sample].tolist(), hit_fences[in_sample].tolist(), strict=True))
    print(f"agreement on the sample: {'yes' if fast == slow else 'NO'} ({len(slow)} hits)")
    if fast != slow:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
