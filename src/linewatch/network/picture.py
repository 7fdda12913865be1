"""The intelligence picture as a graph: resolved entities joined by the links sources report.

Graph library: rustworkx (Apache-2.0). igraph is as fast but GPL-2.0-or-later, which would
bind the whole of Linewatch; networkx is pure Python and was about 70 times slower for exact
betweenness on a 20,000-node graph on the machines Linewatch runs on. rustworkx computes exact
betweenness in Rust, in parallel, on the same graph in about the time igraph takes.

A node is a *canonical* entity (records merged by ``resolve`` are one node). An edge joins two
nodes and keeps every source's link between them as evidence, each with its grading and
handling code, so a line drawn on the picture can always be opened to show who said so.
Phones currently assessed as deal lines carry that assessment, links or not; the phones comms
places as a line's holder's or runner's, and the addresses safeguarding assesses for cuckooing,
carry those assessments too. Vehicles comms assesses as travelling with a line's workers'
phones (read by ANPR beside them on several days) carry that assessment, links or not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import rustworkx as rx
from sqlalchemy import Connection, select

from linewatch.access import Access, AccessDenied, Permission
from linewatch.model import domain
from linewatch.resolve import CanonicalLink, canonical_links, canonical_map
from linewatch.safeguard import risk_level
from linewatch.safeguard.cuckoo import CLAIM as CUCKOOING_CLAIM
from linewatch.safeguard.cuckoo import METHOD as CUCKOOING_METHOD
from linewatch.store import tables

DEAL_LINE_CLAIM = "DEAL_LINE"
# comms places the phones a line rings by the cells that served them (holder or runner), and
# one step out the phones its workers keep in touch with (controller or storekeeper).
STAFF_CLAIMS = {
    "LINE_HOLDER_PHONE": "LINE_HOLDER",
    "RUNNER_PHONE": "RUNNER",
    "CONTROLLER_PHONE": "CONTROLLER",
    "STOREKEEPER_PHONE": "STOREKEEPER",
}
# comms: a vehicle read by ANPR beside a line's runner or holder phones on several days.
LINE_VEHICLE_CLAIM = "LINE_VEHICLE"
_CHUNK = 500


@dataclass(frozen=True)
class DealLineFlag:
    """The current assessment that a phone is a deal line."""

    assessment_id: str
    score: float
    reasons: list[str]
    method: str
    method_version: str


@dataclass(frozen=True)
class StaffFlag:
    """The current assessment that a phone is a line's holder's, runner's, controller's or
    storekeeper's phone."""

    assessment_id: str
    role: str  # LINE_HOLDER, RUNNER, CONTROLLER or STOREKEEPER
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class CuckooFlag:
    """Safeguarding's current assessment of the risk that an address is cuckooed."""

    assessment_id: str
    score: float
    level: str  # HIGH, MEDIUM or LOW, as safeguarding grades the score
    reasons: list[str]


@dataclass(frozen=True)
class LineVehicleFlag:
    """The current assessment that a vehicle travels with a line's workers' phones."""

    assessment_id: str
    line: str  # the deal number whose workers' phones it was read beside
    score: float
    reasons: list[str]
    phone_assessments: list[str]  # the runner and holder phone assessments it rests on


@dataclass
class Node:
    id: str  # canonical entity id
    schema: str
    caption: str
    members: list[str] = field(default_factory=list)
    deal_line: DealLineFlag | None = None
    staff: StaffFlag | None = None
    cuckooing: CuckooFlag | None = None
    line_vehicle: LineVehicleFlag | None = None


@dataclass(frozen=True)
class Evidence:
    """One source's link between two records, with where it came from and how it is graded."""

    link_id: str
    link_type: str
    source_record: str
    target_record: str
    evidence_kind: str
    evidence_id: str
    weight: float | None
    valid_from: datetime | None
    valid_to: datetime | None
    source_evaluation: str | None
    intelligence_assessment: str | None
    handling_code: str | None
    classification: str

    @property
    def grading(self) -> str:
        """The 3x5x2 grading as written on a report ("2/B/P"), or "ungraded"."""
        parts = (self.source_evaluation, self.intelligence_assessment, self.handling_code)
        return "/".join(p or "-" for p in parts) if any(parts) else "ungraded"

    @classmethod
    def of(cls, link: CanonicalLink) -> Evidence:
        return cls(
            link_id=link.link_id,
            link_type=link.link_type,
            source_record=link.source_record,
            target_record=link.target_record,
            evidence_kind=link.evidence_kind,
            evidence_id=link.evidence_id,
            weight=link.weight,
            valid_from=link.valid_from,
            valid_to=link.valid_to,
            source_evaluation=link.source_evaluation,
            intelligence_assessment=link.intelligence_assessment,
            handling_code=link.handling_code,
            classification=link.classification,
        )


