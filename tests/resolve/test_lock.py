"""The canonical rebuild's lock: two holders never overlap, and nobody else waits while a
matcher works out its proposals; on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from sqlalchemy import Connection, select

from linewatch.resolve import Candidate, canonical_id, resolve
from linewatch.resolve.canonical import CANONICAL_LOCK
from linewatch.store import Store, add_entity, lock_work, tables
from resolve.records import as_system, entity, source


def test_a_second_holder_waits_until_the_first_commits(store: Store) -> None:
    for record in ("pe-0", "pe-first-0", "pe-second-0", "pe-second-1"):
        entity(store, "Person", record, {"name": "Kai Reed"}, f"agency:{record}")
    spans: list[tuple[str, float, float]] = []
    first_holds = threading.Event()

    def work(name: str, hold: float) -> None:
        with store.begin() as conn:
            lock_work(conn, CANONICAL_LOCK)
            started = time.monotonic()
            first_holds.set()
            # Read then write, as a rebuild does: the second must see the first's row.
            seen = conn.execute(select(tables.entity_canonical.c.entity_id)).scalars().all()
            time.sleep(hold)
            conn.execute(
                tables.entity_canonical.insert().values(
                    entity_id=f"pe-{name}-{len(seen)}", canonical_id="pe-0"
                )
            )
            spans.append((name, started, time.monotonic()))

    first = threading.Thread(target=work, args=("first", 0.6))
    first.start()
    assert first_holds.wait(10)
    second = threading.Thread(target=work, args=("second", 0.0))
    second.start()
    first.join(20)
    second.join(20)

    assert [s[0] for s in spans] == ["first", "second"]
    assert spans[1][1] >= spans[0][2], "the second holder started before the first ended"
    with store.connect() as conn:
        ids = set(conn.execute(select(tables.entity_canonical.c.entity_id)).scalars())
    assert ids == {"pe-first-0", "pe-second-1"}


class WritingMatcher:
    """Proposes one pair; while it works, someone else writes to the store."""

    name = "test"

    def __init__(self, store: Store) -> None:
        self.store = store

    def candidates(self, conn: Connection) -> Iterator[Candidate]:
        with self.store.begin() as other:
            add_entity(other, "Person", "pe-late", {"name": "Owen Hart"}, source("agency:late"))
        yield Candidate("pe-0", "pe-first-0", 1.0, "test:1", "same force reference")


def test_other_writers_go_on_while_a_matcher_proposes(store: Store) -> None:
    for record in ("pe-0", "pe-first-0"):
        entity(store, "Person", record, {"name": "Kai Reed"}, f"agency:{record}")

    result = resolve(as_system(store), WritingMatcher(store))

    assert result.merged == 1
    with store.connect() as conn:
        assert canonical_id(conn, "pe-first-0") == "pe-0"
        assert conn.execute(
            select(tables.entities.c.id).where(tables.entities.c.id == "pe-late")
        ).scalar()
