"""The picture, or a part of it, exported for i2 Analyst's Notebook, Gephi, FollowTheMoney or a
spreadsheet, with every item's gradings, handling codes and conditions on it.

An export leaves Linewatch's control, so it is audited on the EXPORT channel: a disclosure when
it goes to a named recipient, a consultation when the analyst keeps it. Every node and link
carries the handling codes of the evidence behind it and the strictest of them ("C", sharing
with conditions, beats "P"), with the conditions the reports set, so a chart cut from the file
still says how it may be shared.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import Connection, select

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.network.picture import Edge, Picture
from linewatch.network.roles import RoleFinding
from linewatch.store import tables

FORMATS = ("anx", "graphml", "gexf", "ftm", "csv")
# i2's standard icon names for each kind of entity.
ANX_ICONS = {
    "Person": "Person",
    "Phone": "Mobile Phone",
    "Vehicle": "Car",
    "Address": "House",
    "CountyLine": "Organisation",
}
_STRICTNESS = {"C": 2, "P": 1}


@dataclass
class Item:
    """One node or link as exported: its attributes, gradings and handling."""

    id: str
    label: str
    kind: str  # schema for a node, link types for a link
    attributes: dict[str, str] = field(default_factory=dict)
    source: str = ""
    target: str = ""
    start: datetime | None = None
    end: datetime | None = None


def _handling(codes: Collection[str | None]) -> str:
    known = [c for c in codes if c]
    return max(known, key=lambda c: _STRICTNESS.get(c, 3)) if known else ""


def _conditions(conn: Connection, picture: Picture) -> dict[str, str]:
    wanted = {
        e.evidence_id
        for i in picture.graph.edge_indices()
        for e in picture.graph.get_edge_data_by_index(i).evidence
    }
    r = tables.reports
    found: dict[str, str] = {}
    for ref, text in conn.execute(
        select(r.c.reference, r.c.handling_conditions).where(
            r.c.reference.in_(sorted(wanted)), r.c.handling_conditions.is_not(None)
        )
    ):
        found[ref] = text
    return found


def _items(
    picture: Picture, roles: dict[str, list[RoleFinding]], conditions: dict[str, str]
) -> tuple[list[Item], list[Item]]:
    touching: dict[str, list[Edge]] = {n: [] for n in picture.nodes}
    links = []
    for i in picture.graph.edge_indices():
        edge: Edge = picture.graph.get_edge_data_by_index(i)
        touching[edge.source].append(edge)
        touching[edge.target].append(edge)
        codes = [e.handling_code for e in edge.evidence]
        said = sorted(
            {conditions[e.evidence_id] for e in edge.evidence if e.evidence_id in conditions}
        )
        starts = [e.valid_from for e in edge.evidence if e.valid_from]
        ends = [e.valid_to for e in edge.evidence if e.valid_to]
        links.append(
            Item(
                id=f"{edge.source}~{edge.target}",
                label=", ".join(t.lower().replace("_", " ") for t in edge.link_types),
                kind="|".join(edge.link_types),
                attributes={
                    "gradings": "; ".join(sorted({e.grading for e in edge.evidence})),
                    "handling_code": _handling(codes),
                    "handling_codes": ";".join(sorted({c for c in codes if c})),
                    "handling_conditions": " | ".join(said),
                    "classification": max(e.classification for e in edge.evidence),
                    "sources": ";".join(sorted({e.evidence_id for e in edge.evidence})),
                    "weight": f"{sum(e.weight or 0 for e in edge.evidence):g}",
                },
                source=edge.source,
                target=edge.target,
                start=min(starts) if starts else None,
                end=max(ends) if ends else None,
            )
        )
    nodes = []
    for node in picture.nodes.values():
        evidence = [e for edge in touching[node.id] for e in edge.evidence]
        said = sorted({conditions[e.evidence_id] for e in evidence if e.evidence_id in conditions})
        found = roles.get(node.id, [])
        attributes = {
            "schema": node.schema,
            "records": ";".join(node.members),
            "roles": ";".join(f"{f.role} ({f.score:.2f})" for f in found),
            "role_reasons": " | ".join(r for f in found for r in f.reasons),
            "handling_code": _handling([e.handling_code for e in evidence]),
            "handling_conditions": " | ".join(said),
            "gradings": "; ".join(sorted({e.grading for e in evidence})),
            "deal_line_score": f"{node.deal_line.score:.2f}" if node.deal_line else "",
        }
        nodes.append(Item(node.id, node.caption, node.schema, attributes))
    return nodes, links


def _iso(when: datetime | None) -> str:
    return when.isoformat() if when else ""


def to_anx(nodes: list[Item], links: list[Item]) -> str:
    """An i2 Analyst's Notebook Exchange (ANX) chart."""
    chart = ET.Element("Chart")
    kinds = ET.SubElement(chart, "EntityTypeCollection")
    for schema in sorted({n.kind for n in nodes}):
        ET.SubElement(kinds, "EntityType", Name=schema, IconFile=ANX_ICONS.get(schema, "General"))
    link_kinds = ET.SubElement(chart, "LinkTypeCollection")
    for kind in sorted({link.kind for link in links}):
        ET.SubElement(link_kinds, "LinkType", Name=kind)
    names = sorted({k for item in [*nodes, *links] for k in item.attributes})
    classes = ET.SubElement(chart, "AttributeClassCollection")
    for name in names:
        ET.SubElement(classes, "AttributeClass", Name=name, Type="AttText", UserCanAdd="true")
    items = ET.SubElement(chart, "ChartItemCollection")

    def attributes(parent: ET.Element, item: Item) -> None:
        held = ET.SubElement(parent, "AttributeCollection")
        for name, value in item.attributes.items():
            if value:
                ET.SubElement(held, "Attribute", AttributeClass=name, Value=value)

    for node in nodes:
        element = ET.SubElement(items, "ChartItem", Label=node.label, Description=node.kind)
        end = ET.SubElement(element, "End")
        entity = ET.SubElement(
            end, "Entity", EntityId=node.id, Identity=node.id, LabelIsIdentity="false"
        )
        icon = ET.SubElement(entity, "Icon")
        ET.SubElement(icon, "IconStyle", Type=ANX_ICONS.get(node.kind, "General"))
        attributes(element, node)
    for link in links:
        held = {"Label": link.label, "Description": link.kind}
        if link.start:
            held |= {"DateSet": "true", "DateTime": _iso(link.start)}
        element = ET.SubElement(items, "ChartItem", held)
        made = ET.SubElement(element, "Link", End1Id=link.source, End2Id=link.target)
        ET.SubElement(made, "LinkStyle", Type=link.kind, ArrowStyle="ArrowOnHead")
        attributes(element, link)
    ET.indent(chart)
    return ET.tostring(chart, encoding="unicode", xml_declaration=True)


