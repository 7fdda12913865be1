"""The force-scale network: deterministic, staffed as the scale says, linked as its truth says."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.scenario import (
    ForceNetwork,
    generate_force_network,
    read_force_network,
    scale_config,
    write_force_network,
)
from linewatch.scenario.force_network import EDGE_KINDS, NODE_KINDS
from linewatch.scenario.world import ARCHETYPES


@pytest.fixture(scope="module")
def net() -> ForceNetwork:
    return generate_force_network(6_000, seed=5)


def pair_keys(net: ForceNetwork, kind: str) -> np.ndarray:
    edges = net.edges[net.edge_kinds == EDGE_KINDS.index(kind)]
    return np.sort(edges.min(axis=1) * net.nodes + edges.max(axis=1))


def linked(net: ForceNetwork, kind: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether each (a[i], b[i]) is a link of ``kind``."""
    keys = np.minimum(a, b) * net.nodes + np.maximum(a, b)
    return np.isin(keys, pair_keys(net, kind))


def phones_of(net: ForceNetwork, people: np.ndarray, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(row in ``people``, phone) for every phone of ``kind`` each person uses."""
    uses = net.edges[net.edge_kinds == EDGE_KINDS.index("uses_phone")]
    uses = uses[net.kinds[uses[:, 1]] == NODE_KINDS.index(kind)]
    row, col = np.nonzero(people[:, None] == uses[None, :, 0])
    return row, uses[col, 1]


def test_same_seed_same_network_and_other_seed_another() -> None:
    first = generate_force_network(1_500, seed=9)
    again = generate_force_network(1_500, seed=9)
    other = generate_force_network(1_500, seed=10)
    for name in ("kinds", "node_area", "edges", "edge_kinds", "weights"):
        assert np.array_equal(getattr(first, name), getattr(again, name))
    assert np.array_equal(first.truth.node, again.truth.node)
    assert first.edges.shape != other.edges.shape or not np.array_equal(first.edges, other.edges)


def test_counts_scale_with_people(net: ForceNetwork) -> None:
    small = generate_force_network(1_500, seed=5)
    assert small.truth.lines == 1_500 // 200 and net.truth.lines == 6_000 // 200
    assert net.counts()["nodes.person"] == 6_000
    assert 3.2 < net.nodes / small.nodes < 4.8
    assert 3.2 < len(net.edges) / len(small.edges) < 4.8
    # Links per person stay near six: about a million links for 200,000 people.
    assert 4.5 < len(net.edges) / net.people < 7.5


def test_lines_are_staffed_as_the_large_scale_staffs_them(net: ForceNetwork) -> None:
    truth, lines = net.truth, np.arange(net.truth.lines)
    for role in ("holder", "controller", "storekeeper"):
        line, _ = truth.of_role(role)
        assert np.array_equal(np.sort(line), lines)
    runner_line, runners = truth.of_role("runner")
    per_line = np.bincount(runner_line, minlength=truth.lines)
    assert per_line.min() >= 2 and per_line.max() <= 6
    low, high = scale_config("large").customers_per_line
    customers = np.bincount(truth.of_role("customer")[0], minlength=truth.lines)
    # Distinct customers: a shared customer drawn twice for one line counts once.
    assert customers.max() <= high and customers.min() >= low - 4
    assert np.array_equal(truth.archetype, lines % len(ARCHETYPES))
    deal = np.bincount(truth.deal_phone_line, minlength=truth.lines)
    assert np.array_equal(deal == 2, truth.archetype == ARCHETYPES.index("handover"))
    assert set(np.bincount(truth.cuckooed_line, minlength=truth.lines)) <= {1, 2}
    # Lines share customers, several lines work one area, and brokers work two lines.
    _, customer = truth.of_role("customer")
    assert (np.bincount(customer) >= 2).any()
    assert np.bincount(truth.base).max() >= 2
    assert len(truth.brokers) >= 1
    assert all((runners == b).sum() + (truth.node == b).sum() >= 2 for b in truth.brokers)
    # Nobody else holds two staff roles: staff are drawn without replacement.
    staff = truth.node[truth.role <= 3]
    people, times = np.unique(staff, return_counts=True)
    assert set(people[times > 1].tolist()) == set(truth.brokers.tolist())


def test_contact_degrees_are_heavy_tailed(net: ForceNetwork) -> None:
    contacts = net.edges[net.edge_kinds == EDGE_KINDS.index("contacts")]
    degree = np.bincount(contacts.ravel(), minlength=net.nodes)
    phones = degree[net.kinds == NODE_KINDS.index("phone")]
    assert phones.max() >= 10 * np.median(phones)
    # A Poisson degree has variance equal to its mean; call data is far more spread.
    assert phones.var() > 5 * phones.mean()


def test_truth_agrees_with_the_links(net: ForceNetwork) -> None:
    truth = net.truth
    deal_of: dict[int, list[int]] = {line: [] for line in range(truth.lines)}
    for phone, line in zip(truth.deal_phone, truth.deal_phone_line, strict=True):
        deal_of[int(line)].append(int(phone))
    first_deal = np.array([deal_of[k][0] for k in range(truth.lines)])
    for role in ("holder", "runner"):
        line, people = truth.of_role(role)
        row, phone = phones_of(net, people, "staff_phone")
        assert np.array_equal(np.unique(row), np.arange(len(people)))
        assert linked(net, "contacts", phone, first_deal[line[row]]).all()
    line, customers = truth.of_role("customer")
    row, phone = phones_of(net, customers, "phone")
    talks = linked(net, "contacts", phone, first_deal[line[row]])
    assert np.array_equal(np.unique(row[talks]), np.arange(len(customers)))
    victim_line, victims = truth.of_role("cuckoo_victim")
    assert np.array_equal(victim_line, truth.cuckooed_line)
    assert linked(net, "lives_at", victims, truth.cuckooed).all()
    assert (net.kinds[truth.cuckooed] == NODE_KINDS.index("address")).all()
    assert (net.kinds[truth.deal_phone] == NODE_KINDS.index("deal_phone")).all()
    assert (net.kinds[truth.node] == NODE_KINDS.index("person")).all()
    holder_line, holders = truth.of_role("holder")
    assert np.array_equal(net.node_area[holders], truth.hub[holder_line])
    store_line, stores = truth.of_role("storekeeper")
    assert np.array_equal(net.node_area[stores], truth.base[store_line])


def test_marked_synthetic_and_parquet_round_trip(net: ForceNetwork, tmp_path: Path) -> None:
    assert net.is_synthetic
    manifest = json.loads(write_force_network(net, tmp_path).read_text("utf-8"))
    assert manifest["is_synthetic"] is True
    assert manifest["seed"] == 5 and manifest["counts"]["links"] == len(net.edges)
    back = read_force_network(tmp_path)
    assert back.is_synthetic and back.seed == 5 and back.areas == net.areas
    for name in ("kinds", "node_area", "edges", "edge_kinds", "weights"):
        assert np.array_equal(getattr(back, name), getattr(net, name)), name
    for name in ("line", "node", "role", "archetype", "hub", "base", "deal_phone", "cuckooed"):
        assert np.array_equal(getattr(back.truth, name), getattr(net.truth, name)), name
    assert np.array_equal(back.truth.brokers, net.truth.brokers)
    assert back.counts() == net.counts()


def test_cli_writes_a_force_network(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["scenario", "force-network", "--out", str(tmp_path), "--people", "800"]
    )
    assert result.exit_code == 0, result.output
    back = read_force_network(tmp_path)
    assert back.people == 800 and back.truth.lines == 4 and back.is_synthetic
