"""Everyone in a force-scale picture: areas, households, personal phones, vehicles, and who
rings whom, all drawn as numpy arrays (no Python loop per person or link).

Contacts follow a Chung-Lu model: every phone has a weight from a Pareto distribution and
each call pair picks its ends in proportion to weight, so a few phones (taxi firms, busy
people) have hundreds of contacts and most have a handful, as real call data does. Most
pairs stay inside one area, as the scenario's social graph keeps 70% of contacts local.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linewatch.scenario import places

# About 2,000 residents a neighbourhood, and the hubs' share of the people the force knows.
PEOPLE_PER_AREA = 2_000
HUB_SHARE = 0.08
HOUSEHOLD_SIZES = np.array([1, 2, 3, 4, 5])
HOUSEHOLD_SHARES = np.array([0.30, 0.34, 0.16, 0.14, 0.06])
# People with no phone, one, or two (a work mobile, or a mobile and a landline).
PHONES_EACH = np.array([0.08, 0.85, 0.07])
LANDLINE_SHARE = 0.2
DRIVER_SHARE = 0.3
SHARED_CAR_SHARE = 0.15
LOCAL_CONTACTS = 0.7
# Pareto shape of contact weights: below 3 the degree variance grows with the graph.
CONTACT_SHAPE = 2.1


@dataclass
class Population:
    areas: tuple[str, ...]  # hubs first, then the force's neighbourhoods
    hubs: int  # areas[:hubs] are the hub cities
    person_area: np.ndarray  # (people,) area of each person, ascending
    household: np.ndarray  # (people,) household (address) of each person
    household_area: np.ndarray  # (households,)
    phone_owner: np.ndarray  # (phones,) person using each personal phone, ascending
    phone_landline: np.ndarray  # (phones,) bool
    vehicle_drivers: np.ndarray  # (links, 2) vehicle index, person
    vehicles: int

    @property
    def people(self) -> int:
        return len(self.person_area)

    def area_bounds(self) -> np.ndarray:
        """People of area a are person_area indices area_bounds[a]:area_bounds[a + 1]."""
        return np.searchsorted(self.person_area, np.arange(len(self.areas) + 1))


def populate(rng: np.random.Generator, people: int) -> Population:
    hub_names = tuple(h.name for h in places.HUBS)
    local = max(1, round(people * (1 - HUB_SHARE) / PEOPLE_PER_AREA))
    areas = hub_names + tuple(f"area-{k + 1:03d}" for k in range(local))
    weights = np.concatenate(
        [
            np.full(len(hub_names), HUB_SHARE / len(hub_names)),
            (1 - HUB_SHARE) * _normalised(rng.lognormal(0.0, 0.4, local)),
        ]
    )
    sizes = rng.multinomial(people, weights)
    person_area = np.repeat(np.arange(len(areas), dtype=np.int32), sizes)
    household = _households(rng, person_area)
    household_area = person_area[np.searchsorted(household, np.arange(household[-1] + 1))]

    count = rng.choice(3, size=people, p=PHONES_EACH)
    phone_owner = np.repeat(np.arange(people, dtype=np.int64), count)
    phone_landline = rng.random(len(phone_owner)) < LANDLINE_SHARE

    drivers = np.flatnonzero(rng.random(people) < DRIVER_SHARE)
    vehicle = np.arange(len(drivers), dtype=np.int64)
    # A household member also drives some cars: the next person, if they share a home.
    partner = np.minimum(drivers + 1, people - 1)
    shared = (
        (partner != drivers)
        & (household[partner] == household[drivers])
        & (rng.random(len(drivers)) < SHARED_CAR_SHARE)
    )
    vehicle_drivers = np.concatenate(
        [np.column_stack([vehicle, drivers]), np.column_stack([vehicle[shared], partner[shared]])]
    )
    return Population(
        areas,
        len(hub_names),
        person_area,
        household,
        household_area,
        phone_owner,
        phone_landline,
        vehicle_drivers,
        len(drivers),
    )


def _households(rng: np.random.Generator, person_area: np.ndarray) -> np.ndarray:
    """Consecutive people share a home, in households of UK-like sizes within one area."""
    people = len(person_area)
    sizes = rng.choice(HOUSEHOLD_SIZES, size=people // 2 + 1, p=HOUSEHOLD_SHARES)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    starts = starts[starts < people]
    area_starts = np.flatnonzero(np.diff(person_area)) + 1
    marker = np.zeros(people, dtype=np.int64)
    marker[starts] = 1
    marker[area_starts] = 1
    return np.cumsum(marker) - 1


def ordinary_contacts(
    rng: np.random.Generator, pop: Population, mean_degree: float
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct phone pairs (personal phone indices, low first) and their call counts."""
    phones = len(pop.phone_owner)
    if phones < 2:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64)
    weight = rng.pareto(CONTACT_SHAPE, phones) + 1.0
    weight[pop.phone_landline] *= 0.5
    cumulative = np.cumsum(weight)
    total = cumulative[-1]
    draws = round(phones * mean_degree / 2)
    first = np.searchsorted(cumulative, rng.random(draws) * total, side="right")
    # Phones are in owner order and owners in area order, so each area's phones are a run.
    phone_area = pop.person_area[pop.phone_owner]
    bounds = np.searchsorted(phone_area, np.arange(len(pop.areas) + 1))
    area = phone_area[first]
    low = np.where(bounds[area] > 0, cumulative[bounds[area] - 1], 0.0)
    high = cumulative[bounds[area + 1] - 1]
    local = rng.random(draws) < LOCAL_CONTACTS
    target = np.where(local, low + rng.random(draws) * (high - low), rng.random(draws) * total)
    second = np.searchsorted(cumulative, target, side="right")
    first, second = np.minimum(first, phones - 1), np.minimum(second, phones - 1)
    keep = first != second
    pairs = np.sort(np.column_stack([first[keep], second[keep]]), axis=1)
    # A pair drawn twice is one contact that talks more: calls add up.
    calls = rng.geometric(0.08, len(pairs))
    return merge_pairs(pairs, calls)


def merge_pairs(pairs: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One row per distinct (low, high) pair, with the counts summed."""
    if len(pairs) == 0:
        return pairs.reshape(0, 2).astype(np.int64), counts.astype(np.int64)
    pairs = np.sort(pairs.astype(np.int64), axis=1)
    # One int64 key per pair: np.unique on a 1-d array is far faster than on rows.
    size = int(pairs.max()) + 1
    keys, inverse = np.unique(pairs[:, 0] * size + pairs[:, 1], return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=counts, minlength=len(keys))
    unique = np.column_stack([keys // size, keys % size])
    return unique, summed.astype(np.int64)


def _normalised(values: np.ndarray) -> np.ndarray:
    return np.asarray(values / values.sum())
