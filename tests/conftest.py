"""Shared fixtures: a migrated store on SQLite and, where configured, on PostgreSQL.

Store-backed tests take the ``store`` fixture and so run on both backends. PostgreSQL tests
skip with a visible reason when LINEWATCH_TEST_POSTGRES_URL is unset; CI sets it and also sets
LINEWATCH_REQUIRE_POSTGRES=1, which turns that skip into a failure.

Migrations run once per test session (SQLite: a template file copied per test; PostgreSQL: a
schema per worker, emptied between tests), so a test pays for an empty database, not a build.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from linewatch.access import create_organisation
from linewatch.access.users import DEMO_ORGANISATIONS
from linewatch.store import Store, tables

POSTGRES_URL = os.environ.get("LINEWATCH_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("LINEWATCH_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "linewatch.db"
    template = Store(f"sqlite:///{path}")
    template.migrate()
    with template.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    template.dispose()
    return path


def _copy_sqlite(template: Path, folder: Path) -> Store:
    target = folder / "linewatch.db"
    shutil.copyfile(template, target)
    return Store(f"sqlite:///{target}")


@pytest.fixture(scope="session")
def _postgres_schema() -> Iterator[str]:
    """One migrated schema for this test process; dropped at the end."""
    if not POSTGRES_URL:
        yield ""
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        store = Store(_schema_url(schema))
        store.migrate()
        store.dispose()
        yield schema
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _schema_url(schema: str) -> str:
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"


def _empty_postgres(store: Store) -> None:
    """Empty the tables the last test wrote to (TRUNCATE of all of them costs a second)."""
    probe = " UNION ALL ".join(
        f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")"
        for t in tables.metadata.sorted_tables
    )
    with store.begin() as conn:
        used = [row[0] for row in conn.exec_driver_sql(probe)]
        if used:
            names = ", ".join(f'"{name}"' for name in used)
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    _sqlite_template: Path,
    _postgres_schema: str,
) -> Iterator[Store]:
    """A freshly migrated, empty store on each backend."""
    if request.param == "sqlite":
        s = _copy_sqlite(_sqlite_template, tmp_path)
    else:
        if not POSTGRES_URL:
            if REQUIRE_POSTGRES:
                pytest.fail("LINEWATCH_TEST_POSTGRES_URL is unset but PostgreSQL is required")
            pytest.skip("PostgreSQL not configured: set LINEWATCH_TEST_POSTGRES_URL to run")
        s = Store(_schema_url(_postgres_schema))
        _empty_postgres(s)
    yield s
    s.dispose()


@pytest.fixture
def sqlite_store(tmp_path: Path, _sqlite_template: Path) -> Iterator[Store]:
    """A migrated SQLite store, for tests that are about logic rather than the backend."""
    s = _copy_sqlite(_sqlite_template, tmp_path)
    yield s
    s.dispose()


@pytest.fixture
def organised(store: Store) -> Store:
    """A store holding the demo's organisations (the force, its partners, neighbours)."""
    with store.begin() as conn:
        for org_id, name, kind in DEMO_ORGANISATIONS:
            create_organisation(conn, org_id, name, kind)
    return store
