"""Networks an analyst brings: adjacency matrices and edge lists read into a graph.

Any network (a phone download's contact matrix, a partner's association chart, the CAVIAR
wiretap matrices) reads into the same shape as the picture: a rustworkx graph whose node
payloads are labels, so the key-player ranking and the disruption simulation work on either.
A matrix or list is read as undirected: who talks to whom matters to who holds a network
together, not who dialled. Weights add when both directions are given.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rustworkx as rx


@dataclass
class Network:
    """An undirected graph of labelled nodes; an edge's payload is its summed weight."""

    graph: rx.PyGraph
    index: dict[str, int]
    name: str = ""

    @property
    def labels(self) -> list[str]:
        return [self.graph[i] for i in self.graph.node_indices()]

    def degree(self, label: str) -> int:
        return int(self.graph.degree(self.index[label]))

    def __len__(self) -> int:
        return len(self.graph)


def from_edges(
    edges: Iterable[tuple[str, str, float]], name: str = "", nodes: Iterable[str] = ()
) -> Network:
    """A network from (a, b, weight) triples; self-loops are dropped, repeats add weight."""
    graph = rx.PyGraph(multigraph=False)
    index: dict[str, int] = {}

    def node(label: str) -> int:
        if label not in index:
            index[label] = graph.add_node(label)
        return index[label]

    for label in nodes:
        node(label)
    for a, b, weight in edges:
        i, j = node(a), node(b)
        if i == j:
            continue
        if graph.has_edge(i, j):
            graph.update_edge(i, j, graph.get_edge_data(i, j) + weight)
        else:
            graph.add_edge(i, j, weight)
    return Network(graph, index, name)


def read_matrix(path: Path, name: str | None = None) -> Network:
    """A square adjacency matrix in CSV: a header row of labels, then a label and a row each.

    A non-zero cell is a tie; isolated actors stay in the network as nodes of degree 0.
    """
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header = [label.strip() for label in rows[0][1:]]
    edges = []
    for row in rows[1:]:
        if not row:
            continue
        source = row[0].strip()
        if len(row) - 1 != len(header):
            raise ValueError(
                f"{path.name}: row {source!r} has {len(row) - 1} cells, not {len(header)}"
            )
        for target, cell in zip(header, row[1:], strict=True):
            weight = float(cell or 0)
            if weight:
                edges.append((source, target, weight))
    return from_edges(edges, name or path.stem, nodes=header)


def read_edge_list(path: Path, name: str | None = None) -> Network:
    """A CSV edge list with columns source, target and optionally weight (default 1)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"source", "target"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name}: no {', '.join(sorted(missing))} column")
        edges = [
            (row["source"].strip(), row["target"].strip(), float(row.get("weight") or 1))
            for row in reader
            if row["source"] and row["target"]
        ]
    return from_edges(edges, name or path.stem)
