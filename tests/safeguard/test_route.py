"""Routing a shift: where addresses are, road-ish distances, nearest neighbour and 2-opt."""

from __future__ import annotations

import random
from itertools import permutations

import pytest

from linewatch import geo
from linewatch.safeguard.route import (
    Point,
    nearest_neighbour,
    place_of,
    plan_route,
    road_km,
    settlements,
    tour_km,
    two_opt,
)

OAKHAM = Point(52.6703, -0.7277)


def test_every_rutland_settlement_lies_in_rutland() -> None:
    rutland = geo.named_area("Rutland")
    outside = {"stamford", "melton mowbray", "corby"}
    inside = [n for n, p in settlements().items() if rutland.contains(p.latitude, p.longitude)]
    assert set(settlements()) - set(inside) == outside


def test_an_address_is_placed_by_its_town_or_village() -> None:
    point, name = place_of("12 Willow Crescent, Oakham, LE15 6EQ") or (None, "")
    assert name == "Oakham" and point == settlements()["oakham"]
    assert place_of("Flat 2, 40 Oak Road", town="Ketton") == (settlements()["ketton"], "Ketton")
    assert place_of("1 Nowhere Street, Atlantis") is None


def test_road_distance_is_longer_than_the_crow_flies() -> None:
    uppingham = settlements()["uppingham"]
    # Oakham to Uppingham is about 9 km as the crow flies and about 11 km by the A6003.
    assert 10.5 < road_km(OAKHAM, uppingham) < 12.5
    assert road_km(OAKHAM, OAKHAM) == 0


def test_two_opt_undoes_a_crossing() -> None:
    square = [Point(52.60, -0.70), Point(52.60, -0.60), Point(52.70, -0.70), Point(52.70, -0.60)]
    base = Point(52.65, -0.75)
    crossed = [0, 3, 1, 2]
    fixed = two_opt(base, square, crossed)
    assert tour_km(base, square, fixed) < tour_km(base, square, crossed)


def test_the_plan_is_optimal_on_small_shifts_and_no_worse_than_nearest_neighbour() -> None:
    rng = random.Random(5)
    names = sorted(settlements())
    for _ in range(20):
        stops = [settlements()[n] for n in rng.sample(names, 6)]
        plan = plan_route(OAKHAM, stops)
        assert sorted(plan) == list(range(6))
        best = min(tour_km(OAKHAM, stops, p) for p in permutations(range(6)))
        length = tour_km(OAKHAM, stops, plan)
        assert length <= tour_km(OAKHAM, stops, nearest_neighbour(OAKHAM, stops)) + 1e-9
        assert length == pytest.approx(best, rel=0.05)
