"""How a population and its line plan become numbered nodes and links.

Node ids come in blocks: people, personal phones, staff phones (one per staff member,
brokers included once), deal phones, addresses (one per household), vehicles (everyone's
cars, then a car each for holders and controllers, then each line's couriers). A line's
phones talk as ``traffic.Traffic`` makes them talk: customers ring the deal number, runners
and the holder are called by it, the controller rings the holder and runners, and the
storekeeper the runners; call counts are Poisson at the scenario's daily rates.
"""

from __future__ import annotations

import numpy as np

from linewatch.scenario.config import Scale
from linewatch.scenario.force_network_lines import LinePlan
from linewatch.scenario.force_network_people import Population, merge_pairs

# Calls and texts a day between a line's phones, and the longest stretch a link lasts.
RUNNER_CALLS, HOLDER_CALLS, CONTROLLER_CALLS, STORE_CALLS = 4.5, 1.3, 1.0, 0.4
CONTROLLER_TO_RUNNER = 0.5
DAYS = 365
SECOND_NUMBER_KEPT = 0.7
SECOND_COURIER_DRIVER = 0.5


class Blocks:
    def __init__(self, pop: Population, plan: LinePlan) -> None:
        self.staff = np.unique(
            np.concatenate([plan.holder, plan.controller, plan.storekeeper, plan.runner])
        )
        numbers = plan.deal_numbers()
        self.deal_line = np.repeat(np.arange(plan.lines), numbers)
        self.sizes = (
            pop.people,
            len(pop.phone_owner),
            len(self.staff),
            len(self.deal_line),
            len(pop.household_area),
            pop.vehicles + 2 * plan.lines + int(plan.couriers.sum()),
        )
        starts = [int(s) for s in np.cumsum(self.sizes)]
        self.phone, self.staff_phone, self.deal_phone, self.address, self.vehicle = starts[:5]
        self.first_deal = self.deal_phone + np.searchsorted(self.deal_line, np.arange(plan.lines))
        self.second_deal = np.where(numbers == 2, self.first_deal + 1, -1)

    def staff_phone_of(self, people: np.ndarray) -> np.ndarray:
        return self.staff_phone + np.searchsorted(self.staff, people)


def line_contacts(
    rng: np.random.Generator, pop: Population, plan: LinePlan, b: Blocks, scale: Scale
) -> tuple[np.ndarray, np.ndarray]:
    """Phone pairs (node ids) around the lines, with their calls over the year."""
    pairs: list[np.ndarray] = []
    calls: list[np.ndarray] = []

    def talk(a: np.ndarray, other: np.ndarray, rate: np.ndarray | float) -> None:
        days = rng.integers(30, DAYS + 1, size=len(a))
        keep = other >= 0
        pairs.append(np.column_stack([a, other])[keep])
        calls.append((rng.poisson(rate * days) + 1)[keep])

    def to_deal(line: np.ndarray, phone: np.ndarray, rate: np.ndarray | float) -> None:
        talk(phone, b.first_deal[line], rate)
        # After a handover most keep ringing the new number.
        kept = rng.random(len(line)) < SECOND_NUMBER_KEPT
        talk(phone, np.where(kept, b.second_deal[line], -1), rate)

    first_phone = b.phone + np.searchsorted(pop.phone_owner, plan.customer)
    low, high = scale.customer_rate
    to_deal(plan.customer_line, first_phone, rng.uniform(low, high, len(plan.customer)))
    runner_phone = b.staff_phone_of(plan.runner)
    to_deal(plan.runner_line, runner_phone, RUNNER_CALLS)
    lines = np.arange(plan.lines)
    holder_phone = b.staff_phone_of(plan.holder)
    to_deal(lines, holder_phone, HOLDER_CALLS)
    talk(b.staff_phone_of(plan.controller), holder_phone, CONTROLLER_CALLS)
    controller_phone = b.staff_phone_of(plan.controller)[plan.runner_line]
    talk(controller_phone, runner_phone, CONTROLLER_TO_RUNNER)
    talk(b.staff_phone_of(plan.storekeeper)[plan.runner_line], runner_phone, STORE_CALLS)
    return merge_pairs(np.concatenate(pairs), np.concatenate(calls))


def drives(rng: np.random.Generator, pop: Population, plan: LinePlan, b: Blocks) -> np.ndarray:
    """(person, vehicle) pairs: everyone's cars, the staff's own cars, the couriers."""
    ordinary = np.column_stack([pop.vehicle_drivers[:, 1], b.vehicle + pop.vehicle_drivers[:, 0]])
    own = b.vehicle + pop.vehicles + np.arange(2 * plan.lines)
    staff = np.column_stack([np.column_stack([plan.holder, plan.controller]).ravel(), own])
    courier_line = np.repeat(np.arange(plan.lines), plan.couriers)
    courier = b.vehicle + pop.vehicles + 2 * plan.lines + np.arange(len(courier_line))
    # Each courier is driven by one of its line's runners, some by a second as well.
    order = np.argsort(plan.runner_line, kind="stable")
    start = np.searchsorted(plan.runner_line[order], np.arange(plan.lines))
    count = np.bincount(plan.runner_line, minlength=plan.lines)
    rows = []
    for chance in (1.0, SECOND_COURIER_DRIVER):
        pick = start[courier_line] + (rng.random(len(courier)) * count[courier_line]).astype(int)
        driver = plan.runner[order[pick]]
        keep = rng.random(len(courier)) < chance
        rows.append(np.column_stack([driver, courier])[keep])
    return np.concatenate([ordinary, staff, *rows]).astype(np.int64)


def stays(plan: LinePlan, b: Blocks, pop: Population) -> np.ndarray:
    """(runner, cuckooed address) pairs: every runner of a line stays at its cuckooed flats."""
    cuckooed = b.address + pop.household[plan.tenant]
    order = np.argsort(plan.cuckoo_line, kind="stable")
    by_line = plan.cuckoo_line[order]
    lo = np.searchsorted(by_line, plan.runner_line)
    hi = np.searchsorted(by_line, plan.runner_line, side="right")
    per = hi - lo
    runner_row = np.repeat(np.arange(len(plan.runner)), per)
    offset = np.arange(len(runner_row)) - np.repeat(np.cumsum(per) - per, per)
    flat = cuckooed[order[np.repeat(lo, per) + offset]]
    return np.column_stack([plan.runner[runner_row], flat]).astype(np.int64)
