from __future__ import annotations

import pytest
from sqlalchemy import select

from linewatch.access import Access, AccessDenied, Actor
from linewatch.model import Role
from linewatch.network import build_graph
from linewatch.store import Store, tables
from network.smallpicture import SmallPicture


def test_merged_records_are_one_node_carrying_the_links_of_each(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids

    picture = build_graph(analyst)

    holder = min(ids["holder_a"], ids["holder_b"])
    assert ids["holder_a"] not in picture.nodes or ids["holder_b"] not in picture.nodes
    node = picture.nodes[holder]
    assert node.schema == "Person" and node.caption == "Dee Holder"
    assert node.members == sorted([ids["holder_a"], ids["holder_b"]])
    neighbours = {n.id for n in picture.neighbours(holder)}
    assert neighbours == {ids["holder_phone"], ids["home"], ids["holder_car"]}


def test_an_edge_keeps_every_source_with_its_grading(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids

    picture = build_graph(analyst)

    edge = picture.edge(ids["runner"], ids["far"])
    assert edge is not None and edge.link_types == ["ASSOCIATES_WITH"]
    graded = sorted((e.evidence_id, e.grading) for e in edge.evidence)
    assert graded == [("IR-2026-000001", "2/B/P"), ("IR-2026-000002", "1/A/C")]
    contacted = picture.edge(ids["holder_phone"], ids["line"])
    assert contacted is not None and contacted.evidence[0].weight == 42.0
    assert contacted.evidence[0].grading == "ungraded"
    assert (contacted.source, contacted.target) == (ids["line"], ids["holder_phone"])


def test_current_deal_line_flags_are_on_their_phones_links_or_not(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    ids = small_picture.ids

    picture = build_graph(analyst)

    flagged = picture.deal_lines()
    assert [n.id for n in flagged] == [ids["line"], ids["lone_line"]]
    assert flagged[0].deal_line is not None
    assert flagged[0].deal_line.assessment_id == ids["assessment"]
    assert flagged[0].caption == "+447700900001"
    assert ids["old_line"] not in picture.nodes  # superseded, and linked to nothing
    assert picture.neighbours(ids["lone_line"]) == []
    assert "2 flagged deal lines" in picture.summary()


def test_building_the_picture_is_a_logged_consultation(
    store: Store, small_picture: SmallPicture, analyst: Access
) -> None:
    picture = build_graph(analyst)

    with store.connect() as conn:
        logged = conn.execute(
            select(tables.audit_log).where(tables.audit_log.c.operation == "CONSULTATION")
        ).one()
    assert set(logged.record_ids) == set(picture.nodes)


@pytest.mark.parametrize(
    ("role", "organisation"), [(Role.PCC_OFFICE, "pcc"), (Role.PARTNER, "rutland-housing")]
)
def test_the_pcc_office_and_partners_cannot_build_the_picture(
    sqlite_store: Store, role: Role, organisation: str
) -> None:
    outsider = Access(sqlite_store, Actor("u1", role, organisation), "Looking at the picture")

    with pytest.raises(AccessDenied):
        build_graph(outsider)


def test_an_empty_store_gives_an_empty_picture(sqlite_store: Store) -> None:
    from linewatch.access import system_access

    picture = build_graph(system_access(sqlite_store, "Building an empty picture"))

    assert picture.nodes == {} and picture.graph.num_edges() == 0
    assert picture.deal_lines() == []
