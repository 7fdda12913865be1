"""The DPA 2018 s.62 audit log: append-only and tamper-evident.

Each record's hash covers its own content and the previous record's hash, so changing,
removing or reordering any record breaks the chain from that point on; ``verify`` names the
first record that no longer fits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from linewatch.model import AuditOperation
from linewatch.store import Store, tables, utcnow

GENESIS = "0" * 64
AUDIT_CHANNELS = frozenset({"SCREEN", "EXPORT", "PRINT", "API", "CLI", "BATCH", "VERBAL"})


def _canonical(record: dict[str, Any]) -> str:
    fields = {k: record[k] for k in sorted(record) if k not in {"seq", "hash"}}
    return json.dumps(fields, sort_keys=True, default=_iso, separators=(",", ":"))


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        # SQLite hands back naive UTC, PostgreSQL aware times in the session's zone: hash the
        # naive UTC form so both backends agree.
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    raise TypeError(f"cannot hash {type(value).__name__}")


def _digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(record).encode()).hexdigest()


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
) -> None:
    """Append one audit record, chained to the last one."""
    if channel not in AUDIT_CHANNELS:
        raise ValueError(f"audit channel {channel!r} is not one of {sorted(AUDIT_CHANNELS)}")
    if operation is AuditOperation.DISCLOSURE and not recipients:
        raise ValueError("a disclosure must name its recipients (DPA 2018 s.62(4))")
    if conn.dialect.name == "postgresql":
        # One writer at a time extends the chain; the lock ends with the transaction.
        conn.exec_driver_sql("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
    last = conn.execute(
        select(tables.audit_log.c.hash).order_by(tables.audit_log.c.seq.desc()).limit(1)
    ).scalar()
    record: dict[str, Any] = {
        "occurred_at": utcnow(),
        "actor_id": actor_id,
        "operation": str(operation),
        "record_ids": sorted({str(r) for r in record_ids}),
        "justification": justification,
        "recipients": list(recipients) if recipients else None,
        "channel": channel,
        "client": client,
        "operation_ref": operation_ref,
        "prev_hash": last or GENESIS,
    }
    record["hash"] = _digest(record)
    conn.execute(tables.audit_log.insert().values(**record))


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    records_checked: int
    first_broken_seq: int | None = None
    problem: str | None = None

    def message(self) -> str:
        if self.ok:
            return f"audit log intact: {self.records_checked} records, hash chain verified"
        return f"audit log broken at record {self.first_broken_seq}: {self.problem}"


def verify(store: Store) -> VerifyResult:
    """Walk the chain in order and report the first record that does not fit."""
    previous = GENESIS
    checked = 0
    with store.connect() as conn:
        rows = conn.execute(select(tables.audit_log).order_by(tables.audit_log.c.seq))
        for row in rows.mappings():
            record = dict(row)
            if record["prev_hash"] != previous:
                return VerifyResult(
                    False, checked, int(record["seq"]), "previous-hash link does not match"
                )
            if _digest(record) != record["hash"]:
                return VerifyResult(False, checked, int(record["seq"]), "content was altered")
            previous = record["hash"]
            checked += 1
    return VerifyResult(True, checked)
