"""The DPA 2018 s.62 audit log: append-only and tamper-evident.

Each record's hash covers its own content, its sequence number and the previous record's hash,
so changing, removing, inserting or reordering any record breaks the chain from that point on;
``verify`` names the first record that no longer fits. A chain alone cannot show that its newest
records were cut off, so ``verify`` reports the head (last sequence number and hash) for an
operator to note elsewhere, and checks against a noted head when given one.

On PostgreSQL a writer does not wait for the chain: ``append`` inserts the record numbered by
the column's sequence with its hashes left empty, and ``seal`` chains every committed unsealed
record in sequence order, under a lock that waits for the writers still in flight (so no record
can later appear below the sealed head). Writers then never queue behind one another's commits;
the web app seals about every second (``linewatch evaluate process`` does it from a shell), and
``verify`` and ``records`` seal first. Until it is sealed a record is protected only by the
database's own access rules, which is why the sealing interval is short. A record
removed before it is sealed leaves a gap like a rolled-back one, which is why the chain links,
not gapless numbering, are what ``verify`` checks. On SQLite, whose writers take turns anyway,
each record is chained as it is written.

Reading the log is itself restricted and logged: ``records`` needs VIEW_AUDIT_LOG and writes a
CONSULTATION of the log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, false, select, update
from sqlalchemy.exc import OperationalError

from linewatch.access.policy import Permission
from linewatch.access.times import as_utc
from linewatch.model import AuditOperation
from linewatch.store import Store, tables, utcnow

if TYPE_CHECKING:
    from linewatch.access.context import Access

GENESIS = "0" * 64
UNSEALED = ""  # the hashes of a record not yet sealed into the chain
AUDIT_CHANNELS = frozenset({"SCREEN", "EXPORT", "PRINT", "API", "CLI", "BATCH", "VERBAL"})
# The fields a record's hash covers, named once so that a column added later cannot change the
# hashes of records written before it.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "operation",
    "record_ids",
    "justification",
    "recipients",
    "channel",
    "client",
    "operation_ref",
    "prev_hash",
)
MAX_READ = 1000

_log = tables.audit_log


def _canonical(record: dict[str, Any]) -> str:
    fields = {name: record[name] for name in HASHED_FIELDS}
    return json.dumps(fields, sort_keys=True, default=_iso, separators=(",", ":"))


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        # SQLite hands back naive UTC, PostgreSQL aware times in the session's zone: hash the
        # naive UTC form so both backends agree.
        return as_utc(value).replace(tzinfo=None).isoformat(timespec="microseconds")
    raise TypeError(f"cannot hash {type(value).__name__}")


def _digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(record).encode()).hexdigest()


def _serialise_writers(conn: Connection) -> None:
    """Hold the log's write lock until this transaction ends, so one writer extends the chain.

    Without it two writers can read the same last record and fork the chain.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
    else:
        # SQLite's driver starts a transaction only at the first write, and its write lock comes
        # with it; a write that changes nothing takes the lock before the last record is read.
        conn.execute(update(_log).where(false()).values(seq=_log.c.seq))


def append(
    conn: Connection,
    *,
    actor_id: str,
    operation: AuditOperation,
    record_ids: Sequence[str],
    channel: str,
    justification: str | None = None,
    recipients: Sequence[str] | None = None,
    client: str | None = None,
    operation_ref: str | None = None,
) -> int:
    """Append one audit record, chained to the last one (on PostgreSQL, once sealed); returns
    its sequence number."""
    if channel not in AUDIT_CHANNELS:
        raise ValueError(f"audit channel {channel!r} is not one of {sorted(AUDIT_CHANNELS)}")
    if operation is AuditOperation.DISCLOSURE and not (
        recipients and all(r.strip() for r in recipients)
    ):
        raise ValueError("a disclosure must name its recipients (DPA 2018 s.62(4))")
    record: dict[str, Any] = {
        "occurred_at": utcnow(),
        "actor_id": actor_id,
        "operation": str(operation),
        "record_ids": sorted({str(r) for r in record_ids}),
        "justification": justification or None,
        "recipients": list(recipients) if recipients else None,
        "channel": channel,
        "client": client,
        "operation_ref": operation_ref,
    }
    if _deferred(conn):
        # The values go as parameters of one statement, built once, not into a new one.
        unsealed = {**record, "prev_hash": UNSEALED, "hash": UNSEALED}
        return int(conn.execute(_INSERT_UNSEALED, unsealed).scalar_one())
    _serialise_writers(conn)
    last = conn.execute(
        select(_log.c.seq, _log.c.hash).order_by(_log.c.seq.desc()).limit(1)
    ).first()
    record["seq"] = 1 if last is None else int(last.seq) + 1
    record["prev_hash"] = GENESIS if last is None else last.hash
    record["hash"] = _digest(record)
    conn.execute(_log.insert().values(**record))
    return int(record["seq"])


