"""Bail conditions as geofences: the vectorised test agrees with the one-by-one shapely test."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from linewatch import geo
from linewatch.enforce.geofence import (
    ADDRESS,
    AREA,
    CURFEW,
    Fence,
    breaks,
    fence_hits,
    fence_hits_loop,
)

OAKHAM = (52.6703, -0.7277)
T0 = datetime(2026, 1, 10, tzinfo=UTC).timestamp()
DAY = 86_400.0


def _fences() -> list[Fence]:
    rutland = geo.named_area("Rutland").geometry
    return [
        Fence(0, AREA, T0, T0 + 30 * DAY, area=rutland),
        Fence(1, ADDRESS, T0, float("inf"), latitude=OAKHAM[0], longitude=OAKHAM[1], radius_m=500),
        Fence(
            2,
            CURFEW,
            T0,
            T0 + 60 * DAY,
            latitude=OAKHAM[0],
            longitude=OAKHAM[1],
            radius_m=200,
            curfew_from=21,
            curfew_to=6,
        ),
        Fence(1, AREA, T0 + 5 * DAY, T0 + 10 * DAY, area=rutland),
    ]


def test_each_kind_of_condition() -> None:
    area, address, curfew, _ = _fences()
    inside, outside = (52.62, -0.60), (52.6369, -1.1398)
    assert breaks(area, 0, *inside, T0 + DAY)
    assert not breaks(area, 0, *outside, T0 + DAY)
    assert not breaks(area, 0, *inside, T0 + 31 * DAY)  # bail ended
    assert not breaks(area, 1, *inside, T0 + DAY)  # someone else
    assert breaks(address, 1, OAKHAM[0] + 0.003, OAKHAM[1], T0 + DAY)  # about 330 m
    assert not breaks(address, 1, OAKHAM[0] + 0.006, OAKHAM[1], T0 + DAY)  # about 670 m
    night, noon = T0 + DAY + 23 * 3600, T0 + DAY + 12 * 3600
    assert breaks(curfew, 2, *outside, night)
    assert not breaks(curfew, 2, *outside, noon)
    assert not breaks(curfew, 2, *OAKHAM, night)  # at home


def test_the_vectorised_test_agrees_with_the_loop() -> None:
    rng = np.random.default_rng(3)
    n = 3_000
    person = rng.integers(0, 5, n)
    latitude = rng.uniform(52.45, 52.85, n)
    longitude = rng.uniform(-1.2, -0.4, n)
    seconds = T0 - 5 * DAY + rng.uniform(0, 80 * DAY, n)
    # A cluster round Oakham, so the address and curfew fences are tested near their edges.
    latitude[:300] = OAKHAM[0] + rng.normal(0, 0.004, 300)
    longitude[:300] = OAKHAM[1] + rng.normal(0, 0.006, 300)
    fences = _fences()
    reads, which = fence_hits(fences, person, latitude, longitude, seconds)
    got = set(zip(reads.tolist(), which.tolist(), strict=True))
    want = fence_hits_loop(
        fences, person.tolist(), latitude.tolist(), longitude.tolist(), seconds.tolist()
    )
    assert got == want
    assert {f for _r, f in want} == {0, 1, 2, 3}
