from __future__ import annotations

import pytest
import rustworkx as rx

from linewatch.network import BETWEENNESS, DEGREE, simulate, successors
from network.caviar import aggregate, phase


def test_removing_the_brokers_breaks_caviar_apart() -> None:
    caviar = aggregate()

    by_betweenness = simulate(caviar.graph, BETWEENNESS, removals=5)
    by_degree = simulate(caviar.graph, DEGREE, removals=5)

    assert by_betweenness.removed == ["1", "3", "12", "76", "87"]
    assert by_degree.removed == ["1", "12", "3", "87", "76"]
    shares = [share for _, share in by_betweenness.points()]
    assert shares[0] == 1.0 and shares == sorted(shares, reverse=True)
    assert shares[-1] < 0.5
    assert len(caviar) == 110  # the simulation works on a copy


def test_centrality_is_recomputed_after_each_removal() -> None:
    caviar = aggregate()

    adaptive = simulate(caviar.graph, BETWEENNESS, removals=2)
    raid = simulate(caviar.graph, BETWEENNESS, removals=3, block=3)

    # n12 is second by betweenness in the whole network, but once n1 is gone n3 holds more
    # of it together; a raid of three chooses all three on the picture before it.
    assert adaptive.removed == ["1", "3"]
    assert raid.removed == ["1", "12", "87"]


def test_an_analysts_list_and_a_raid_in_blocks() -> None:
    caviar = aggregate()

    own = simulate(caviar.graph, ["1", "3"])
    raid = simulate(caviar.graph, BETWEENNESS, removals=6, block=3)

    assert own.strategy == "analyst's list" and own.removed == ["1", "3"]
    assert [len(step.removed) for step in raid.steps] == [3, 3]
    assert [taken for taken, _ in raid.points()] == [0, 3, 6]
    assert raid.steps[-1].largest == 39


def test_disruption_on_every_caviar_phase_shrinks_the_network() -> None:
    for number in range(1, 12):
        network = phase(number)
        curve = simulate(network.graph, DEGREE, removals=2)
        assert curve.steps[-1].largest < curve.start


def test_n3_is_the_likely_successor_to_n1() -> None:
    # In phase 9 of CAVIAR n3 did lead the network: the simulation names him from the aggregate.
    caviar = aggregate()

    likely = successors(caviar.graph, "1")

    assert likely[0].label == "3"
    assert likely[0].reasons[-1] == "in direct contact with 1"
    assert "already linked to 24 of 1's 60 contacts" in likely[0].reasons


def test_unknown_people_and_strategies_are_refused() -> None:
    caviar = aggregate()

    with pytest.raises(ValueError, match="not in the network: 999"):
        simulate(caviar.graph, ["1", "999"])
    with pytest.raises(ValueError, match="unknown strategy"):
        simulate(caviar.graph, "closeness")


def test_a_large_network_is_taken_apart_on_estimated_betweenness() -> None:
    graph = rx.barabasi_albert_graph(600, 2, seed=1)
    for i in graph.node_indices():
        graph[i] = f"n{i}"
    exact = rx.graph_betweenness_centrality(graph)
    top = graph[max(exact, key=lambda i: exact[i])]

    curve = simulate(graph, BETWEENNESS, removals=3, exact_limit=100)

    # The first hub of a preferential-attachment graph stands out on 256 of its 600 searches.
    assert curve.removed[0] == top
    shares = [share for _, share in curve.points()]
    assert shares == sorted(shares, reverse=True) and len(curve.removed) == 3