_INSERT_UNSEALED = _log.insert().returning(_log.c.seq)


def _deferred(conn: Connection) -> bool:
    """Whether records are sealed after they are written rather than as they are written."""
    return conn.dialect.name == "postgresql"


# -- sealing the chain (PostgreSQL) ------------------------------------------------------------

SEAL_BATCH = 5000


class _LockBusy(Exception):
    pass


def seal(store: Store, *, wait: bool = True) -> int:
    """Chain every committed unsealed record onto the head, in sequence order; how many.

    The lock taken conflicts with every writer's, so it is granted only once the writers in
    flight have committed or rolled back: every sequence number below those sealed is then
    final. With ``wait=False`` a busy log is left for the next call (returns 0).
    """
    if store.engine.dialect.name != "postgresql":
        return 0
    sealed = 0
    while True:
        try:
            done = _seal_batch(store, wait)
        except _LockBusy:
            return sealed
        sealed += done
        if done < SEAL_BATCH:
            return sealed


def _seal_batch(store: Store, wait: bool) -> int:
    with store.begin() as conn:
        if not wait:
            conn.exec_driver_sql("SET LOCAL lock_timeout = '50ms'")
        try:
            conn.exec_driver_sql("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
        except OperationalError as exc:
            raise _LockBusy from exc
        head = conn.execute(
            select(_log.c.seq, _log.c.hash)
            .where(_log.c.hash != UNSEALED)
            .order_by(_log.c.seq.desc())
            .limit(1)
        ).first()
        previous = GENESIS if head is None else str(head.hash)
        query = select(_log).where(_log.c.hash == UNSEALED).order_by(_log.c.seq)
        if head is not None:
            # An unsealed record below the head was not written by ``append``: verify names it.
            query = query.where(_log.c.seq > head.seq)
        pending = [dict(row) for row in conn.execute(query.limit(SEAL_BATCH)).mappings()]
        updates = []
        for record in pending:
            record["prev_hash"] = previous
            previous = _digest(record)
            updates.append(
                {"b_seq": record["seq"], "b_prev": record["prev_hash"], "b_hash": previous}
            )
        if updates:
            conn.execute(
                update(_log)
                .where(_log.c.seq == bindparam("b_seq"))
                .values(prev_hash=bindparam("b_prev"), hash=bindparam("b_hash")),
                updates,
            )
        return len(updates)


# -- verifying the chain -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainHead:
    """The newest record of the chain: note it elsewhere to detect later truncation."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> ChainHead:
        seq, _, digest = text.strip().partition(":")
        if not seq.isdigit() or len(digest) != 64:
            raise ValueError(f"{text!r} is not a chain head of the form SEQ:SHA256")
        return cls(int(seq), digest.lower())


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    records_checked: int
    first_broken_seq: int | None = None
    problem: str | None = None
    head: ChainHead | None = None
    # Records written after the seal that ``verify`` ran: not yet part of the chain.
    unsealed: int = 0

    def message(self) -> str:
        if self.ok:
            head = f"; head {self.head}" if self.head else ""
            later = f"; {self.unsealed} newer record(s) not yet sealed" if self.unsealed else ""
            return (
                f"audit log intact: {self.records_checked} records, hash chain verified"
                f"{head}{later}"
            )
        return f"audit log broken at record {self.first_broken_seq}: {self.problem}"


def _check(record: dict[str, Any], expected_seq: int, previous: str) -> str | None:
    seq = int(record["seq"])
    if seq < expected_seq:
        return "sequence number before the start of the chain"
    if record["prev_hash"] != previous:
        # A gap whose link still holds is a write that rolled back; a broken one lost records.
        if seq > expected_seq:
            missing = (
                f"record {expected_seq} is"
                if seq == expected_seq + 1
                else f"records {expected_seq} to {seq - 1} are"
            )
            return f"{missing} missing before it"
        return "previous-hash link does not match: a record before it was altered or moved"
    if _digest(record) != record["hash"]:
        return "content was altered"
    return None


def _check_head(record: dict[str, Any], head: ChainHead) -> str | None:
    return None if record["hash"] == head.hash else "differs from the head noted earlier"


def verify(store: Store, expected_head: ChainHead | None = None) -> VerifyResult:
    """Walk the chain in order and report the first record that does not fit.

    With ``expected_head`` (a head noted from an earlier run) the chain must still hold that
    record unchanged, which catches the newest records being removed.
    """
    seal(store)
    previous, expected_seq, checked, unsealed = GENESIS, 1, 0, 0
    head: ChainHead | None = None
    with store.connect() as conn:
        rows = conn.execute(select(_log).order_by(_log.c.seq))
        for row in rows.mappings():
            record = dict(row)
            seq = int(record["seq"])
            if record["hash"] == UNSEALED:
                unsealed += 1  # written since the seal above; fine if nothing sealed follows
                continue
            if unsealed:
                stray = "an unsealed record comes before it: one was inserted out of turn"
                return VerifyResult(False, checked, seq, stray, head)
            problem = _check(record, expected_seq, previous)
            if problem is None and expected_head is not None and seq == expected_head.seq:
                problem = _check_head(record, expected_head)
            if problem is not None:
                return VerifyResult(False, checked, seq, problem, head)
            previous, expected_seq, checked = record["hash"], seq + 1, checked + 1
            head = ChainHead(seq, record["hash"])
    if expected_head and expected_head.seq >= expected_seq:
        return VerifyResult(
            False,
            checked,
            expected_head.seq,
            f"the chain ends at record {expected_seq - 1}; records up to the noted head "
            f"{expected_head.seq} were removed",
            head,
        )
    return VerifyResult(True, checked, head=head, unsealed=unsealed)


# -- reading the log ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    occurred_at: datetime
    actor_id: str
    operation: AuditOperation
    record_ids: tuple[str, ...]
    justification: str | None
    recipients: tuple[str, ...]
    channel: str
    client: str | None
    operation_ref: str | None
    hash: str


def records(
    access: Access,
    since: datetime | None = None,
    limit: int = 100,
    *,
    actor_id: str | None = None,
) -> list[AuditRecord]:
    """The newest audit records (at or after ``since``, optionally by one actor), newest first.

    Log use is limited to the s.62 purposes, so reading needs VIEW_AUDIT_LOG and is itself
    logged as a CONSULTATION of the records shown, with the reader's stated purpose.
    """
    access.require(Permission.VIEW_AUDIT_LOG)
    if not 1 <= limit <= MAX_READ:
        raise ValueError(f"limit must be between 1 and {MAX_READ}")
    query = select(_log).order_by(_log.c.seq.desc()).limit(limit)
    if since is not None:
        query = query.where(_log.c.occurred_at >= as_utc(since))
    if actor_id is not None:
        query = query.where(_log.c.actor_id == actor_id)
    seal(access.store, wait=False)
    with access.store.begin() as conn:
        found = [_to_record(dict(row)) for row in conn.execute(query).mappings()]
        access.log(
            conn,
            AuditOperation.CONSULTATION,
            [f"audit_log:{r.seq}" for r in found],
            operation_ref="audit_log",
        )
    return found


def _to_record(row: dict[str, Any]) -> AuditRecord:
    return AuditRecord(
        seq=int(row["seq"]),
        occurred_at=as_utc(row["occurred_at"]),
        actor_id=row["actor_id"],
        operation=AuditOperation(row["operation"]),
        record_ids=tuple(row["record_ids"] or ()),
        justification=row["justification"],
        recipients=tuple(row["recipients"] or ()),
        channel=row["channel"],
        client=row["client"],
        operation_ref=row["operation_ref"],
        hash=row["hash"],
    )
