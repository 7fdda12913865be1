"""The picture as a graph: resolved entities and their links, deal lines, key players.

``build_graph`` assembles the current picture from the system of record (graph work runs on
rustworkx; see ``picture`` for why), ``lines`` gives each flagged deal line with the people and
vehicles near it, and ``key_players`` ranks entities by exact betweenness and degree.
"""

from linewatch.network.lines import LineSubgraph, Nearby, line_subgraph, lines
from linewatch.network.picture import (
    DealLineFlag,
    Edge,
    Evidence,
    Node,
    Picture,
    build_graph,
)
from linewatch.network.players import KeyPlayer, key_players

__all__ = [
    "DealLineFlag",
    "Edge",
    "Evidence",
    "KeyPlayer",
    "LineSubgraph",
    "Nearby",
    "Node",
    "Picture",
    "build_graph",
    "key_players",
    "line_subgraph",
    "lines",
]
