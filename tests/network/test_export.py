from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from followthemoney import model
from sqlalchemy import select

from linewatch.access import FORCE_ORG, Access, AccessDenied, Actor
from linewatch.model import Role
from linewatch.network import build_graph, infer_roles, roles_by_subject
from linewatch.network.export import FORMATS, export, neighbourhood
from linewatch.store import Store, tables
from network.smallpicture import SmallPicture

G = "{http://graphml.graphdrawing.org/xmlns}"
X = "{http://gexf.net/1.3}"


def _audit(store: Store) -> list[tuple[str, str, str | None]]:
    log = tables.audit_log
    with store.begin() as conn:
        rows = conn.execute(
            select(log.c.operation, log.c.channel, log.c.operation_ref).order_by(log.c.seq)
        ).all()
    return [(r.operation, r.channel, r.operation_ref) for r in rows]


def test_an_anx_chart_holds_every_entity_and_link_with_icons_and_handling(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    picture = build_graph(analyst)
    roles = roles_by_subject(infer_roles(picture))

    chart = ET.fromstring(export(analyst, picture, "anx", roles))

    entities = chart.findall("./ChartItemCollection/ChartItem/End/Entity")
    links = chart.findall("./ChartItemCollection/ChartItem/Link")
    assert {e.get("EntityId") for e in entities} == set(picture.nodes)
    assert len(links) == picture.graph.num_edges()
    icons = {
        e.get("EntityId"): e.find("./Icon/IconStyle").get("Type")  # type: ignore[union-attr]
        for e in entities
    }
    assert icons[small_picture.ids["line"]] == "Mobile Phone"
    assert icons[small_picture.ids["runner"]] == "Person"
    assert icons[small_picture.ids["runner_car"]] == "Car"
    ends = {e.get("EntityId") for e in entities}
    assert all(link.get("End1Id") in ends and link.get("End2Id") in ends for link in links)
    for item in chart.findall("./ChartItemCollection/ChartItem[Link]"):
        values = {
            a.get("AttributeClass"): a.get("Value") for a in item.findall("./AttributeCollection/")
        }
        assert "gradings" in values and "classification" in values
    runner = next(
        item
        for item in chart.findall("./ChartItemCollection/ChartItem")
        if item.find(f"./End/Entity[@EntityId='{small_picture.ids['runner']}']") is not None
    )
    said = {a.get("AttributeClass"): a.get("Value") for a in runner.iter("Attribute")}
    assert said["handling_code"] == "C"  # one of the runner's reports sets conditions
    assert "RUNNER" in said["roles"] and "POTENTIAL_VICTIM" in said["roles"]
    declared = {c.get("Name") for c in chart.iter("AttributeClass")}
    assert {"handling_code", "handling_conditions", "gradings", "roles"} <= declared


def test_graphml_gexf_csv_and_ftm_carry_every_item(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    picture = build_graph(analyst)
    n, m = len(picture.nodes), picture.graph.num_edges()

    graphml = ET.fromstring(export(analyst, picture, "graphml"))
    gexf = ET.fromstring(export(analyst, picture, "gexf"))
    rows = list(csv.DictReader(io.StringIO(export(analyst, picture, "csv"))))
    ftm = [json.loads(line) for line in export(analyst, picture, "ftm").splitlines()]

    assert len(graphml.findall(f"./{G}graph/{G}node")) == n
    assert len(graphml.findall(f"./{G}graph/{G}edge")) == m
    assert len(gexf.findall(f"./{X}graph/{X}nodes/{X}node")) == n
    assert len(gexf.findall(f"./{X}graph/{X}edges/{X}edge")) == m
    assert [r["item"] for r in rows].count("node") == n
    assert [r["item"] for r in rows].count("link") == m
    assert all("handling_code" in r for r in rows)
    assert len(ftm) == n + m
    assert all("handling code" in e["properties"]["summary"][0] for e in ftm)
    schemata = {e["schema"] for e in ftm}
    assert {"Person", "Vehicle", "Call", "Associate", "Ownership", "UnknownLink"} <= schemata


def test_ftm_entities_are_valid_in_the_followthemoney_model(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    picture = build_graph(analyst)

    for line in export(analyst, picture, "ftm").splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        for prop, values in data["properties"].items():
            assert proxy.schema.get(prop) is not None, (data["schema"], prop)
            assert proxy.get(prop) == values or values


def test_an_export_is_audited_on_the_export_channel(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    picture = neighbourhood(build_graph(analyst), small_picture.ids["runner"], hops=1)

    officer = Access(
        store,
        Actor("io-1", Role.INTELLIGENCE_OFFICER, FORCE_ORG),
        "Sharing the runner's network with the safeguarding partnership",
    )

    export(analyst, picture, "graphml")
    export(officer, picture, "anx", recipient="Rutland County Council safeguarding")
    with pytest.raises(AccessDenied):
        export(analyst, picture, "anx", recipient="anyone")

    logged = _audit(store)[-2:]
    assert logged == [
        ("CONSULTATION", "EXPORT", "network export graphml"),
        ("DISCLOSURE", "EXPORT", "network export anx"),
    ]
    assert small_picture.ids["runner_car"] in picture.nodes
    assert small_picture.ids["farther"] not in picture.nodes
    with pytest.raises(ValueError, match="unknown export format"):
        export(analyst, picture, "pdf")
    assert set(FORMATS) == {"anx", "graphml", "gexf", "ftm", "csv"}
