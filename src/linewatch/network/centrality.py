"""Degree and betweenness on any labelled graph: exact on case-sized graphs, estimated on big ones.

Exact betweenness (Brandes, in Rust by rustworkx) costs a shortest-path search from every node:
seconds for a case of thousands, hours for a force-wide graph of a million links. Above
``exact_limit`` nodes the score is estimated from ``pivots`` sources chosen at random (Brandes
and Pich's pivot sampling): each pivot's dependencies are an unbiased sample of the whole, so
the estimate comes with its standard error from the spread between pivots. The searches run a
level at a time as sparse matrix products (scipy), all pivots of a batch together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import rustworkx as rx
from scipy import sparse

EXACT_LIMIT = 5_000
PIVOTS = 256
_BATCH = 32
_SINGLE_ABOVE = 50_000


@dataclass(frozen=True)
class Betweenness:
    """Normalised betweenness by label; ``error`` is each estimate's standard error (0 if exact)."""

    values: dict[str, float]
    error: dict[str, float]
    exact: bool
    pivots: int

    def method(self) -> str:
        if self.exact:
            return "exact betweenness (Brandes, rustworkx)"
        worst = max(self.error.values(), default=0.0)
        return (
            f"betweenness estimated from {self.pivots} random pivots (Brandes-Pich); "
            f"largest standard error {worst:.4f}"
        )


def degrees(graph: rx.PyGraph) -> dict[str, int]:
    """Distinct neighbours of every node (a simple graph: one edge per pair).

    Counted in numpy from the edge array: one pass in C rather than a call per node.
    """
    positions = np.asarray(graph.node_indices(), dtype=np.int64)
    edges = _edge_array(graph)
    size = int(positions.max()) + 1 if len(positions) else 0
    counts = np.bincount(edges.ravel(), minlength=size) if len(edges) else np.zeros(size, int)
    return {graph[int(i)]: int(counts[i]) for i in positions}


def _edge_array(graph: rx.PyGraph) -> np.ndarray:
    """The graph's edges as an (m, 2) array of node indices, without a Python loop."""
    edges = np.asarray(graph.edge_list(), dtype=np.int64)
    return edges.reshape(-1, 2)


def betweenness(
    graph: rx.PyGraph, exact_limit: int = EXACT_LIMIT, pivots: int = PIVOTS, seed: int = 0
) -> Betweenness:
    """Normalised betweenness of every node, as networkx and UCINET normalise it."""
    n = len(graph)
    if n <= exact_limit or pivots >= n:
        found = rx.graph_betweenness_centrality(graph, normalized=True)
        values = {graph[i]: float(v) for i, v in found.items()}
        return Betweenness(values, dict.fromkeys(values, 0.0), True, n)
    return _estimate(graph, pivots, seed)


def adjacency_matrix(graph: rx.PyGraph) -> tuple[sparse.csr_matrix, list[int]]:
    positions = list(graph.node_indices())
    n = len(positions)
    # Node indices have gaps once nodes are removed: map them to 0..n-1 through an array.
    where = np.zeros(max(positions, default=-1) + 1, dtype=np.int64)
    where[positions] = np.arange(n)
    pairs = where[_edge_array(graph)]
    if len(pairs) == 0:
        return sparse.csr_matrix((n, n)), positions
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(n, n)), positions


def _dependencies(
    adjacency: sparse.csr_matrix, sources: np.ndarray, dtype: type = np.float64
) -> np.ndarray:
    """Brandes dependencies of every node on each source (an n x len(sources) array)."""
    n, k = adjacency.shape[0], len(sources)
    adjacency = adjacency.astype(dtype)
    columns = np.arange(k)
    depth = np.full((n, k), -1, dtype=np.int32)
    sigma = np.zeros((n, k), dtype=dtype)
    depth[sources, columns] = 0
    sigma[sources, columns] = 1.0
    frontier = np.zeros((n, k), dtype=dtype)
    frontier[sources, columns] = 1.0
    level = 0
    while frontier.any():
        reached = adjacency @ frontier
        new = (reached > 0) & (depth < 0)
        level += 1
        depth[new] = level
        frontier = np.where(new, reached, 0.0)
        sigma += frontier
    delta = np.zeros((n, k), dtype=dtype)
    for lvl in range(level - 1, 0, -1):
        below = depth == lvl + 1
        share = np.where(below, (1.0 + delta) / np.where(sigma > 0, sigma, 1.0), 0.0)
        pulled = adjacency @ share
        at = depth == lvl
        delta[at] = (sigma * pulled)[at]
    return delta


def _estimate(graph: rx.PyGraph, pivots: int, seed: int) -> Betweenness:
    adjacency, positions = adjacency_matrix(graph)
    n = len(positions)
    chosen = np.random.default_rng(seed).choice(n, size=pivots, replace=False)
    # Single precision halves the memory traffic of the sparse products, which is their cost;
    # its seven digits are ample for an estimate whose sampling error is far larger.
    dtype = np.float32 if n > _SINGLE_ABOVE else np.float64
    total = np.zeros(n)
    squares = np.zeros(n)
    for start in range(0, pivots, _BATCH):
        delta = _dependencies(adjacency, chosen[start : start + _BATCH], dtype).astype(float)
        total += delta.sum(axis=1)
        squares += (delta * delta).sum(axis=1)
    mean = total / pivots
    spread = np.sqrt(np.maximum(squares / pivots - mean * mean, 0.0) / pivots)
    # An undirected pair is counted from both ends: n/k sums over ordered pairs, halved, then
    # normalised by the (n-1)(n-2)/2 pairs that do not include the node.
    scale = n / ((n - 1) * (n - 2))
    values = {graph[positions[k]]: float(mean[k] * scale) for k in range(n)}
    error = {graph[positions[k]]: float(spread[k] * scale) for k in range(n)}
    return Betweenness(values, error, False, pivots)


@dataclass(frozen=True)
class Ranked:
    label: str
    rank: int
    betweenness: float
    betweenness_error: float
    degree: int
    degree_rank: int
    reasons: list[str]


def rank(
    graph: rx.PyGraph, top: int = 10, exact_limit: int = EXACT_LIMIT, pivots: int = PIVOTS
) -> list[Ranked]:
    """The ``top`` nodes by betweenness, then degree, each with the sentences that explain it."""
    between = betweenness(graph, exact_limit=exact_limit, pivots=pivots)
    degree = degrees(graph)
    by_degree = sorted(degree, key=lambda label: (-degree[label], label))
    degree_rank = {label: k for k, label in enumerate(by_degree, start=1)}
    ordered = sorted(degree, key=lambda label: (-between.values[label], -degree[label], label))
    out = []
    for position, label in enumerate(ordered[:top], start=1):
        share = 100 * between.values[label]
        plus = f" (standard error {100 * between.error[label]:.1f})" if not between.exact else ""
        reasons = [
            f"lies on {share:.1f}% of the shortest paths between others{plus}, "
            f"rank {position} of {len(ordered)}",
            f"linked directly to {degree[label]} others, rank {degree_rank[label]} by degree",
        ]
        out.append(
            Ranked(
                label,
                position,
                between.values[label],
                between.error[label],
                degree[label],
                degree_rank[label],
                reasons,
            )
        )
    return out