@dataclass
class Edge:
    """Everything said about how two entities are related."""

    source: str
    target: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def link_types(self) -> list[str]:
        return sorted({e.link_type for e in self.evidence})


@dataclass
class Picture:
    graph: rx.PyGraph  # node payload: entity id; edge payload: Edge
    nodes: dict[str, Node]
    index: dict[str, int]
    _betweenness: dict[str, float] | None = None

    def node_at(self, position: int) -> Node:
        return self.nodes[self.graph[position]]

    def edge(self, a: str, b: str) -> Edge | None:
        i, j = self.index.get(a), self.index.get(b)
        if i is None or j is None or not self.graph.has_edge(i, j):
            return None
        found: Edge = self.graph.get_edge_data(i, j)
        return found

    def neighbours(self, entity_id: str) -> list[Node]:
        return [self.node_at(i) for i in self.graph.neighbors(self.index[entity_id])]

    def deal_lines(self) -> list[Node]:
        flagged = [n for n in self.nodes.values() if n.deal_line is not None]
        return sorted(flagged, key=lambda n: (-(n.deal_line.score if n.deal_line else 0), n.id))

    def betweenness(self) -> dict[str, float]:
        """Exact, normalised betweenness of every node, computed once per picture."""
        if self._betweenness is None:
            found = rx.graph_betweenness_centrality(self.graph, normalized=True)
            self._betweenness = {self.graph[i]: float(v) for i, v in found.items()}
        return self._betweenness

    def summary(self) -> str:
        return (
            f"{len(self.nodes):,} entities and {self.graph.num_edges():,} connections in the "
            f"picture; {len(self.deal_lines())} flagged deal lines"
        )


def build_graph(access: Access) -> Picture:
    """The current picture: every linked entity, resolved, with its links and deal-line flags."""
    access.require(Permission.VIEW_PERSONAL_DATA)
    if access.actor.is_partner:
        raise AccessDenied("the network picture combines every source and is for force users")
    with access.store.begin() as conn:
        merged = canonical_map(conn)
        links = [link for link in canonical_links(conn) if link.source != link.target]
        flags = _deal_line_flags(conn, merged)
        vehicles = _line_vehicle_flags(conn, merged)
        ids = sorted(
            {*(x for link in links for x in (link.source, link.target)), *flags, *vehicles}
        )
        nodes = _nodes(conn, ids, merged)
        for entity_id, flag in flags.items():
            if entity_id in nodes:
                nodes[entity_id].deal_line = flag
        for entity_id, staff in _staff_flags(conn, merged).items():
            if entity_id in nodes:
                nodes[entity_id].staff = staff
        for entity_id, risk in _cuckooing_flags(conn, merged).items():
            if entity_id in nodes:
                nodes[entity_id].cuckooing = risk
        for entity_id, vehicle in vehicles.items():
            if entity_id in nodes:
                nodes[entity_id].line_vehicle = vehicle
        picture = _assemble(nodes, links)
        if nodes:
            access.consult(conn, sorted(nodes))
    return picture


def _assemble(nodes: dict[str, Node], links: list[CanonicalLink]) -> Picture:
    graph = rx.PyGraph(multigraph=False)
    index = {entity_id: graph.add_node(entity_id) for entity_id in nodes}
    for link in links:
        a, b = index.get(link.source), index.get(link.target)
        if a is None or b is None:
            continue
        if graph.has_edge(a, b):
            graph.get_edge_data(a, b).evidence.append(Evidence.of(link))
        else:
            graph.add_edge(a, b, Edge(link.source, link.target, [Evidence.of(link)]))
    return Picture(graph, nodes, index)


def _deal_line_flags(conn: Connection, merged: dict[str, str]) -> dict[str, DealLineFlag]:
    """Current DEAL_LINE assessments by canonical entity; the highest score stands for it."""
    a = tables.assessments
    rows = conn.execute(
        select(a.c.id, a.c.subject_id, a.c.score, a.c.reasons, a.c.method, a.c.method_version)
        .where(a.c.claim == DEAL_LINE_CLAIM, a.c.superseded_at.is_(None))
        .order_by(a.c.score.desc(), a.c.id)
    ).all()
    flags: dict[str, DealLineFlag] = {}
    for row in rows:
        canonical = merged.get(row.subject_id, row.subject_id)
        flags.setdefault(
            canonical,
            DealLineFlag(
                row.id, float(row.score), list(row.reasons), row.method, row.method_version
            ),
        )
    return flags


