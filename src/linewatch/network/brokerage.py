"""Brokerage between a line and its hub: who the local end must go through to reach the top.

A County Line joins a local market (customers, runners, the addresses it works from) to the
people in the exporting hub who direct it. Whoever stands on the shortest paths between the
two ends is the broker: take them out and the hub loses its grip on the line. For a line side
S and a hub side T, a node's brokerage is the share of shortest paths from each member of S to
each member of T that pass through it, averaged over the pairs that are connected (a pair
whose ends are both the node itself does not count it).

Path counts come from a breadth-first search from every member of either side (Brandes'
counting): a node v lies on sigma_s(v) * sigma_t(v) of the sigma_s(t) shortest s-t paths when
d(s, v) + d(v, t) = d(s, t). Case-sized sides make that exact and quick.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import rustworkx as rx
from scipy import sparse

from linewatch.network.centrality import adjacency_matrix
from linewatch.network.lines import lines as line_subgraphs
from linewatch.network.picture import Picture
from linewatch.network.roles import (
    CONTROLLER,
    CUCKOOED_ADDRESS,
    CUSTOMER,
    LINE_HOLDER,
    RUNNER,
    STOREKEEPER,
    RoleFinding,
)

LOCAL_ROLES = frozenset({CUSTOMER, RUNNER, STOREKEEPER, CUCKOOED_ADDRESS})
# The holder keeps the line's phone at the exporting hub, with the controllers above them.
HUB_ROLES = frozenset({LINE_HOLDER, CONTROLLER})


def _search(adjacency: sparse.csr_matrix, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Depth and number of shortest paths from each source (n x k arrays; depth -1 unreached)."""
    n, k = adjacency.shape[0], len(sources)
    columns = np.arange(k)
    depth = np.full((n, k), -1, dtype=np.int64)
    sigma = np.zeros((n, k))
    depth[sources, columns] = 0
    sigma[sources, columns] = 1.0
    frontier = sigma.copy()
    level = 0
    while frontier.any():
        reached = adjacency @ frontier
        new = (reached > 0) & (depth < 0)
        level += 1
        depth[new] = level
        frontier = np.where(new, reached, 0.0)
        sigma += frontier
    return depth, sigma


def brokerage(
    graph: rx.PyGraph, line_side: Collection[str], hub_side: Collection[str]
) -> dict[str, float]:
    """Each node's share of the shortest paths from ``line_side`` to ``hub_side`` (0 to 1)."""
    adjacency, positions = adjacency_matrix(graph)
    where = {graph[p]: k for k, p in enumerate(positions)}
    sources = np.array(sorted({where[s] for s in line_side if s in where}), dtype=np.int64)
    targets = np.array(sorted({where[t] for t in hub_side if t in where}), dtype=np.int64)
    share = np.zeros(len(positions))
    pairs = 0
    if len(sources) and len(targets):
        depth_s, sigma_s = _search(adjacency, sources)
        depth_t, sigma_t = _search(adjacency, targets)
        for a, s in enumerate(sources):
            for b, t in enumerate(targets):
                length = depth_s[t, a]
                if s == t or length < 0:
                    continue
                on_path = (depth_s[:, a] + depth_t[:, b] == length) & (depth_s[:, a] >= 0)
                on_path &= depth_t[:, b] >= 0
                on_path[[s, t]] = False
                share += np.where(on_path, sigma_s[:, a] * sigma_t[:, b], 0.0) / sigma_s[t, a]
                pairs += 1
    if pairs:
        share /= pairs
    return {graph[positions[k]]: float(share[k]) for k in range(len(positions))}


@dataclass(frozen=True)
class LineBrokerage:
    """The brokers between one deal line's local end and its hub, highest share first."""

    line_id: str
    line_caption: str
    local: list[str]
    hub: list[str]
    brokers: list[tuple[str, float]] = field(default_factory=list)

    def reason(self, entity_id: str) -> str | None:
        for broker, value in self.brokers:
            if broker == entity_id:
                return (
                    f"stands between deal line {self.line_caption}'s local end "
                    f"({len(self.local)} customers, runners and addresses) and its hub "
                    f"({len(self.hub)} holders, controllers and line brands): "
                    f"on {100 * value:.0f}% of the shortest paths from one to the other"
                )
        return None


def line_brokerage(
    picture: Picture, findings: list[RoleFinding], top: int = 5
) -> list[LineBrokerage]:
    """For every flagged deal line, who brokers between its local end and its hub.

    The local end is the line itself and whoever near it has a local role (customer, runner,
    storekeeper, cuckooed address); the hub is its holders and controllers near it and the
    County Line brands it belongs to. A line with no known hub has no brokers, and says so by
    an empty hub.
    """
    roles: dict[str, set[str]] = {}
    for f in findings:
        roles.setdefault(f.subject_id, set()).add(f.role)
    out = []
    for sub in line_subgraphs(picture):
        near = sub.entity_ids
        local = sorted({sub.line.id, *(i for i in near if roles.get(i, set()) & LOCAL_ROLES)})
        hub = sorted(
            {i for i in near if roles.get(i, set()) & HUB_ROLES} | {c.id for c in sub.county_lines}
        )
        brokers: list[tuple[str, float]] = []
        if hub:
            shares = brokerage(picture.graph, local, hub)
            ranked = sorted((k for k, v in shares.items() if v > 0), key=lambda k: (-shares[k], k))
            brokers = [(k, round(shares[k], 4)) for k in ranked]
        out.append(LineBrokerage(sub.line.id, sub.line.caption, local, hub, brokers[:top]))
    return out
