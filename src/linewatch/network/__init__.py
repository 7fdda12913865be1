"""The picture as a graph: resolved entities and their links, deal lines, key players.

``build_graph`` assembles the current picture from the system of record (graph work runs on
rustworkx; see ``picture`` for why), ``lines`` gives each flagged deal line with the people and
vehicles near it, and ``key_players`` ranks entities by exact betweenness and degree.
``read_matrix`` and ``read_edge_list`` bring in any other network (CAVIAR, a phone download);
``rank``, ``simulate`` and ``successors`` work on either kind of graph; ``line_brokerage``
finds who stands between each line's local end and its hub.
"""

from linewatch.network.brokerage import LineBrokerage, brokerage, line_brokerage
from linewatch.network.centrality import Betweenness, Ranked, betweenness, degrees, rank
from linewatch.network.disrupt import (
    BETWEENNESS,
    DEGREE,
    STRATEGIES,
    Curve,
    Step,
    Successor,
    largest_part,
    simulate,
    successors,
)
from linewatch.network.export import FORMATS, export, neighbourhood, subgraph
from linewatch.network.graphs import Network, from_edges, read_edge_list, read_matrix
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
from linewatch.network.roles import ROLES, RoleFinding, infer_roles, record_roles, roles_by_subject

__all__ = [
    "BETWEENNESS",
    "DEGREE",
    "FORMATS",
    "ROLES",
    "STRATEGIES",
    "Betweenness",
    "Curve",
    "DealLineFlag",
    "Edge",
    "Evidence",
    "KeyPlayer",
    "LineBrokerage",
    "LineSubgraph",
    "Nearby",
    "Network",
    "Node",
    "Picture",
    "Ranked",
    "RoleFinding",
    "Step",
    "Successor",
    "betweenness",
    "brokerage",
    "build_graph",
    "degrees",
    "export",
    "from_edges",
    "infer_roles",
    "key_players",
    "largest_part",
    "line_brokerage",
    "line_subgraph",
    "lines",
    "neighbourhood",
    "rank",
    "read_edge_list",
    "read_matrix",
    "record_roles",
    "roles_by_subject",
    "simulate",
    "subgraph",
    "successors",
]
