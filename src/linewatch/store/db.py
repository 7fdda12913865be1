"""The database seam: engines, transactions, migrations and the few dialect-specific writes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, insert, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

if TYPE_CHECKING:
    from alembic.config import Config
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from linewatch import settings


def utcnow() -> datetime:
    return datetime.now(UTC)


def make_id(prefix: str, *parts: object) -> str:
    """A stable id from content, so re-importing the same record yields the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f"{prefix}-{digest[:20]}"


def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_conn.cursor()
    # WAL lets the web app read while an import writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


POOL_SIZE = 20
SQLITE_BUSY_SECONDS = 30


class Store:
    """One system of record: an engine plus the operations every stage needs."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or settings.database_url()
        options: dict[str, Any] = {}
        if not self.url.startswith("sqlite"):
            # The web app serves many requests at once per worker; a pool smaller than that
            # opens and throws away a server connection (a new PostgreSQL process) per request.
            options = {"pool_size": POOL_SIZE, "max_overflow": POOL_SIZE // 2}
        else:
            # SQLite has one writer at a time, and an import holds it until the whole file is
            # in: a sign-in meanwhile waits for it rather than fail after the usual 5 s.
            options = {"connect_args": {"timeout": SQLITE_BUSY_SECONDS}}
        self.engine: Engine = create_engine(self.url, future=True, **options)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction: everything inside commits together or not at all."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def alembic_config(self) -> Config:
        """Alembic's configuration for this store: the packaged migrations, this engine."""
        from alembic.config import Config

        config = Config()
        location = resources.files("linewatch.store").joinpath("migrations")
        config.set_main_option("script_location", str(location))
        config.attributes["engine"] = self.engine
        return config

    def migrate(self) -> None:
        """Bring the schema up to the newest Alembic revision."""
        from alembic import command

        command.upgrade(self.alembic_config(), "head")

    def dispose(self) -> None:
        self.engine.dispose()


def insert_ignore(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], key: Iterable[str]
) -> int:
    """Insert rows, skipping any whose ``key`` columns already exist. Returns rows inserted.

    This is what makes every import idempotent: the same record twice adds nothing.
    """
    if not rows:
        return 0
    keys = list(key)
    dialect = conn.dialect.name
    if dialect == "postgresql":
        stmt: Any = pg_insert(table).on_conflict_do_nothing(index_elements=keys)
    elif dialect == "sqlite":
        stmt = sqlite_insert(table).on_conflict_do_nothing(index_elements=keys)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        stmt = insert(table)
    # rowcount is unreliable for batched inserts on PostgreSQL; count what RETURNING gives back.
    stmt = stmt.returning(table.c[keys[0]])
    total = 0
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        total += len(conn.execute(stmt, list(chunk)).all())
    return total


def lock_work(conn: Connection, name: str) -> None:
    """Hold the lock called ``name`` until ``conn``'s transaction ends, waiting for it if taken.

    Work that rewrites a derived table from scratch (the canonical ids) must not run twice at
    once, in this process or another. PostgreSQL takes a transaction-level advisory lock keyed
    on the name, so unrelated writes go on. SQLite has one writer at a time: the transaction
    takes the database's write lock now (BEGIN IMMEDIATE) instead of at its first write, so
    two such transactions cannot both read the old state and then both write; the second
    waits for the first, up to SQLite's busy timeout.
    """
    dialect = conn.dialect.name
    if dialect == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif dialect == "sqlite":
        driver = conn.connection.driver_connection
        # Once the transaction has written, it already holds the write lock.
        if driver is not None and not driver.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"no work lock on {dialect}")
