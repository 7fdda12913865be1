"""A person's bail as an officer reads it: each record, its conditions and its extensions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from linewatch.access import Access
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.canonical import Canonical
from linewatch.safeguard.clock import aware, maybe_aware
from linewatch.store import tables


@dataclass(frozen=True)
class Condition:
    id: str
    condition_type: str
    purpose: str | None
    params: dict[str, Any]
    valid_from: datetime
    valid_to: datetime | None


@dataclass(frozen=True)
class ExtensionRecord:
    sequence: int
    rank: str
    authorised_by: str | None
    authorised_at: datetime | None
    new_expiry: datetime


@dataclass
class BailRecord:
    id: str
    person_id: str
    release_type: str
    case_type: str
    bail_start: datetime
    return_at: datetime | None
    abp_expires_at: datetime | None
    ended_at: datetime | None
    conditions: list[Condition] = field(default_factory=list)
    extensions: list[ExtensionRecord] = field(default_factory=list)

    def live(self, at: datetime) -> bool:
        return self.bail_start <= at and (self.ended_at is None or at < self.ended_at)


def bail_for_person(access: Access, person_id: str) -> list[BailRecord]:
    """Every bail record of this person (and of records merged with them), newest first."""
    force_only(access)
    b, c, x = tables.bail_records, tables.bail_conditions, tables.bail_extensions
    with access.store.begin() as conn:
        members = sorted(Canonical.load(conn).members(person_id))
        rows = conn.execute(
            select(b).where(b.c.person_id.in_(members)).order_by(b.c.bail_start.desc(), b.c.id)
        ).all()
        records = [
            BailRecord(
                r.id,
                r.person_id,
                r.release_type,
                r.case_type,
                aware(r.bail_start),
                maybe_aware(r.return_at),
                maybe_aware(r.abp_expires_at),
                maybe_aware(r.ended_at),
            )
            for r in rows
        ]
        for record in records:
            for r in conn.execute(select(c).where(c.c.bail_id == record.id).order_by(c.c.id)):
                record.conditions.append(
                    Condition(
                        r.id,
                        r.condition_type,
                        r.purpose,
                        dict(r.params or {}),
                        aware(r.valid_from),
                        maybe_aware(r.valid_to),
                    )
                )
            for r in conn.execute(select(x).where(x.c.bail_id == record.id).order_by(x.c.sequence)):
                record.extensions.append(
                    ExtensionRecord(
                        r.sequence,
                        r.rank,
                        r.authorised_by,
                        maybe_aware(r.authorised_at),
                        aware(r.new_expiry),
                    )
                )
        access.consult(conn, [f"bail_records:{r.id}" for r in records] or [f"entities:{person_id}"])
    return records
