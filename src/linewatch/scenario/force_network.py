"""A force-scale picture of the kind the scenario models, as arrays, with its ground truth.

``generate`` writes a year of call records for a few Rutland sub-worlds; a force's picture is
far bigger (hundreds of thousands of people and over a million links), and making it from call
records would take a hundred million rows. ``generate_force_network`` draws the picture itself:
synthetic people in households (addresses), their phones and vehicles, who rings whom and how
often (a heavy-tailed contact graph), and deal lines staffed as the scenario staffs them (see
``force_network_lines``), with the cuckooed flats, staff phones, deal numbers and couriers.
The same ``people`` and ``seed`` always give the same arrays. Node ids are 0..nodes-1, in
blocks by kind; ``truth`` says which node holds which role in which line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linewatch.scenario.config import np_rng, scale_config
from linewatch.scenario.force_network_lines import LinePlan, plan_lines
from linewatch.scenario.force_network_links import Blocks, drives, line_contacts, stays
from linewatch.scenario.force_network_people import Population, ordinary_contacts, populate

NODE_KINDS = ("person", "phone", "staff_phone", "deal_phone", "address", "vehicle")
EDGE_KINDS = ("contacts", "uses_phone", "lives_at", "stays_at", "drives")
ROLES = ("holder", "controller", "storekeeper", "runner", "customer", "cuckoo_victim")
PEOPLE_PER_LINE = 200
CONTACT_DEGREE = 6.5


@dataclass(frozen=True)
class ForceTruth:
    """Who is who: one row per (line, node, role); nodes are people, except the deal
    phones and cuckooed addresses below."""

    line: np.ndarray
    node: np.ndarray
    role: np.ndarray  # index into ROLES
    archetype: np.ndarray  # (lines,) index into world.ARCHETYPES
    hub: np.ndarray  # (lines,) index into areas
    base: np.ndarray  # (lines,) index into areas
    deal_phone: np.ndarray  # node ids of deal numbers
    deal_phone_line: np.ndarray
    cuckooed: np.ndarray  # node ids of cuckooed addresses
    cuckooed_line: np.ndarray
    brokers: np.ndarray  # people in more than one line

    @property
    def lines(self) -> int:
        return len(self.archetype)

    def of_role(self, role: str) -> tuple[np.ndarray, np.ndarray]:
        """(lines, nodes) of everyone in ``role``."""
        rows = self.role == ROLES.index(role)
        return self.line[rows], self.node[rows]


@dataclass(frozen=True)
class ForceNetwork:
    seed: int
    people: int
    areas: tuple[str, ...]
    kinds: np.ndarray  # (nodes,) index into NODE_KINDS
    node_area: np.ndarray  # (nodes,) index into areas; -1 for vehicles and deal phones
    edges: np.ndarray  # (links, 2) node ids; one row per distinct pair and kind
    edge_kinds: np.ndarray  # (links,) index into EDGE_KINDS
    weights: np.ndarray  # (links,) calls and texts over the year for contacts, else 1
    truth: ForceTruth
    is_synthetic: bool = True

    @property
    def nodes(self) -> int:
        return len(self.kinds)

    def node_ids(self) -> np.ndarray:
        return np.arange(self.nodes, dtype=np.int64)

    def labels(self) -> list[str]:
        """``kind/id`` for every node, e.g. ``deal_phone/201457``."""
        names = np.array(NODE_KINDS)[self.kinds]
        labels: list[str] = np.char.add(
            np.char.add(names, "/"), self.node_ids().astype(str)
        ).tolist()
        return labels

    def counts(self) -> dict[str, int]:
        truth = self.truth
        found = _tally("nodes", self.kinds, NODE_KINDS)
        found |= _tally("links", self.edge_kinds, EDGE_KINDS)
        found |= _tally("roles", truth.role, ROLES)
        found |= {
            "nodes": self.nodes,
            "links": len(self.edges),
            "lines": truth.lines,
            "cuckooed_addresses": len(truth.cuckooed),
            "brokers": len(truth.brokers),
        }
        return found


def generate_force_network(
    people: int = 200_000,
    seed: int = 2026,
    *,
    people_per_line: int = PEOPLE_PER_LINE,
    contact_degree: float = CONTACT_DEGREE,
    scale: str = "large",
) -> ForceNetwork:
    """A synthetic force-scale picture of ``people`` people and one deal line per
    ``people_per_line``, staffed with ``scale``'s numbers; ``contact_degree`` is the mean
    number of ordinary contacts each phone is drawn with (before repeats merge)."""
    if people < 50:
        raise ValueError("a force network needs at least 50 people")
    settings = scale_config(scale)
    pop = populate(np_rng(seed, "force", "people"), people)
    lines = max(1, people // people_per_line)
    plan = plan_lines(np_rng(seed, "force", "lines"), pop, settings, lines)
    rng = np_rng(seed, "force", "links")
    b = Blocks(pop, plan)
    links: list[tuple[int, np.ndarray, np.ndarray]] = []

    def add(kind: str, pairs: np.ndarray, weight: np.ndarray | None = None) -> None:
        ones = np.ones(len(pairs), dtype=np.int64)
        links.append((EDGE_KINDS.index(kind), pairs, ones if weight is None else weight))

    pairs, calls = ordinary_contacts(rng, pop, contact_degree)
    add("contacts", pairs + b.phone, calls)
    add("contacts", *line_contacts(rng, pop, plan, b, settings))
    personal = b.phone + np.arange(len(pop.phone_owner))
    add("uses_phone", np.column_stack([pop.phone_owner, personal]))
    add("uses_phone", np.column_stack([b.staff, b.staff_phone_of(b.staff)]))
    add("lives_at", np.column_stack([np.arange(people), b.address + pop.household]))
    add("stays_at", stays(plan, b, pop))
    add("drives", drives(rng, pop, plan, b))

    kinds = np.repeat(np.arange(len(NODE_KINDS), dtype=np.int8), b.sizes)
    node_area = np.full(len(kinds), -1, dtype=np.int16)
    node_area[:people] = pop.person_area
    node_area[b.phone : b.staff_phone] = pop.person_area[pop.phone_owner]
    node_area[b.staff_phone : b.deal_phone] = pop.person_area[b.staff]
    node_area[b.address : b.vehicle] = pop.household_area
    edges, edge_kinds, weights = _distinct(links, len(kinds))
    truth = _truth(plan, b, pop)
    return ForceNetwork(
        seed, people, pop.areas, kinds, node_area, edges, edge_kinds, weights, truth
    )


def _distinct(
    links: list[tuple[int, np.ndarray, np.ndarray]], nodes: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One row per (kind, pair), lower id first, weights of repeats summed; sorted by kind."""
    kind = np.concatenate([np.full(len(p), k, dtype=np.int64) for k, p, _ in links])
    pairs = np.sort(np.concatenate([p for _, p, _ in links]).astype(np.int64), axis=1)
    weight = np.concatenate([w for _, _, w in links])
    keys, inverse = np.unique(
        (kind * nodes + pairs[:, 0]) * nodes + pairs[:, 1], return_inverse=True
    )
    summed = np.bincount(inverse.ravel(), weights=weight, minlength=len(keys)).astype(np.int64)
    rest, high = np.divmod(keys, nodes)
    kinds, low = np.divmod(rest, nodes)
    return np.column_stack([low, high]), kinds.astype(np.int8), summed


