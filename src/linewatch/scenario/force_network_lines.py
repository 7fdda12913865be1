"""Deal lines in a force-scale picture, staffed as the scenario staffs them.

Each line has an archetype (the scenario's five, in turn), a hub city and a base area. As in
``world.WorldBuilder.line``: a holder and a controller from the hub, a storekeeper from the
base area, two or three runners (the third local more often than not) and one or two more
recruited after a warrant, a cuckooed flat in the base area (a second after a warrant on a
line that carries on), and ``customers_per_line`` customers, a tenth of them shared with
another line. A few people work for two lines (brokers). Staff are drawn without
replacement, so nobody holds two roles by accident; customers may buy from several lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linewatch.scenario.config import Scale
from linewatch.scenario.force_network_people import Population
from linewatch.scenario.world import ARCHETYPES

SHARED_CUSTOMERS = 0.1
LOCAL_THIRD_RUNNER = 0.6
SECOND_CUCKOOING = 0.85
LOCAL_CUSTOMERS = 0.5
# One line in a hundred shares a member with another line.
BROKERS_PER_LINE = 0.01
_WARRANT = np.array([a in {"handover", "closed", "recent"} for a in ARCHETYPES])
_CARRIES_ON = np.array([a in {"handover", "recent"} for a in ARCHETYPES])
_HANDOVER = ARCHETYPES.index("handover")


@dataclass
class LinePlan:
    archetype: np.ndarray  # (lines,) index into ARCHETYPES
    hub: np.ndarray  # (lines,) area index
    base: np.ndarray  # (lines,) area index
    holder: np.ndarray  # (lines,) person
    controller: np.ndarray
    storekeeper: np.ndarray
    runner_line: np.ndarray  # one row per (line, runner), brokers included
    runner: np.ndarray
    customer_line: np.ndarray  # one row per distinct (line, customer)
    customer: np.ndarray
    cuckoo_line: np.ndarray  # one row per cuckooing
    tenant: np.ndarray
    brokers: np.ndarray  # people who work for more than one line
    couriers: np.ndarray  # (lines,) courier vehicles, the first and those after seizures

    @property
    def lines(self) -> int:
        return len(self.archetype)

    def deal_numbers(self) -> np.ndarray:
        """Deal numbers each line used: two where the line was handed over to a new number."""
        return np.where(self.archetype == _HANDOVER, 2, 1)


def plan_lines(rng: np.random.Generator, pop: Population, scale: Scale, lines: int) -> LinePlan:
    taken = np.zeros(pop.people, dtype=bool)
    has_phone = np.zeros(pop.people, dtype=bool)
    has_phone[pop.phone_owner] = True
    is_local = pop.person_area >= pop.hubs
    sizes = np.bincount(pop.household, minlength=len(pop.household_area))
    single = sizes[pop.household] == 1

    archetype = np.arange(lines) % len(ARCHETYPES)
    hub = rng.integers(0, pop.hubs, size=lines)
    # The first cuckooed flat fixes the line's base: a vulnerable tenant who lives alone.
    lonely = np.flatnonzero(single & is_local & has_phone)
    first_tenant = rng.choice(lonely, size=lines, replace=len(lonely) < lines)
    taken[first_tenant] = True
    base = pop.person_area[first_tenant]
    again = np.flatnonzero(_CARRIES_ON[archetype] & (rng.random(lines) < SECOND_CUCKOOING))
    second_tenant = _pick(rng, single & is_local & has_phone, pop, base[again], taken)

    holder = _pick(rng, has_phone, pop, hub, taken)
    controller = _pick(rng, has_phone, pop, hub, taken)
    storekeeper = _pick(rng, has_phone, pop, base, taken)

    initial = rng.integers(2, 4, size=lines)
    recruits = np.where(
        _WARRANT[archetype],
        np.where(_CARRIES_ON[archetype], rng.integers(1, 3, size=lines), 1),
        0,
    )
    per_line = initial + recruits
    runner_line = np.repeat(np.arange(lines), per_line)
    slot = np.arange(len(runner_line)) - np.repeat(np.cumsum(per_line) - per_line, per_line)
    local = (slot == 2) & (rng.random(len(slot)) < LOCAL_THIRD_RUNNER)
    area = np.where(local, base[runner_line], hub[runner_line])
    runner = _pick(rng, has_phone, pop, area, taken)

    brokers, broker_line = _brokers(rng, lines, controller, runner_line, runner)
    runner_line = np.concatenate([runner_line, broker_line])
    runner = np.concatenate([runner, brokers])

    customer_line, customer = _customers(rng, pop, scale, base, taken, has_phone)
    return LinePlan(
        archetype,
        hub,
        base,
        holder,
        controller,
        storekeeper,
        runner_line,
        runner,
        customer_line,
        customer,
        np.concatenate([np.arange(lines), again]),
        np.concatenate([first_tenant, second_tenant]),
        np.unique(brokers),
        # Seized couriers are replaced: the scale's seizures a year, shared among its lines.
        1 + np.minimum(rng.poisson(scale.seizures_this_year / scale.lines_per_world, lines), 3),
    )


def _brokers(
    rng: np.random.Generator,
    lines: int,
    controller: np.ndarray,
    runner_line: np.ndarray,
    runner: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """People of one line who also run for another: a controller or a runner of line A
    taken on as a runner of line B."""
    if lines < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    count = max(1, round(lines * BROKERS_PER_LINE))
    home = rng.choice(lines, size=count, replace=False)
    other = (home + rng.integers(1, lines, size=count)) % lines
    runs = rng.integers(0, len(runner), size=count)
    # Half are the home line's controller, half one of its runners.
    own_runner = runner[np.searchsorted(runner_line, home) + runs % np.bincount(runner_line)[home]]
    person = np.where(rng.random(count) < 0.5, controller[home], own_runner)
    return person.astype(np.int64), other.astype(np.int64)


def _customers(
    rng: np.random.Generator,
    pop: Population,
    scale: Scale,
    base: np.ndarray,
    staff: np.ndarray,
    has_phone: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    lines = len(base)
    low, high = scale.customers_per_line
    count = rng.integers(low, high + 1, size=lines)
    line = np.repeat(np.arange(lines), count)
    eligible = has_phone & ~staff & (pop.person_area >= pop.hubs)
    local = rng.random(len(line)) < LOCAL_CUSTOMERS
    person = np.empty(len(line), dtype=np.int64)
    person[local] = _pick(rng, eligible, pop, base[line[local]], None)
    person[~local] = rng.choice(np.flatnonzero(eligible), size=int((~local).sum()))
    if lines > 1:
        # A tenth buy from another line too: they are copied from another line's customers.
        shared = np.flatnonzero(rng.random(len(line)) < SHARED_CUSTOMERS)
        source = rng.integers(0, len(line), size=len(shared))
        clash = line[source] == line[shared]
        source[clash] = (source[clash] + count[line[shared[clash]]]) % len(line)
        person[shared] = person[source]
    rows = np.unique(np.column_stack([line, person]), axis=0)
    return rows[:, 0], rows[:, 1]


def _pick(
    rng: np.random.Generator,
    eligible: np.ndarray,
    pop: Population,
    areas: np.ndarray,
    taken: np.ndarray | None,
) -> np.ndarray:
    """One eligible person from each requested area; with ``taken``, all distinct and not
    taken before (and marked taken). An area with no one left falls back to anyone."""
    pool = np.flatnonzero(eligible)
    pool_area = pop.person_area[pool]
    bounds = np.searchsorted(pool_area, np.arange(len(pop.areas) + 1))
    out = np.full(len(areas), -1, dtype=np.int64)
    todo = np.arange(len(areas))
    for _ in range(40):
        if len(todo) == 0:
            return out
        lo, hi = bounds[areas[todo]], bounds[areas[todo] + 1]
        empty = hi == lo
        lo, hi = np.where(empty, 0, lo), np.where(empty, len(pool), hi)
        drawn = pool[lo + (rng.random(len(todo)) * (hi - lo)).astype(np.int64)]
        if taken is None:
            out[todo] = drawn
            return out
        _, first = np.unique(drawn, return_index=True)
        ok = np.zeros(len(todo), dtype=bool)
        ok[first] = True
        ok &= ~taken[drawn]
        out[todo[ok]] = drawn[ok]
        taken[drawn[ok]] = True
        todo = todo[~ok]
    if len(todo):
        free = np.flatnonzero(eligible & ~taken) if taken is not None else pool
        chosen = rng.choice(free, size=len(todo), replace=False)
        out[todo] = chosen
        if taken is not None:
            taken[chosen] = True
    return out
