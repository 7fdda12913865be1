"""Sealing on PostgreSQL: writers do not wait for one another; the sealer keeps the chain whole."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from linewatch.access import audit
from linewatch.model import AuditOperation
from linewatch.store import Store, tables, utcnow

log = tables.audit_log


@pytest.fixture
def pg(store: Store) -> Store:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("sealing is deferred only on PostgreSQL; SQLite chains each record as written")
    return store


def _append(conn: object, name: str) -> int:
    return audit.append(
        conn,  # type: ignore[arg-type]
        actor_id=name,
        operation=AuditOperation.CONSULTATION,
        record_ids=[name],
        channel="API",
        justification="enquiry",
    )


def _hashes(store: Store) -> list[tuple[int, str, str]]:
    with store.connect() as conn:
        rows = conn.execute(select(log.c.seq, log.c.prev_hash, log.c.hash).order_by(log.c.seq))
        return [(int(r.seq), r.prev_hash, r.hash) for r in rows]


def test_a_writer_does_not_wait_for_another_in_flight(pg: Store) -> None:
    with pg.begin() as first:
        first_seq = _append(first, "first")
        with pg.begin() as second:
            # Under the old table lock this would wait for ``first`` to commit: time out instead.
            second.exec_driver_sql("SET LOCAL lock_timeout = '2s'")
            second_seq = _append(second, "second")
    assert (first_seq, second_seq) == (1, 2)
    assert [h[2] for h in _hashes(pg)] == [audit.UNSEALED, audit.UNSEALED]
    assert audit.seal(pg) == 2
    first_row, second_row = _hashes(pg)
    assert first_row[1] == audit.GENESIS and second_row[1] == first_row[2]
    assert audit.verify(pg).ok


def test_the_sealer_waits_for_a_writer_in_flight_so_the_chain_keeps_sequence_order(
    pg: Store,
) -> None:
    with pg.begin() as slow:
        _append(slow, "slow")
        with pg.begin() as quick:
            _append(quick, "quick")
        # Record 2 is committed but 1 is not: sealing now would chain 2 before 1.
        assert audit.seal(pg, wait=False) == 0
    assert audit.seal(pg) == 2
    result = audit.verify(pg)
    assert result.ok and result.records_checked == 2 and result.head is not None
    assert result.head.seq == 2


def test_a_rolled_back_write_leaves_a_gap_that_verifies(pg: Store) -> None:
    with pg.begin() as conn:
        _append(conn, "kept-1")
    with pytest.raises(RuntimeError), pg.begin() as conn:
        _append(conn, "rolled-back")
        raise RuntimeError("the work failed")
    with pg.begin() as conn:
        _append(conn, "kept-3")
    result = audit.verify(pg)
    assert result.ok, result.message()
    assert [seq for seq, _, _ in _hashes(pg)] == [1, 3]
    assert result.records_checked == 2


def test_a_sealed_record_removed_at_a_gap_is_still_named(pg: Store) -> None:
    for name in ("a", "b", "c"):
        with pg.begin() as conn:
            _append(conn, name)
    audit.seal(pg)
    with pg.begin() as conn:
        conn.execute(log.delete().where(log.c.seq == 2))
    result = audit.verify(pg)
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert result.problem == "record 2 is missing before it"


def test_an_unsealed_record_slipped_in_below_the_head_is_detected(pg: Store) -> None:
    for name in ("a", "b", "c"):
        with pg.begin() as conn:
            _append(conn, name)
    audit.seal(pg)
    with pg.begin() as conn:
        conn.execute(log.delete().where(log.c.seq == 2))
        conn.execute(
            insert(log).values(
                seq=2,
                occurred_at=utcnow(),
                actor_id="intruder",
                operation="ALTERATION",
                record_ids=[],
                channel="API",
                prev_hash=audit.UNSEALED,
                hash=audit.UNSEALED,
            )
        )
    result = audit.verify(pg)
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "inserted out of turn" in (result.problem or "")
    assert audit.seal(pg) == 0  # the sealer never chains a record below the head


def test_verify_seals_what_was_written_before_it(pg: Store) -> None:
    with pg.begin() as conn:
        _append(conn, "a")
    result = audit.verify(pg)
    assert result.ok and result.records_checked == 1 and result.unsealed == 0
    assert _hashes(pg)[0][2] != audit.UNSEALED
