"""Writing workflow records that a later export of the same system may update.

Warrants, arrests, bail, seizures, referrals and visits are records with a life of their own:
the enforcement system exports them again when an arrest is charged or bail ends. A record seen
before is updated in place when its content changed, and left alone when it did not, so that
importing the same content twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Table, select

from linewatch.safeguard.clock import aware
from linewatch.store import insert_ignore, make_id, tables


class Change(StrEnum):
    INSERTED = "inserted"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, datetime) and isinstance(right, datetime):
        return aware(left) == aware(right)
    return bool(left == right)


def upsert(conn: Connection, table: Table, row: Mapping[str, Any]) -> Change:
    """Insert ``row`` by its ``id``, or update the stored record if any column differs."""
    existing = conn.execute(select(table).where(table.c.id == row["id"])).mappings().first()
    if existing is None:
        conn.execute(table.insert().values(**row))
        return Change.INSERTED
    if all(_same(existing[key], value) for key, value in row.items()):
        return Change.UNCHANGED
    conn.execute(table.update().where(table.c.id == row["id"]).values(**row))
    return Change.UPDATED


def raise_alert(
    conn: Connection,
    *,
    kind: str,
    subject_id: str,
    dedupe_key: str,
    summary: str,
    evidence: list[dict[str, Any]],
    method: str,
    raised_at: datetime,
) -> tuple[str, bool]:
    """Raise an alert once per ``dedupe_key``: (its id, whether it is new)."""
    alert_id = make_id("alert", dedupe_key)
    inserted = insert_ignore(
        conn,
        tables.alerts,
        [
            {
                "id": alert_id,
                "kind": kind,
                "subject_id": subject_id,
                "dedupe_key": dedupe_key,
                "summary": summary,
                "evidence": evidence,
                "method": method,
                "raised_at": raised_at,
                "status": "OPEN",
            }
        ],
        ["dedupe_key"],
    )
    return alert_id, inserted > 0
