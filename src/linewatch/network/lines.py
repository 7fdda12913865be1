"""Each flagged deal line with the people, vehicles and places around it.

"Within two hops" counts steps between entities, except that a phone and the person known to
use it (``USES_PHONE``) count as one: a runner's phone is the runner for this purpose, so the
runner, and the car the runner drives, are as near the line as the phone the line rings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import rustworkx as rx

from linewatch.network.picture import DealLineFlag, Edge, Node, Picture

MAX_HOPS = 2
_FREE_STEPS = frozenset({"USES_PHONE"})


@dataclass(frozen=True)
class Nearby:
    """An entity near a line: how far, and the entities in between (line first)."""

    id: str
    schema: str
    caption: str
    hops: int
    path: list[str]


@dataclass
class LineSubgraph:
    line: Node
    flag: DealLineFlag
    people: list[Nearby] = field(default_factory=list)
    vehicles: list[Nearby] = field(default_factory=list)
    phones: list[Nearby] = field(default_factory=list)
    places: list[Nearby] = field(default_factory=list)
    county_lines: list[Nearby] = field(default_factory=list)

    @property
    def entity_ids(self) -> list[str]:
        near = [*self.people, *self.vehicles, *self.phones, *self.places, *self.county_lines]
        return [self.line.id, *(n.id for n in near)]


_GROUPS = {
    "Person": "people",
    "Vehicle": "vehicles",
    "Phone": "phones",
    "Address": "places",
    "CountyLine": "county_lines",
}


def _cost(edge: Edge) -> float:
    return 0.0 if set(edge.link_types) <= _FREE_STEPS else 1.0


def line_subgraph(picture: Picture, line: Node, max_hops: int = MAX_HOPS) -> LineSubgraph:
    assert line.deal_line is not None, "only a flagged deal line has a line subgraph"
    start = picture.index[line.id]
    paths = rx.dijkstra_shortest_paths(picture.graph, start, weight_fn=_cost)
    found = LineSubgraph(line, line.deal_line)
    near = []
    for position, steps in paths.items():
        path = list(steps)
        hops = sum(_cost(picture.graph.get_edge_data(a, b)) for a, b in pairwise(path))
        if hops <= max_hops:
            near.append((int(hops), picture.node_at(position).caption, position, path))
    for hops, _, position, path in sorted(near):
        node = picture.node_at(position)
        group = _GROUPS.get(node.schema)
        if group is not None:
            ids = [picture.graph[p] for p in path]
            getattr(found, group).append(Nearby(node.id, node.schema, node.caption, hops, ids))
    return found


def lines(picture: Picture) -> list[LineSubgraph]:
    """Every flagged deal line in the picture, highest score first, with what is near it."""
    return [line_subgraph(picture, node) for node in picture.deal_lines()]
