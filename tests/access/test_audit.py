"""The s.62 audit log: the hash chain, tamper detection, concurrent writers, restricted reading."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, event, func, insert, select, text, update
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from linewatch.access import (
    SYSTEM,
    Access,
    AccessDenied,
    ChainHead,
    DemoUser,
    audit,
    get_actor,
    system_access,
)
from linewatch.model import AuditOperation
from linewatch.store import Store, tables, utcnow

log = tables.audit_log


def _append(store: Store, count: int, actor_id: str = "analyst") -> None:
    for i in range(count):
        with store.begin() as conn:
            audit.append(
                conn,
                actor_id=actor_id,
                operation=AuditOperation.CONSULTATION,
                record_ids=[f"rep-{i}", "rep-shared"],
                channel="SCREEN",
                justification=f"enquiry {i}",
            )
    # Tampering is modelled on sealed records: on PostgreSQL a record joins the chain when
    # it is sealed, which the web app does about every second.
    audit.seal(store)


def _row(store: Store, seq: int) -> dict[str, Any]:
    with store.connect() as conn:
        return dict(conn.execute(select(log).where(log.c.seq == seq)).mappings().one())


def _count(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(log)).scalar_one())


def test_an_untouched_chain_verifies_and_reports_its_head(store: Store) -> None:
    _append(store, 5)
    result = audit.verify(store)
    assert result.ok, result.message()
    assert result.records_checked == 5
    assert result.head == ChainHead(5, _row(store, 5)["hash"])
    assert str(result.head) in result.message()


def test_an_empty_log_verifies(store: Store) -> None:
    result = audit.verify(store)
    assert result.ok and result.records_checked == 0 and result.head is None


def test_each_record_links_to_the_one_before(store: Store) -> None:
    _append(store, 3)
    first, second, third = (_row(store, seq) for seq in (1, 2, 3))
    assert first["prev_hash"] == audit.GENESIS
    assert second["prev_hash"] == first["hash"]
    assert third["prev_hash"] == second["hash"]
    assert first["record_ids"] == ["rep-0", "rep-shared"]


def test_altered_content_names_the_altered_record(store: Store) -> None:
    _append(store, 5)
    with store.begin() as conn:
        conn.execute(update(log).where(log.c.seq == 3).values(actor_id="someone-else"))
    result = audit.verify(store)
    assert not result.ok
    assert result.first_broken_seq == 3
    assert result.records_checked == 2
    assert result.problem == "content was altered"
    assert "broken at record 3" in result.message()


def test_altered_record_with_recomputed_hash_breaks_the_next_link(store: Store) -> None:
    _append(store, 5)
    forged = _row(store, 3) | {"justification": "rewritten"}
    forged["hash"] = audit._digest(forged)
    with store.begin() as conn:
        conn.execute(update(log).where(log.c.seq == 3).values(**forged))
    result = audit.verify(store)
    assert result.first_broken_seq == 4
    assert result.problem is not None and "previous-hash link" in result.problem


def test_a_deleted_record_is_named_as_missing(store: Store) -> None:
    _append(store, 5)
    with store.begin() as conn:
        conn.execute(delete(log).where(log.c.seq == 3))
    result = audit.verify(store)
    assert not result.ok
    assert result.first_broken_seq == 4
    assert result.problem == "record 3 is missing before it"


def test_reordered_records_are_detected_at_the_first_moved(store: Store) -> None:
    _append(store, 5)
    second, third = _row(store, 2), _row(store, 3)
    with store.begin() as conn:
        conn.execute(update(log).where(log.c.seq == 2).values(**(third | {"seq": 2})))
        conn.execute(update(log).where(log.c.seq == 3).values(**(second | {"seq": 3})))
    result = audit.verify(store)
    assert not result.ok
    assert result.first_broken_seq == 2


def test_an_inserted_record_is_detected(store: Store) -> None:
    _append(store, 5)
    with store.begin() as conn:
        # Make room at 3 (highest first, so the primary key never collides), then slip in a
        # record whose own hash and link are right: whoever forged it knew the algorithm.
        for seq in (5, 4, 3):
            conn.execute(update(log).where(log.c.seq == seq).values(seq=seq + 1))
    forged = _row(store, 4) | {
        "seq": 3,
        "actor_id": "intruder",
        "prev_hash": _row(store, 2)["hash"],
    }
    forged["hash"] = audit._digest(forged)
    with store.begin() as conn:
        conn.execute(insert(log).values(**forged))
    result = audit.verify(store)
    assert not result.ok
    assert result.first_broken_seq == 4
    assert result.records_checked == 3


def test_an_appended_record_with_a_made_up_hash_is_detected(store: Store) -> None:
    _append(store, 2)
    made_up = _row(store, 2) | {"seq": 3, "prev_hash": _row(store, 2)["hash"], "hash": "f" * 64}
    with store.begin() as conn:
        conn.execute(insert(log).values(**made_up))
    result = audit.verify(store)
    assert (result.first_broken_seq, result.problem) == (3, "content was altered")


def test_removing_the_newest_records_is_caught_against_a_noted_head(store: Store) -> None:
    _append(store, 5)
    noted = audit.verify(store).head
    assert noted is not None
    assert ChainHead.parse(str(noted)) == noted
    with store.begin() as conn:
        conn.execute(delete(log).where(log.c.seq >= 4))
    assert audit.verify(store).ok, "a bare chain cannot see its own tail cut off"
    result = audit.verify(store, expected_head=noted)
    assert not result.ok
    assert result.first_broken_seq == 5
    assert result.problem is not None and "ends at record 3" in result.problem


def test_a_noted_head_with_a_different_hash_is_reported(store: Store) -> None:
    _append(store, 3)
    result = audit.verify(store, expected_head=ChainHead(2, "0" * 64))
    assert (result.ok, result.first_broken_seq) == (False, 2)
    assert audit.verify(store, expected_head=ChainHead(2, _row(store, 2)["hash"])).ok


def test_chain_head_parse_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        ChainHead.parse("twelve:abc")


def test_a_disclosure_must_name_its_recipients(store: Store) -> None:
    for recipients in (None, [], [" "]):
        with store.begin() as conn, pytest.raises(ValueError, match="recipients"):
            audit.append(
                conn,
                actor_id="intel",
                operation=AuditOperation.DISCLOSURE,
                record_ids=["rep-1"],
                channel="EXPORT",
                recipients=recipients,
            )
    assert _count(store) == 0


def test_an_unknown_channel_is_refused(store: Store) -> None:
    with store.begin() as conn, pytest.raises(ValueError, match="channel"):
        audit.append(
            conn,
            actor_id="intel",
            operation=AuditOperation.CONSULTATION,
            record_ids=["rep-1"],
            channel="CARRIER_PIGEON",
        )


def test_an_audit_record_rolls_back_with_the_work_it_describes(store: Store) -> None:
    access = system_access(store, "test import")
    with pytest.raises(RuntimeError), store.begin() as conn:
        access.log(conn, AuditOperation.COLLECTION, ["rep-1"])
        raise RuntimeError("the import failed")
    assert _count(store) == 0
    _append(store, 1)
    assert audit.verify(store).ok


def test_concurrent_writers_keep_one_valid_chain(store: Store) -> None:
    writers, transactions, per_transaction = 2, 15, 2
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(name: str) -> None:
        try:
            start.wait()
            for t in range(transactions):
                with store.begin() as conn:
                    for r in range(per_transaction):
                        audit.append(
                            conn,
                            actor_id=name,
                            operation=AuditOperation.COMBINATION,
                            record_ids=[f"{name}-{t}-{r}"],
                            channel="BATCH",
                            justification="resolution run",
                        )
        except BaseException as exc:  # reported to the main thread below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(f"writer-{w}",)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    result = audit.verify(store)
    assert result.ok, result.message()
    assert result.records_checked == writers * transactions * per_transaction


# -- time zones on PostgreSQL ------------------------------------------------------------------


@contextmanager
def _session_time_zone(store: Store, zone: str) -> Iterator[None]:
    """Every new connection of the store runs in ``zone`` (as a server default might)."""

    def set_zone(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute(f"SET TIME ZONE '{zone}'")
        cursor.close()
        dbapi_conn.commit()  # a SET inside a rolled-back transaction would be undone

    store.engine.dispose()
    event.listen(store.engine, "connect", set_zone)
    try:
        with store.connect() as conn:
            assert conn.execute(text("SHOW TIME ZONE")).scalar() == zone
        yield
    finally:
        event.remove(store.engine, "connect", set_zone)
        store.engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
def test_hashes_verify_whatever_the_postgres_session_time_zone(store: Store) -> None:
    with _session_time_zone(store, "Europe/London"):
        _append(store, 3)
        assert audit.verify(store).ok
    with _session_time_zone(store, "Pacific/Chatham"):
        with store.connect() as conn:
            stamp = conn.execute(select(log.c.occurred_at).where(log.c.seq == 1)).scalar_one()
        assert stamp.utcoffset() >= timedelta(hours=12), "the zone applies to values read back"
        _append(store, 2)
        assert audit.verify(store).ok
    with _session_time_zone(store, "Europe/London"):
        result = audit.verify(store)
    assert result.ok and result.records_checked == 5
    assert audit.verify(store).ok


# -- reading the log ---------------------------------------------------------------------------


def test_reading_the_log_needs_the_permission_and_is_itself_logged(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    _append(store, 3)
    with store.connect() as conn:
        supervisor, analyst = get_actor(conn, "supervisor"), get_actor(conn, "analyst")
    assert supervisor is not None and analyst is not None
    with pytest.raises(AccessDenied):
        audit.records(Access(store, analyst, "curiosity"))
    assert _count(store) == 3, "a refused read reads nothing and logs nothing"

    shown = audit.records(Access(store, supervisor, "misconduct check: complaint 17"), limit=2)
    assert [r.seq for r in shown] == [3, 2]
    assert shown[0].operation is AuditOperation.CONSULTATION
    assert shown[0].record_ids == ("rep-2", "rep-shared")
    assert shown[0].occurred_at.utcoffset() == timedelta(0)

    entry = audit.records(Access(store, supervisor, "checking the check"), limit=1)[0]
    assert entry.seq == 4
    assert entry.actor_id == "supervisor"
    assert entry.operation is AuditOperation.CONSULTATION
    assert entry.operation_ref == "audit_log"
    assert entry.record_ids == ("audit_log:2", "audit_log:3")
    assert entry.justification == "misconduct check: complaint 17"
    assert audit.verify(store).ok


def test_reading_the_log_filters_by_time_and_actor(store: Store, demo: dict[str, DemoUser]) -> None:
    _append(store, 2, actor_id="analyst")
    _append(store, 1, actor_id="officer")
    with store.connect() as conn:
        supervisor = get_actor(conn, "supervisor")
    assert supervisor is not None
    access = Access(store, supervisor, "lawfulness review")
    assert [r.actor_id for r in audit.records(access, actor_id="officer")] == ["officer"]
    assert audit.records(access, since=utcnow() + timedelta(minutes=5)) == []
    earlier = audit.records(access, since=utcnow() - timedelta(minutes=5), actor_id="analyst")
    assert [r.seq for r in earlier] == [2, 1]
    with pytest.raises(ValueError, match="limit"):
        audit.records(access, limit=0)


def test_the_system_account_cannot_read_the_log(store: Store) -> None:
    assert SYSTEM.id == "system"
    with pytest.raises(AccessDenied):
        audit.records(system_access(store, "nightly run"))
