"""Key-player ranking on a force-sized graph, against networkx on the same graph.

    python -m benchmarks.network [--nodes 200010] [--degree 5] [--pivots 64] [--nx-pivots 4]

Builds a preferential-attachment graph (rustworkx's Barabasi-Albert generator: a few hubs and
many people with few links, as phone networks are) of ``--nodes`` nodes and about
``--degree`` x nodes edges (one million by default). Times ``network.rank``: degree for every
node and betweenness estimated from ``--pivots`` random pivots with its standard error (exact
betweenness would take a shortest-path search from all 200,000 nodes). networkx does the same
ranking with its own pivot sampling (``betweenness_centrality(k=...)``); its full run would take
far too long in pure Python, so it runs ``--nx-pivots`` pivots and its time is extrapolated to
``--pivots`` (said so in the output). The two rankings' top ten are compared.
"""

from __future__ import annotations

import argparse
import resource
import time

import networkx as nx
import rustworkx as rx

from linewatch.network import rank

BUDGET_S = 60.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=200_010)
    parser.add_argument("--degree", type=int, default=5)
    parser.add_argument("--pivots", type=int, default=64)
    parser.add_argument("--nx-pivots", type=int, default=4)
    args = parser.parse_args()

    started = time.perf_counter()
    graph = rx.barabasi_albert_graph(args.nodes, args.degree, seed=1)
    for i in graph.node_indices():
        graph[i] = f"n{i}"
    built = time.perf_counter() - started
    print(f"graph: {len(graph):,} nodes, {graph.num_edges():,} edges (built in {built:.1f} s)")

    started = time.perf_counter()
    ranked = rank(graph, top=10)
    ours = time.perf_counter() - started
    worst = max(r.betweenness_error for r in ranked)
    print(
        f"linewatch rank (degree + betweenness from {args.pivots} pivots): {ours:.1f} s "
        f"(budget {BUDGET_S:.0f} s: {'met' if ours <= BUDGET_S else 'NOT met'}); "
        f"largest standard error among the top ten {worst:.5f}"
    )
    for r in ranked[:3]:
        print(f"  {r.rank}. {r.label}: {'; '.join(r.reasons)}")

    started = time.perf_counter()
    reference = nx.Graph()
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
        f"networkx (graph copied in {converted:.1f} s): degree + betweenness from "
        f"{args.nx_pivots} pivots took {theirs:.1f} s; extrapolated to {args.pivots} pivots "
        f"{extrapolated:.0f} s (sampled: the full networkx run would take too long), "
        f"{extrapolated / ours:.0f} times linewatch's time"
    )
    print(f"top ten in common with networkx's {args.nx_pivots}-pivot ranking: {overlap} of 10")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