GRAPHML = "http://graphml.graphdrawing.org/xmlns"


def to_graphml(nodes: list[Item], links: list[Item]) -> str:
    ET.register_namespace("", GRAPHML)
    root = ET.Element(f"{{{GRAPHML}}}graphml")
    node_keys = ["label", *sorted({k for n in nodes for k in n.attributes})]
    link_keys = ["label", "start", "end", *sorted({k for e in links for k in e.attributes})]
    for scope, keys in (("node", node_keys), ("edge", link_keys)):
        for key in keys:
            ET.SubElement(
                root,
                f"{{{GRAPHML}}}key",
                {"id": f"{scope}_{key}", "for": scope, "attr.name": key, "attr.type": "string"},
            )
    graph = ET.SubElement(root, f"{{{GRAPHML}}}graph", id="picture", edgedefault="undirected")
    for node in nodes:
        element = ET.SubElement(graph, f"{{{GRAPHML}}}node", id=node.id)
        for key, value in {"label": node.label, **node.attributes}.items():
            ET.SubElement(element, f"{{{GRAPHML}}}data", key=f"node_{key}").text = value
    for link in links:
        element = ET.SubElement(
            graph, f"{{{GRAPHML}}}edge", id=link.id, source=link.source, target=link.target
        )
        values = {
            "label": link.label,
            "start": _iso(link.start),
            "end": _iso(link.end),
            **link.attributes,
        }
        for key, value in values.items():
            ET.SubElement(element, f"{{{GRAPHML}}}data", key=f"edge_{key}").text = value
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


GEXF = "http://gexf.net/1.3"


def to_gexf(nodes: list[Item], links: list[Item]) -> str:
    ET.register_namespace("", GEXF)
    root = ET.Element(f"{{{GEXF}}}gexf", version="1.3")
    graph = ET.SubElement(root, f"{{{GEXF}}}graph", defaultedgetype="undirected", mode="static")
    node_keys = sorted({k for n in nodes for k in n.attributes})
    link_keys = sorted({k for e in links for k in e.attributes})
    for scope, keys in (("node", node_keys), ("edge", link_keys)):
        declared = ET.SubElement(graph, f"{{{GEXF}}}attributes", {"class": scope})
        for k, key in enumerate(keys):
            ET.SubElement(declared, f"{{{GEXF}}}attribute", id=str(k), title=key, type="string")
    for parent, items, keys in (("nodes", nodes, node_keys), ("edges", links, link_keys)):
        holder = ET.SubElement(graph, f"{{{GEXF}}}{parent}")
        for item in items:
            if parent == "nodes":
                element = ET.SubElement(holder, f"{{{GEXF}}}node", id=item.id, label=item.label)
            else:
                element = ET.SubElement(
                    holder,
                    f"{{{GEXF}}}edge",
                    id=item.id,
                    source=item.source,
                    target=item.target,
                    label=item.label,
                )
            values = ET.SubElement(element, f"{{{GEXF}}}attvalues")
            for k, key in enumerate(keys):
                if item.attributes.get(key):
                    ET.SubElement(
                        values,
                        f"{{{GEXF}}}attvalue",
                        {"for": str(k), "value": item.attributes[key]},
                    )
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def to_csv(nodes: list[Item], links: list[Item]) -> str:
    """One table: a row per node (kind "node") then per link, every attribute a column."""
    keys = sorted({k for item in [*nodes, *links] for k in item.attributes})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["item", "id", "label", "type", "source", "target", "start", "end", *keys])
    for name, items in (("node", nodes), ("link", links)):
        for item in items:
            writer.writerow(
                [
                    name,
                    item.id,
                    item.label,
                    item.kind,
                    item.source,
                    item.target,
                    _iso(item.start),
                    _iso(item.end),
                    *(item.attributes.get(k, "") for k in keys),
                ]
            )
    return out.getvalue()


