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

The ANPR hotlist part (``--hotlist-reads``, ``--hotlist``) stores that many reads in SQLite, 1%
of them of a vehicle of interest, and times ``enforce.raise_hits`` (one query for the live
plates, one alert per hit) against looking each read's plate up in the hotlist one query at a
time, on a sample extrapolated to all reads (said so). Both must find the same hits on the
sample.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from linewatch import geo
from linewatch.access import system_access
from linewatch.enforce import raise_hits
from linewatch.enforce.geofence import ADDRESS, AREA, CURFEW, Fence, breaks, fence_hits
from linewatch.store import Store, tables, utcnow

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


LETTERS = np.array(list("ABCDEFGHJKLMNPRSTUVWXY"))


def plates(count: int, rng: np.random.Generator) -> list[str]:
    letters = LETTERS[rng.integers(0, len(LETTERS), (count, 5))]
    digits = rng.integers(10, 25, count)
    return [
        f"{a}{b}{d}{c}{e}{f}" for (a, b, c, e, f), d in zip(letters.tolist(), digits, strict=True)
    ]


def hotlist_benchmark(read_count: int, entries: int, seed: int) -> bool:
    """raise_hits over stored reads against a per-read lookup; True when both agree."""
    rng = np.random.default_rng(seed)
    listed = sorted(set(plates(entries, rng)))
    others = plates(read_count, rng)
    on_list = rng.random(read_count) < 0.01
    chosen = rng.integers(0, len(listed), read_count)
    vrms = [listed[c] if hit else o for hit, c, o in zip(on_list, chosen, others, strict=True)]
    now = utcnow()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'hotlist.db'}")
        store.migrate()
        with store.begin() as conn:
            conn.execute(
                tables.vehicles_of_interest.insert(),
                [
                    {
                        "id": f"voi-{i}",
                        "vrm": vrm,
                        "reason_category": "COUNTY_LINES_COURIER",
                        "reason": "benchmark",
                        "action_required": "INFORMATION_ONLY",
                        "handling_code": "P",
                        "created_by": "bench",
                        # Listed before the reads were made: a read from before is no hit.
                        "created_at": now - timedelta(days=30),
                        "expires_at": now + timedelta(days=90),
                    }
                    for i, vrm in enumerate(listed)
                ],
            )
            for start in range(0, read_count, 50_000):
                conn.execute(
                    tables.anpr_reads.insert(),
                    [
                        {
                            "id": f"r{i}",
                            "vrm": vrms[i],
                            "camera_id": "CAM",
                            "latitude": 52.6,
                            "longitude": -0.7,
                            "read_at": now - timedelta(seconds=i),
                        }
                        for i in range(start, min(start + 50_000, read_count))
                    ],
                )
        access = system_access(store, "Benchmark")
        started = time.perf_counter()
        hits = raise_hits(access)
        batched = time.perf_counter() - started
        sample = min(5_000, read_count)
        v, r = tables.vehicles_of_interest, tables.anpr_reads
        started = time.perf_counter()
        slow = set()
        with store.connect() as conn:
            for i in range(sample):
                read = conn.execute(r.select().where(r.c.id == f"r{i}")).mappings().one()
                for entry in conn.execute(v.select().where(v.c.vrm == read["vrm"])).mappings():
                    listed_then = entry["created_at"] <= read["read_at"] < entry["expires_at"]
                    if listed_then and entry["withdrawn_at"] is None:
                        slow.add((entry["id"], read["id"]))
        looped = time.perf_counter() - started
        store.dispose()
    estimate = looped * read_count / sample
    fast = {
        (h.subject_id, h.evidence_of("anpr_read")[0]["id"])
        for h in hits
        if int(h.evidence_of("anpr_read")[0]["id"][1:]) < sample
    }
    print(
        f"hotlist: {read_count:,} stored reads against {len(listed):,} vehicles of interest: "
        f"raise_hits {batched:.2f} s for {len(hits):,} hits raised as alerts; a lookup per read "
        f"took {looped:.2f} s for {sample:,} reads, extrapolated to all: {estimate:.1f} s "
        f"({estimate / batched:.1f}x slower, before writing any alert)"
    )
    agree = fast == slow
    print(f"hotlist agreement on the sample: {'yes' if agree else 'NO'} ({len(slow)} hits)")
    return agree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=10_000_000)
    parser.add_argument("--conditions", type=int, default=1_000)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--hotlist-reads", type=int, default=200_000)
    parser.add_argument("--hotlist", type=int, default=1_000)
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
    if not hotlist_benchmark(args.hotlist_reads, args.hotlist, args.seed):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