def _staff_flags(conn: Connection, merged: dict[str, str]) -> dict[str, StaffFlag]:
    """Current holder- and runner-phone assessments by canonical entity; the highest stands."""
    a = tables.assessments
    rows = conn.execute(
        select(a.c.id, a.c.subject_id, a.c.claim, a.c.score, a.c.reasons)
        .where(a.c.claim.in_(sorted(STAFF_CLAIMS)), a.c.superseded_at.is_(None))
        .order_by(a.c.score.desc(), a.c.id)
    ).all()
    flags: dict[str, StaffFlag] = {}
    for row in rows:
        reasons = [r if isinstance(r, str) else str(r) for r in row.reasons or []]
        flags.setdefault(
            merged.get(row.subject_id, row.subject_id),
            StaffFlag(row.id, STAFF_CLAIMS[row.claim], float(row.score), reasons),
        )
    return flags


def _cuckooing_flags(conn: Connection, merged: dict[str, str]) -> dict[str, CuckooFlag]:
    """Safeguarding's current cuckooing-risk assessments by canonical entity; the highest
    stands. Its own first reason names the level, which the flag carries on its own."""
    a = tables.assessments
    rows = conn.execute(
        select(a.c.id, a.c.subject_id, a.c.score, a.c.reasons)
        .where(
            a.c.claim == CUCKOOING_CLAIM,
            a.c.method == CUCKOOING_METHOD,
            a.c.superseded_at.is_(None),
        )
        .order_by(a.c.score.desc(), a.c.id)
    ).all()
    flags: dict[str, CuckooFlag] = {}
    for row in rows:
        score = float(row.score)
        reasons = [r if isinstance(r, str) else str(r) for r in row.reasons or []]
        flags.setdefault(
            merged.get(row.subject_id, row.subject_id),
            CuckooFlag(
                row.id,
                score,
                risk_level(score).value,
                [r for r in reasons if not r.startswith("risk level ")],
            ),
        )
    return flags


def _line_vehicle_flags(conn: Connection, merged: dict[str, str]) -> dict[str, LineVehicleFlag]:
    """Current line-vehicle assessments by canonical entity; the highest score stands."""
    a = tables.assessments
    rows = conn.execute(
        select(a.c.id, a.c.subject_id, a.c.score, a.c.reasons, a.c.evidence)
        .where(a.c.claim == LINE_VEHICLE_CLAIM, a.c.superseded_at.is_(None))
        .order_by(a.c.score.desc(), a.c.id)
    ).all()
    flags: dict[str, LineVehicleFlag] = {}
    for row in rows:
        evidence = [e for e in row.evidence or [] if isinstance(e, dict)]
        figures = next((e for e in evidence if e.get("kind") == "figures"), {})
        flags.setdefault(
            merged.get(row.subject_id, row.subject_id),
            LineVehicleFlag(
                row.id,
                str(figures.get("values", {}).get("line", "")),
                float(row.score),
                [str(r) for r in row.reasons or []],
                [str(e["id"]) for e in evidence if e.get("kind") == "assessment"],
            ),
        )
    return flags


def _nodes(conn: Connection, ids: list[str], merged: dict[str, str]) -> dict[str, Node]:
    """A node per canonical id, with its schema, members and caption."""
    members: dict[str, list[str]] = defaultdict(list)
    for record, canonical in merged.items():
        members[canonical].append(record)
    wanted = set(ids)
    owner = {m: c for c in wanted for m in (members.get(c) or [c])}
    schemas: dict[str, str] = {}
    said: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    e, st = tables.entities, tables.statements
    records = sorted(owner)
    for start in range(0, len(records), _CHUNK):
        chunk = records[start : start + _CHUNK]
        for entity_id, schema in conn.execute(select(e.c.id, e.c.schema).where(e.c.id.in_(chunk))):
            schemas.setdefault(owner[entity_id], schema)
        for entity_id, prop, value in conn.execute(
            select(st.c.entity_id, st.c.prop, st.c.value).where(st.c.entity_id.in_(chunk))
        ):
            said[owner[entity_id]][(prop, value)] += 1
    return {
        c: Node(c, schemas[c], _caption(schemas[c], c, said[c]), sorted(members.get(c) or [c]))
        for c in ids
        if c in schemas
    }


def _caption(schema: str, entity_id: str, said: Counter[tuple[str, str]]) -> str:
    """The value most sources give for the schema's first caption property that has one."""
    entity_schema = domain().entity(schema)
    for prop in entity_schema.caption:
        values: list[tuple[int, Any]] = [(-n, v) for (p, v), n in said.items() if p == prop]
        if values:
            return str(min(values)[1])
    return f"{entity_schema.label} {entity_id}"