def _truth(plan: LinePlan, b: Blocks, pop: Population) -> ForceTruth:
    lines = np.arange(plan.lines)
    parts = [
        (lines, plan.holder),
        (lines, plan.controller),
        (lines, plan.storekeeper),
        (plan.runner_line, plan.runner),
        (plan.customer_line, plan.customer),
        (plan.cuckoo_line, plan.tenant),
    ]
    return ForceTruth(
        line=np.concatenate([line for line, _ in parts]).astype(np.int64),
        node=np.concatenate([node for _, node in parts]).astype(np.int64),
        role=np.repeat(np.arange(len(ROLES), dtype=np.int8), [len(n) for _, n in parts]),
        archetype=plan.archetype,
        hub=plan.hub,
        base=plan.base,
        deal_phone=b.deal_phone + np.arange(len(b.deal_line)),
        deal_phone_line=b.deal_line,
        cuckooed=b.address + pop.household[plan.tenant],
        cuckooed_line=plan.cuckoo_line,
        brokers=plan.brokers,
    )


def _tally(prefix: str, codes: np.ndarray, names: tuple[str, ...]) -> dict[str, int]:
    counted = np.bincount(codes.astype(np.int64), minlength=len(names))
    return {f"{prefix}.{name}": int(counted[k]) for k, name in enumerate(names)}
