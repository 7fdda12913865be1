"""Disruption simulation: take people out and watch the network come apart.

A strategy removes people one at a time or a block at a time (a raid takes several at once).
Betweenness and degree strategies are *adaptive*: centrality is recomputed on what is left after
every removal, because the next broker is only visible once the first is gone. The measure is
the largest connected part: the share of the original network still able to reach each other.
After a line holder is removed, the neighbours best placed to take over are those who gain the
most betweenness from the removal, closest to the holder's old links.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import rustworkx as rx

from linewatch.network.centrality import EXACT_LIMIT, betweenness, degrees

BETWEENNESS = "betweenness"
DEGREE = "degree"
STRATEGIES = (BETWEENNESS, DEGREE)


@dataclass(frozen=True)
class Step:
    removed: list[str]  # removed at this step (a block, for a raid)
    largest: int  # nodes in the largest connected part afterwards
    share: float  # of the original network's nodes


@dataclass
class Curve:
    strategy: str
    size: int  # nodes in the network before any removal
    start: int  # nodes in its largest connected part
    steps: list[Step] = field(default_factory=list)

    @property
    def removed(self) -> list[str]:
        return [label for step in self.steps for label in step.removed]

    def points(self) -> list[tuple[int, float]]:
        """(people removed so far, share left in the largest part), from (0, start share)."""
        out, taken = [(0, self.start / self.size if self.size else 0.0)], 0
        for step in self.steps:
            taken += len(step.removed)
            out.append((taken, step.share))
        return out


@dataclass(frozen=True)
class Successor:
    label: str
    gain: float  # betweenness gained when the holder is removed
    shared_neighbours: int  # of the holder's contacts this one is also linked to
    reasons: list[str]


def largest_part(graph: rx.PyGraph) -> int:
    return max((len(part) for part in rx.connected_components(graph)), default=0)


def _index(graph: rx.PyGraph) -> dict[str, int]:
    return {graph[i]: i for i in graph.node_indices()}


def _next(graph: rx.PyGraph, strategy: str, count: int, exact_limit: int) -> list[str]:
    if strategy == BETWEENNESS:
        score: dict[str, float] = betweenness(graph, exact_limit=exact_limit).values
    elif strategy == DEGREE:
        score = {k: float(v) for k, v in degrees(graph).items()}
    else:
        raise ValueError(f"unknown strategy {strategy!r}; use one of {STRATEGIES} or a list")
    return sorted(score, key=lambda label: (-score[label], label))[:count]


def simulate(
    graph: rx.PyGraph,
    strategy: str | Sequence[str],
    removals: int | None = None,
    block: int = 1,
    exact_limit: int = EXACT_LIMIT,
) -> Curve:
    """Remove people by ``strategy`` (a name in STRATEGIES, or the analyst's own ordered list).

    ``block`` people go at each step; ``removals`` caps how many in all (the whole list, or
    ten, by default). Betweenness is exact up to ``exact_limit`` nodes and estimated above it
    (see ``centrality``); a page that must answer quickly sets it lower. The given graph is
    not changed.
    """
    if block < 1:
        raise ValueError("a block removes at least one person")
    work = graph.copy()
    index = _index(work)
    original = len(work)
    own = None if isinstance(strategy, str) else list(strategy)
    if own is not None:
        unknown = [label for label in own if label not in index]
        if unknown:
            raise ValueError(f"not in the network: {', '.join(unknown)}")
    limit = removals if removals is not None else (len(own) if own is not None else 10)
    name = strategy if isinstance(strategy, str) else "analyst's list"
    curve = Curve(name, original, largest_part(work))
    taken = 0
    while taken < limit and len(work):
        count = min(block, limit - taken)
        chosen = (
            own[taken : taken + count] if own is not None else _next(work, name, count, exact_limit)
        )
        if not chosen:
            break
        work.remove_nodes_from([index[label] for label in chosen])
        taken += len(chosen)
        size = largest_part(work)
        curve.steps.append(Step(chosen, size, size / original if original else 0.0))
    return curve


def successors(
    graph: rx.PyGraph,
    removed: str,
    top: int = 3,
    names: dict[str, str] | None = None,
    steps: int = 2,
    candidates: Collection[str] | None = None,
) -> list[Successor]:
    """Who would likely take over from ``removed``: the biggest gain in betweenness among
    those within ``steps``, with how many of the removed person's contacts they already know.

    ``names`` gives the reasons readable names for the labels (entity ids in the picture);
    ``candidates`` limits who can take over (people, not their phones or cars). Someone who
    neither gains betweenness nor knows any of the removed person's contacts is not listed.
    """
    index = _index(graph)
    gone = (names or {}).get(removed, removed)
    if removed not in index:
        raise ValueError(f"{removed!r} is not in the network")
    before = betweenness(graph).values
    contacts = {graph[i] for i in graph.neighbors(index[removed])}
    near, frontier = {removed}, {removed}
    for _ in range(steps):
        frontier = {graph[j] for f in frontier for j in graph.neighbors(index[f])} - near
        near |= frontier
    near.discard(removed)
    if candidates is not None:
        near &= set(candidates)
    after_graph = graph.copy()
    after_graph.remove_node(index[removed])
    after = betweenness(after_graph).values
    out = []
    for label in near:
        gain = after[label] - before[label]
        mine = {graph[i] for i in graph.neighbors(index[label])}
        shared = len(mine & contacts)
        direct = label in contacts
        reasons = [
            f"betweenness rises from {100 * before[label]:.1f}% to {100 * after[label]:.1f}% "
            f"of shortest paths without {gone}",
            f"already linked to {shared} of {gone}'s {len(contacts)} contacts",
        ]
        if direct:
            reasons.append(f"in direct contact with {gone}")
        if gain > 0 or shared > 0:
            out.append(Successor(label, gain, shared, reasons))
    out.sort(key=lambda s: (-s.gain, -s.shared_neighbours, s.label))
    return out[:top]
