"""How long hotspots take, and what placing events in areas costs against a naive baseline.

    python -m benchmarks.tasking [--reports 20000] [--reads 50000]

Builds a store with the bundled Rutland street crime (5,161 rows), graded reports and ANPR
reads of a flagged vehicle scattered over Rutland, then times ``hotspots`` end to end. The
baseline places the same points with unprepared polygons and no memory of repeated points
(every camera read tested against every LSOA afresh), as a first version would.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from shapely.geometry import Point

from linewatch import geo
from linewatch.access import system_access
from linewatch.store import Provenance, Store, add_entity, add_link, tables
from linewatch.tasking import bundled_crime_file, hotspots, import_crime
from linewatch.tasking.hotspots import Locator

AS_OF = date(2026, 11, 28)


def _points(n: int, rng: random.Random) -> list[tuple[float, float]]:
    west, south, east, north = geo.named_area("Rutland").geometry.bounds
    return [(rng.uniform(south, north), rng.uniform(west, east)) for _ in range(n)]


def build(store: Store, reports: int, reads: int, rng: random.Random) -> None:
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    prov = Provenance("record", "bench", is_synthetic=True)
    cameras = _points(40, rng)
    with store.begin() as conn:
        conn.execute(
            tables.reports.insert(),
            [
                {
                    "id": f"r{i}",
                    "reference": f"IR-B-{i}",
                    "channel": "OFFICER",
                    "originating_org": "bench",
                    "reported_at": now - timedelta(hours=i % 5000),
                    "intelligence_assessment": rng.choice("ABCDE"),
                    "sanitised_text": "b",
                    "latitude": lat,
                    "longitude": lon,
                    "is_synthetic": True,
                }
                for i, (lat, lon) in enumerate(_points(reports, rng))
            ],
        )
        add_entity(conn, "Phone", "ph", {"number": "07700 900001"}, prov)
        add_entity(conn, "Person", "pe", {"name": "Bench"}, prov)
        add_entity(conn, "Vehicle", "ve", {"vrm": "AB12 CDE"}, prov)
        add_link(conn, "USES_PHONE", "pe", "ph", prov)
        add_link(conn, "DRIVES", "pe", "ve", prov)
        conn.execute(
            tables.assessments.insert().values(
                id="as",
                subject_id="ph",
                claim="DEAL_LINE",
                score=0.9,
                reasons=[],
                evidence=[],
                method="bench",
                method_version="1",
                created_at=now,
            )
        )
        conn.execute(
            tables.anpr_reads.insert(),
            [
                {
                    "id": f"rd{i}",
                    "vrm": "AB12CDE",
                    "camera_id": "c",
                    "latitude": lat,
                    "longitude": lon,
                    "read_at": now - timedelta(minutes=7 * i),
                    "is_synthetic": True,
                }
                for i, (lat, lon) in enumerate(rng.choice(cameras) for _ in range(reads))
            ],
        )
    import_crime(system_access(store, "bench"), bundled_crime_file())


def naive_place(points: list[tuple[float, float]]) -> int:
    areas = geo.rutland_lsoas()
    placed = 0
    for lat, lon in points:
        point = Point(lon, lat)
        placed += any(a.geometry.contains(point) for a in areas)
    return placed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--reads", type=int, default=50000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.db'}")
        store.migrate()
        build(store, args.reports, args.reads, rng)
        cameras = _points(40, random.Random(1))
        points = _points(args.reports, rng) + [rng.choice(cameras) for _ in range(args.reads)]
        started = time.perf_counter()
        naive = naive_place(points)
        naive_s = time.perf_counter() - started
        locate = Locator("lsoa")
        started = time.perf_counter()
        ours = sum(locate(lat, lon) is not None for lat, lon in points)
        ours_s = time.perf_counter() - started
        assert ours == naive, "both place every point in the same number of areas"
        started = time.perf_counter()
        picture = hotspots(system_access(store, "bench"), AS_OF)
        total_s = time.perf_counter() - started
        store.dispose()
    print(f"points placed: {len(points):,} ({ours:,} inside Rutland)")
    print(f"  naive (unprepared polygons, no memory): {naive_s:.2f}s")
    print(
        f"  Locator (prepared, repeated points remembered): {ours_s:.2f}s "
        f"({naive_s / max(ours_s, 1e-9):.1f}x faster)"
    )
    print(
        f"hotspots end to end ({args.reports:,} reports, {args.reads:,} reads, 5,161 crimes, "
        f"LSOAs and wards): {total_s:.2f}s; top: {picture.lsoas[0].name}"
    )


if __name__ == "__main__":
    main()
