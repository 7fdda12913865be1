from __future__ import annotations

import networkx as nx
import pytest

from linewatch.network import Network, betweenness, degrees, rank
from network.caviar import aggregate, phase


def _networkx(network: Network) -> nx.Graph:
    reference = nx.Graph()
    reference.add_nodes_from(network.labels)
    reference.add_edges_from(
        (network.graph[a], network.graph[b]) for a, b in network.graph.edge_list()
    )
    return reference


def test_caviar_aggregate_top_actors_by_degree_and_betweenness() -> None:
    caviar = aggregate()

    ranked = rank(caviar.graph, top=3)
    degree = degrees(caviar.graph)

    assert [r.label for r in ranked[:2]] == ["1", "12"]
    assert (ranked[0].degree, round(ranked[0].betweenness, 3)) == (60, 0.637)
    assert (ranked[1].degree, round(ranked[1].betweenness, 3)) == (28, 0.292)
    assert sorted(degree, key=lambda label: -degree[label])[:3] == ["1", "12", "3"]
    assert degree["3"] == 27
    assert ranked[0].reasons == [
        "lies on 63.7% of the shortest paths between others, rank 1 of 110",
        "linked directly to 60 others, rank 1 by degree",
    ]


@pytest.mark.parametrize("number", range(1, 12))
def test_the_degree_leader_of_each_caviar_phase(number: int) -> None:
    degree = degrees(phase(number).graph)

    leader = max(degree, key=lambda label: (degree[label], -int(label)))

    assert leader == {9: "3", 11: "12"}.get(number, "1")


def test_betweenness_and_degree_agree_with_networkx() -> None:
    caviar = aggregate()
    reference = _networkx(caviar)

    ours = betweenness(caviar.graph)
    theirs = nx.betweenness_centrality(reference, normalized=True)

    assert ours.exact
    assert ours.values == pytest.approx(theirs, abs=1e-12)
    assert degrees(caviar.graph) == dict(reference.degree())


def test_the_sampled_estimate_is_within_its_stated_error_of_the_exact_score() -> None:
    caviar = aggregate()
    exact = betweenness(caviar.graph).values

    estimate = betweenness(caviar.graph, exact_limit=10, pivots=80, seed=7)

    assert not estimate.exact and estimate.pivots == 80
    assert "80 random pivots" in estimate.method()
    for label in ("1", "12", "3"):
        assert abs(estimate.values[label] - exact[label]) <= 3 * estimate.error[label] + 1e-9
    # The brokers stay the brokers when sampled.
    top = sorted(estimate.values, key=lambda label: -estimate.values[label])[:2]
    assert top == ["1", "12"]


def test_an_estimate_with_every_node_as_a_pivot_is_exact() -> None:
    caviar = aggregate()
    from linewatch.network.centrality import _estimate

    everyone = _estimate(caviar.graph, len(caviar), seed=0)

    assert everyone.values == pytest.approx(betweenness(caviar.graph).values, abs=1e-12)
