"""Shared fixtures: a migrated store on SQLite and, where configured, on PostgreSQL.

Store-backed tests take the ``store`` fixture and so run on both backends. PostgreSQL tests
skip with a visible reason when LINEWATCH_TEST_POSTGRES_URL is unset; CI sets it and also sets
LINEWATCH_REQUIRE_POSTGRES=1, which turns that skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from linewatch.store import Store

POSTGRES_URL = os.environ.get("LINEWATCH_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("LINEWATCH_REQUIRE_POSTGRES") == "1"


def _postgres_store() -> Iterator[Store]:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("LINEWATCH_TEST_POSTGRES_URL is unset but PostgreSQL tests are required")
        pytest.skip("PostgreSQL not configured: set LINEWATCH_TEST_POSTGRES_URL to run")
    # A schema of its own per test keeps parallel workers apart.
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    store = Store(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}")
    try:
        store.migrate()
        yield store
    finally:
        store.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A freshly migrated, empty store on each backend."""
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'linewatch.db'}")
        s.migrate()
        yield s
        s.dispose()
    else:
        yield from _postgres_store()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A migrated SQLite store, for tests that are about logic rather than the backend."""
    s = Store(f"sqlite:///{tmp_path / 'linewatch.db'}")
    s.migrate()
    yield s
    s.dispose()
