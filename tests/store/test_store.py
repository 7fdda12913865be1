"""The store on each backend: migrations, idempotent writes, facts with provenance, batches."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from linewatch.store import (
    ImportResult,
    Provenance,
    RowError,
    Store,
    add_entity,
    add_link,
    close_batch,
    file_sha256,
    insert_ignore,
    open_batch,
    quarantine_row,
    tables,
    utcnow,
)

REPORT = Provenance(
    source_kind="report",
    source_id="rep-1",
    source_evaluation="2",
    intelligence_assessment="B",
    handling_code="P",
    is_synthetic=True,
)


def _count(store: Store, table: tables.Table) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_migration_creates_every_table(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert set(tables.metadata.tables) <= names
    store.migrate()  # a second run is a no-op, not an error


def test_entity_statements_are_cleaned_and_keep_the_raw_value(store: Store) -> None:
    with store.begin() as conn:
        add_entity(conn, "Phone", "ph-1", {"number": "07700 900123"}, REPORT)
        add_entity(conn, "Vehicle", "ve-1", {"vrm": "ab12 cde", "colour": "silver"}, REPORT)
    with store.connect() as conn:
        rows = {r.prop: r for r in conn.execute(select(tables.statements))}
    assert rows["number"].value == "+447700900123"
    assert rows["number"].original_value == "07700 900123"
    assert rows["vrm"].value == "AB12CDE"
    assert rows["number"].source_evaluation == "2"
    assert rows["number"].is_synthetic is True


def test_writing_the_same_fact_twice_adds_nothing(store: Store) -> None:
    for _ in range(2):
        with store.begin() as conn:
            add_entity(conn, "Person", "pe-1", {"name": "Jayden  Smith", "alias": ["Jay"]}, REPORT)
            add_entity(conn, "Phone", "ph-1", {"number": "07700900123"}, REPORT)
            add_link(conn, "USES_PHONE", "pe-1", "ph-1", REPORT)
    assert _count(store, tables.entities) == 2
    assert _count(store, tables.statements) == 3
    assert _count(store, tables.links) == 1


def test_an_invalid_value_names_its_property(store: Store) -> None:
    with pytest.raises(RowError) as caught, store.begin() as conn:
        add_entity(conn, "Phone", "ph-2", {"number": "not a number"}, REPORT)
    assert caught.value.field_name == "number"
    assert _count(store, tables.entities) == 0  # the transaction rolled back


def test_unknown_property_and_link_type_are_refused(store: Store) -> None:
    with pytest.raises(RowError, match="no property 'shoe_size'"), store.begin() as conn:
        add_entity(conn, "Person", "pe-1", {"shoe_size": "9"}, REPORT)
    with pytest.raises(ValueError, match="unknown link type"), store.begin() as conn:
        add_link(conn, "LIKES", "a", "b", REPORT)


def test_a_file_imported_twice_is_recognised(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("a,b\n1,2\n")
    digest = file_sha256(path)
    first = ImportResult("reports", path.name)
    with store.begin() as conn:
        assert open_batch(conn, first, dataset="test", sha256=digest)
        first.rows_total = 2
        first.rows_loaded = 1
        quarantine_row(conn, first, row_number=2, raw={"a": "x"}, error=RowError("a", "bad"))
        close_batch(conn, first)
    second = ImportResult("reports", path.name)
    with store.begin() as conn:
        assert not open_batch(conn, second, dataset="test", sha256=digest)
    assert second.already_imported and second.duplicate_of_batch == first.batch_id
    assert first.problems == ["row 2: a: bad"]
    with store.connect() as conn:
        held = conn.execute(select(tables.quarantine)).one()
    assert (held.field, held.reason, held.raw) == ("a", "bad", {"a": "x"})


def test_insert_ignore_counts_only_new_rows(store: Store) -> None:
    rows = [{"id": f"e-{i}", "schema": "Person", "created_at": utcnow()} for i in range(3)]
    with store.begin() as conn:
        assert insert_ignore(conn, tables.entities, rows[:2], ["id"]) == 2
        assert insert_ignore(conn, tables.entities, rows, ["id"]) == 1
        assert insert_ignore(conn, tables.entities, [], ["id"]) == 0
