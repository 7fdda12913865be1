"""What the network pages show: a filtered part of the picture, its roles, and its key players.

The pages and their JSON come from here so that what the graph draws and what the text
alternative lists are one and the same. A filter keeps a link when at least one source's
evidence for it passes every test: its link type is chosen, its period overlaps the date range
(a link with no dates is kept, as nothing says it falls outside), and its intelligence
assessment (A to E, or ungraded for call data and records) is chosen. Only the evidence that
passes is shown on the link.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any

import rustworkx as rx

from linewatch.model import domain
from linewatch.network.picture import Edge, Evidence, Node, Picture
from linewatch.network.roles import SUSPECT_ROLES, RoleFinding

UNGRADED = "ungraded"
GRADES = ("A", "B", "C", "D", "E", UNGRADED)
VICTIM_ROLES = frozenset({"POTENTIAL_VICTIM", "CUCKOOED_OCCUPANT"})


@dataclass(frozen=True)
class Filters:
    """Which links to keep; an empty choice keeps everything."""

    link_types: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    grades: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = set(self.grades) - set(GRADES)
        if unknown:
            raise ValueError(f"grading {', '.join(sorted(unknown))} is not one of {GRADES}")
        if self.since and self.until and self.since > self.until:
            raise ValueError("the date range starts after it ends")

    def keeps(self, evidence: Evidence) -> bool:
        if self.link_types and evidence.link_type not in self.link_types:
            return False
        grade = evidence.intelligence_assessment or UNGRADED
        if self.grades and grade not in self.grades:
            return False
        start, end = evidence.valid_from, evidence.valid_to
        if self.until and start and start > _end_of(self.until):
            return False
        return not (self.since and end and end < _start_of(self.since))

    @property
    def active(self) -> bool:
        return bool(self.link_types or self.since or self.until or self.grades)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=UTC)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def filtered(picture: Picture, filters: Filters) -> Picture:
    """The picture with only the links (and evidence) the filters keep; every node stays."""
    if not filters.active:
        return picture
    graph = rx.PyGraph(multigraph=False)
    index = {entity_id: graph.add_node(entity_id) for entity_id in picture.nodes}
    for a, b in picture.graph.edge_list():
        edge: Edge = picture.graph.get_edge_data(a, b)
        kept = [
            e
            for e in edge.evidence
            if filters.keeps(
                replace(e, valid_from=_aware(e.valid_from), valid_to=_aware(e.valid_to))
            )
        ]
        if kept:
            graph.add_edge(
                index[edge.source], index[edge.target], Edge(edge.source, edge.target, kept)
            )
    return Picture(graph, dict(picture.nodes), index)


def within(picture: Picture, centres: Collection[str], hops: int) -> set[str]:
    """The ids within ``hops`` steps of any of ``centres`` (the centres included)."""
    seen = {c for c in centres if c in picture.index}
    frontier = set(seen)
    for _ in range(hops):
        frontier = {n.id for f in frontier for n in picture.neighbours(f)} - seen
        seen |= frontier
    return seen


def _role_class(roles: Collection[str]) -> str:
    suspect, victim = bool(set(roles) & SUSPECT_ROLES), bool(set(roles) & VICTIM_ROLES)
    if suspect and victim:
        return "both"
    return "suspect" if suspect else "victim" if victim else "none"


def role_label(role: str) -> str:
    return role.replace("_", " ").capitalize()


@dataclass
class NodeView:
    id: str
    schema: str
    caption: str
    roles: list[str]
    role_class: str  # suspect, victim, both (a suspect who may also be a victim) or none
    deal_line: float | None
    degree: int  # links in the filtered picture, so "expand" can say what more there is
    reasons: list[str] = field(default_factory=list)


@dataclass
class LinkView:
    id: str
    source: str
    target: str
    link_types: list[str]
    gradings: list[str]
    sources: list[str]
    first: str | None
    last: str | None


@dataclass
class GraphView:
    centre: list[str]
    nodes: list[NodeView]
    links: list[LinkView]

    def elements(self) -> list[dict[str, Any]]:
        """Cytoscape's elements: a node or edge each, its data as the text table lists it."""
        out: list[dict[str, Any]] = []
        for n in self.nodes:
            # "kind" is the schema as the nodes table words it, for rows added by expanding.
            data = {
                **n.__dict__,
                "label": n.caption,
                "kind": _schema_label(n.schema),
                "centre": n.id in self.centre,
            }
            out.append({"group": "nodes", "data": data})
        for link in self.links:
            names = [domain().link(t).label for t in link.link_types]
            data = {**link.__dict__, "label": ", ".join(names)}
            out.append({"group": "edges", "data": data})
        return out


def _schema_label(schema: str) -> str:
    try:
        return domain().entity(schema).label
    except ValueError:
        return schema


def graph_view(
    picture: Picture, ids: Collection[str], centre: Collection[str], findings: list[RoleFinding]
) -> GraphView:
    """The nodes ``ids`` and every link among them, with roles and their reasons."""
    roles: dict[str, list[RoleFinding]] = {}
    for f in findings:
        roles.setdefault(f.subject_id, []).append(f)
    keep = sorted(i for i in ids if i in picture.index)
    nodes = [_node(picture, picture.nodes[i], roles.get(i, [])) for i in keep]
    links = []
    wanted = set(keep)
    for a, b in picture.graph.edge_list():
        edge: Edge = picture.graph.get_edge_data(a, b)
        if edge.source in wanted and edge.target in wanted:
            links.append(_link(edge))
    links.sort(key=lambda link: link.id)
    return GraphView(sorted(set(centre) & wanted), nodes, links)


def _node(picture: Picture, node: Node, findings: list[RoleFinding]) -> NodeView:
    names = [f.role for f in findings]
    reasons = [f"{role_label(f.role)}: {'; '.join(f.reasons)}" for f in findings]
    return NodeView(
        node.id,
        node.schema,
        node.caption,
        [role_label(r) for r in names],
        _role_class(names),
        node.deal_line.score if node.deal_line else None,
        int(picture.graph.degree(picture.index[node.id])),
        reasons,
    )


def _link(edge: Edge) -> LinkView:
    starts = [e.valid_from for e in edge.evidence if e.valid_from]
    ends = [end for e in edge.evidence if (end := e.valid_to or e.valid_from) is not None]
    return LinkView(
        f"{edge.source}--{edge.target}",
        edge.source,
        edge.target,
        edge.link_types,
        sorted({e.grading for e in edge.evidence}),
        sorted({f"{e.evidence_kind} {e.evidence_id}" for e in edge.evidence}),
        min(starts).date().isoformat() if starts else None,
        max(ends).date().isoformat() if ends else None,
    )


def link_types(picture: Picture) -> list[str]:
    """Every link type in the picture, for the filter's choices."""
    found = set()
    for a, b in picture.graph.edge_list():
        found.update(picture.graph.get_edge_data(a, b).link_types)
    return sorted(found)
