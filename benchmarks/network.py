"""Key-player ranking on a force-sized graph, against networkx on the same graph.

    python -m benchmarks.network [--people 200000] [--degree 5] [--pivots 256] [--nx-pivots 4]

The graph is shaped like the synthetic scenario's picture, at force scale: ``--people`` people
who contact each other by preferential attachment (a few very busy phones and many with few
links, as real call data is), and a deal line per 200 people run the way the scenario's
"large" scale runs them: a holder, a controller, a storekeeper, three to six runners, and each
line's customers (the scale's ``customers_per_line``) drawn from the people. With the default
sizes that is over one million links. It is built from numpy arrays in one call
(``add_edges_from_no_data``), with no Python loop per link.

``network.rank`` is timed: degree for every node and betweenness estimated from ``--pivots``
random pivots with each estimate's standard error (exact betweenness would need a
shortest-path search from every one of the 200,000 nodes). networkx ranks the same graph with
its own pivot sampling (``betweenness_centrality(k=...)``); a full networkx run at
``--pivots`` would take far too long in pure Python, so it runs ``--nx-pivots`` pivots and its
time is extrapolated to ``--pivots`` (said so in the output). PASS means the ranking took at
most 60 s on a graph of at least one million links.
"""

from __future__ import annotations

import argparse
import resource
import time

import networkx as nx
import numpy as np
import rustworkx as rx

from linewatch.network import rank
from linewatch.scenario import scale_config

BUDGET_S = 60.0
MIN_EDGES = 1_000_000
PEOPLE_PER_LINE = 200


def scenario_shaped(people: int, degree: int, seed: int = 1) -> tuple[rx.PyGraph, list[str]]:
    """The contact graph of ``people`` with deal lines wired as the scenario wires them."""
    rng = np.random.default_rng(seed)
    background = rx.barabasi_albert_graph(people, degree, seed=seed)
    edges = [np.asarray(background.edge_list(), dtype=np.int64).reshape(-1, 2)]
    low, high = scale_config("large").customers_per_line
    count = max(people // PEOPLE_PER_LINE, 1)
    line_nodes = np.arange(people, people + count)
    for line in line_nodes:
        staff = rng.choice(people, size=3 + int(rng.integers(3, 7)), replace=False)
        customers = rng.choice(people, size=int(rng.integers(low, high + 1)), replace=False)
        reached = np.unique(np.concatenate([staff, customers]))
        edges.append(np.column_stack([np.full(len(reached), line), reached]))
        holder, controller = staff[0], staff[1]
        edges.append(np.array([[holder, controller]]))
    pairs = np.concatenate(edges)
    # Not a multigraph: a pair given twice (either way round) stays one edge, as in the picture.
    graph = rx.PyGraph(multigraph=False)
    labels = [f"p{i}" for i in range(people)] + [f"line{k}" for k in range(count)]
    graph.add_nodes_from(labels)
    graph.add_edges_from_no_data(list(map(tuple, pairs.tolist())))
    return graph, [f"line{k}" for k in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--degree", type=int, default=5)
    parser.add_argument("--pivots", type=int, default=256)
    parser.add_argument("--nx-pivots", type=int, default=4)
    args = parser.parse_args()

    started = time.perf_counter()
    graph, deal_lines = scenario_shaped(args.people, args.degree)
    built = time.perf_counter() - started
    edges = graph.num_edges()
    print(
        f"graph: {len(graph):,} nodes ({len(deal_lines):,} deal lines), {edges:,} links "
        f"(built from arrays in {built:.1f} s)"
    )

    started = time.perf_counter()
    ranked = rank(graph, top=10, pivots=args.pivots)
    ours = time.perf_counter() - started
    worst = max(r.betweenness_error for r in ranked)
    print(
        f"linewatch rank (degree + betweenness from {args.pivots} random pivots): {ours:.1f} s; "
        f"largest standard error among the top ten {worst:.5f} "
        f"(betweenness of the top ten ranges {ranked[-1].betweenness:.5f} to "
        f"{ranked[0].betweenness:.5f})"
    )
    for r in ranked[:3]:
        print(f"  {r.rank}. {r.label}: {'; '.join(r.reasons)}")

    started = time.perf_counter()
    reference = nx.Graph()
    reference.add_nodes_from(graph[i] for i in graph.node_indices())
    reference.add_edges_from((graph[a], graph[b]) for a, b in graph.edge_list())
    converted = time.perf_counter() - started
    started = time.perf_counter()
    degree = dict(reference.degree())
    between = nx.betweenness_centrality(reference, k=args.nx_pivots, seed=1)
    theirs = time.perf_counter() - started
    extrapolated = theirs * args.pivots / args.nx_pivots
    top = sorted(degree, key=lambda n: (-between[n], -degree[n], n))[:10]
    overlap = len(set(top) & {r.label for r in ranked})
    print(
        f"networkx on the same graph (copied in {converted:.1f} s): degree + betweenness from "
        f"{args.nx_pivots} pivots took {theirs:.1f} s; extrapolated to {args.pivots} pivots "
        f"{extrapolated:.0f} s (a sampled run: the full networkx run would take too long), "
        f"{extrapolated / ours:.1f} times linewatch's time"
    )
    print(f"top ten in common with networkx's {args.nx_pivots}-pivot ranking: {overlap} of 10")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")
    passed = ours <= BUDGET_S and edges >= MIN_EDGES
    print(
        f"{'PASS' if passed else 'FAIL'}: key players on {edges:,} links "
        f"(target at least {MIN_EDGES:,}) in {ours:.1f} s (budget {BUDGET_S:.0f} s)"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