FTM_SCHEMATA = {
    "Person": ("Person", "name"),
    "Address": ("Address", "full"),
    "Vehicle": ("Vehicle", "registrationNumber"),
    "CountyLine": ("Organization", "name"),
    # FollowTheMoney has no phone entity: an unidentified phone is a legal entity known only
    # by its number.
    "Phone": ("LegalEntity", "name"),
}


def _handling_note(item: Item) -> str:
    parts = [f"handling code {item.attributes['handling_code'] or 'none'}"]
    if item.attributes.get("handling_conditions"):
        parts.append(f"conditions: {item.attributes['handling_conditions']}")
    if item.attributes.get("gradings"):
        parts.append(f"graded {item.attributes['gradings']}")
    if item.attributes.get("roles"):
        parts.append(f"assessed roles: {item.attributes['roles']}")
    return "; ".join(parts)


def to_ftm(nodes: list[Item], links: list[Item]) -> str:
    """FollowTheMoney entities, one JSON object a line: things first, then their links."""
    lines = []
    schema_of = {n.id: n.kind for n in nodes}
    for node in nodes:
        schema, prop = FTM_SCHEMATA.get(node.kind, ("Thing", "name"))
        props = {prop: [node.label], "summary": [_handling_note(node)]}
        if node.kind == "Phone":
            props["phone"] = [node.label]
        lines.append({"id": node.id, "schema": schema, "properties": props})
    for link in links:
        note = {"summary": [_handling_note(link)]}
        dates = {"startDate": [link.start.date().isoformat()]} if link.start else {}
        kinds = link.kind.split("|")
        a, b = link.source, link.target
        if kinds == ["CONTACTED"]:
            schema, props = "Call", {"caller": [a], "receiver": [b]}
        elif kinds == ["ASSOCIATES_WITH"]:
            schema, props = (
                "Associate",
                {"person": [a], "associate": [b], "relationship": [link.label]},
            )
        elif kinds == ["KEEPER_OF"] and schema_of.get(b) == "Vehicle":
            schema, props = "Ownership", {"owner": [a], "asset": [b], "role": [link.label]}
        else:
            schema, props = "UnknownLink", {"subject": [a], "object": [b], "role": [link.label]}
        lines.append({"id": link.id, "schema": schema, "properties": {**props, **note, **dates}})
    return "".join(json.dumps(line, sort_keys=True) + "\n" for line in lines)


WRITERS: dict[str, Callable[[list[Item], list[Item]], str]] = {
    "anx": to_anx,
    "graphml": to_graphml,
    "gexf": to_gexf,
    "ftm": to_ftm,
    "csv": to_csv,
}


def export(
    access: Access,
    picture: Picture,
    fmt: str,
    roles: dict[str, list[RoleFinding]] | None = None,
    recipient: str | None = None,
) -> str:
    """The picture in ``fmt`` (one of FORMATS), audited on the EXPORT channel.

    Sent to a ``recipient`` it is a disclosure (needs the right to disclose); kept by the
    analyst it is a consultation.
    """
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    access.require(Permission.VIEW_PICTURE)
    if recipient is not None:
        access.require(Permission.DISCLOSE)
    exporting = replace(access, channel="EXPORT")
    with access.store.begin() as conn:
        conditions = _conditions(conn, picture)
        nodes, links = _items(picture, roles or {}, conditions)
        text = WRITERS[fmt](nodes, links)
        ids = sorted(picture.nodes)
        if recipient is not None:
            exporting.log(
                conn,
                AuditOperation.DISCLOSURE,
                ids,
                recipients=[recipient],
                operation_ref=f"network export {fmt}",
            )
        else:
            exporting.log(
                conn, AuditOperation.CONSULTATION, ids, operation_ref=f"network export {fmt}"
            )
    return text


def subgraph(picture: Picture, entity_ids: Collection[str]) -> Picture:
    """The part of the picture among ``entity_ids`` (a line's, or a person's neighbourhood)."""
    keep = [picture.index[i] for i in entity_ids if i in picture.index]
    graph = picture.graph.subgraph(sorted(keep))
    index = {graph[i]: i for i in graph.node_indices()}
    return Picture(graph, {i: picture.nodes[i] for i in index}, index)


def neighbourhood(picture: Picture, entity_id: str, hops: int = 2) -> Picture:
    """Everything within ``hops`` steps of one entity."""
    seen, frontier = {entity_id}, {entity_id}
    for _ in range(hops):
        frontier = {n.id for f in frontier for n in picture.neighbours(f)} - seen
        seen |= frontier
    return subgraph(picture, seen)
