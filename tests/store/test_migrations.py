"""The Alembic migrations build exactly the schema that ``store.tables`` declares.

Code reads and writes through ``tables``; a database is built by the migrations. If a table,
column, index or constraint is declared in one and not the other, the first import on a fresh
database fails in a way no unit test on the metadata alone would show.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from linewatch.store import Store, tables


def _differences(store: Store) -> list[object]:
    with store.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, tables.metadata))


def test_migrations_match_the_declared_tables(store: Store) -> None:
    differences = [d for d in _differences(store) if "alembic_version" not in repr(d)]
    assert differences == [], "\n".join(repr(d) for d in differences)


def test_downgrade_to_the_base_and_back_leaves_the_same_schema(sqlite_store: Store) -> None:
    from alembic import command

    config = sqlite_store.alembic_config()
    command.downgrade(config, "base")
    with sqlite_store.connect() as conn:
        left = set(conn.dialect.get_table_names(conn)) - {"alembic_version"}
    assert left == set()
    sqlite_store.migrate()
    assert _differences(sqlite_store) == []
