"""Canonical ids, members and the links between resolved entities."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from linewatch.access import Access
from linewatch.resolve import (
    canonical_id,
    canonical_links,
    canonical_map,
    canonical_of,
    members,
    rebuild_canonical,
    resolve_exact,
)
from linewatch.resolve.canonical import Clusters
from linewatch.store import Store, tables
from resolve.records import as_system, entity, link


def test_an_unmerged_record_is_its_own_canonical_entity(sqlite_store: Store) -> None:
    entity(sqlite_store, "Phone", "ph-1", {"number": "07700 900101"}, "r:1")

    with sqlite_store.connect() as conn:
        assert canonical_id(conn, "ph-1") == "ph-1"
        assert members(conn, "ph-1") == ["ph-1"]
        assert canonical_map(conn) == {}


def test_links_are_rewritten_to_canonical_ends_with_their_evidence(
    store: Store, system: Access
) -> None:
    entity(store, "Phone", "ph-1", {"number": "07700 900101"}, "r:1")
    entity(store, "Phone", "ph-2", {"number": "07700 900101"}, "r:2")
    entity(store, "Phone", "ph-3", {"number": "07700 900102"}, "r:3")
    since = datetime(2026, 2, 1, tzinfo=UTC)
    link(store, "CONTACTED", "ph-3", "ph-2", "calls:P-1", valid_from=since)
    link(store, "CONTACTED", "ph-3", "ph-1", "calls:P-2")

    resolve_exact(system)

    with store.connect() as conn:
        found = sorted(canonical_links(conn), key=lambda cl: cl.evidence_id)
        assert canonical_map(conn) == {"ph-1": "ph-1", "ph-2": "ph-1"}
    assert [(cl.link_type, cl.source, cl.target, cl.evidence_id) for cl in found] == [
        ("CONTACTED", "ph-3", "ph-1", "calls:P-1"),
        ("CONTACTED", "ph-3", "ph-1", "calls:P-2"),
    ]
    assert found[0].target_record == "ph-2"
    assert found[0].valid_from is not None and found[0].valid_from.date() == since.date()
    assert found[0].source_evaluation == "2"


def test_canonical_of_joins_any_table_to_resolved_entities(sqlite_store: Store) -> None:
    entity(sqlite_store, "Vehicle", "ve-2", {"vrm": "AB12CDE"}, "r:1")
    entity(sqlite_store, "Vehicle", "ve-1", {"vrm": "AB12CDE"}, "r:2")
    resolve_exact(as_system(sqlite_store))

    st = tables.statements
    with sqlite_store.connect() as conn:
        rows = conn.execute(select(canonical_of(st.c.entity_id), st.c.entity_id)).all()
    assert sorted((str(c), str(e)) for c, e in rows) == [("ve-1", "ve-1"), ("ve-1", "ve-2")]


def test_a_rebuild_repairs_a_map_that_drifted(sqlite_store: Store) -> None:
    entity(sqlite_store, "Vehicle", "ve-1", {"vrm": "AB12CDE"}, "r:1")
    entity(sqlite_store, "Vehicle", "ve-2", {"vrm": "AB12CDE"}, "r:2")
    entity(sqlite_store, "Vehicle", "ve-3", {"vrm": "XY12ZZZ"}, "r:3")
    resolve_exact(as_system(sqlite_store))
    with sqlite_store.begin() as conn:
        conn.execute(tables.entity_canonical.delete())
        conn.execute(tables.entity_canonical.insert().values(entity_id="ve-3", canonical_id="ve-1"))

    with sqlite_store.begin() as conn:
        rebuilt = rebuild_canonical(conn, "system")
        assert canonical_map(conn) == {"ve-1": "ve-1", "ve-2": "ve-1"}
    assert rebuilt.changed == {"ve-1", "ve-2", "ve-3"}


def test_clusters_refuse_a_join_a_negative_judgement_forbids() -> None:
    clusters = Clusters([("c", "e")])
    clusters.union("a", "b")
    clusters.union("b", "c")
    clusters.union("d", "e")

    assert clusters.same("a", "c")
    assert clusters.conflict("a", "d") in {("c", "e"), ("e", "c")}
    assert not clusters.conflicts("a", "f")
    assert sorted(sorted(g) for g in clusters.groups()) == [["a", "b", "c"], ["d", "e"]]
