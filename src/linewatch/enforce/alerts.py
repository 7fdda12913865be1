"""Alerts for an officer to decide on: raised by analyses, acknowledged by people.

An alert is never a finding. A possible bail breach stays possible until an officer looks at
the evidence and records what was done; the acknowledgement is logged (s.62) with the alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, select

from linewatch.access import Access, Permission
from linewatch.model import AuditOperation
from linewatch.safeguard.audience import force_only
from linewatch.safeguard.clock import aware, maybe_aware
from linewatch.store import tables, utcnow


class AlertNotFound(LookupError):
    """No alert has this id."""


@dataclass(frozen=True)
class Alert:
    id: str
    kind: str
    subject_id: str
    dedupe_key: str
    summary: str
    evidence: list[dict[str, Any]]
    method: str
    raised_at: datetime
    status: str
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    action_taken: str | None = None
    is_new: bool = False

    @classmethod
    def from_row(cls, row: RowMapping, *, is_new: bool = False) -> Alert:
        return cls(
            id=row["id"],
            kind=row["kind"],
            subject_id=row["subject_id"],
            dedupe_key=row["dedupe_key"],
            summary=row["summary"],
            evidence=list(row["evidence"]),
            method=row["method"],
            raised_at=aware(row["raised_at"]),
            status=row["status"],
            acknowledged_by=row["acknowledged_by"],
            acknowledged_at=maybe_aware(row["acknowledged_at"]),
            action_taken=row["action_taken"],
            is_new=is_new,
        )

    def evidence_of(self, kind: str) -> list[dict[str, Any]]:
        return [item for item in self.evidence if item.get("kind") == kind]


def load_alert(conn: Connection, alert_id: str, *, is_new: bool = False) -> Alert:
    row = conn.execute(select(tables.alerts).where(tables.alerts.c.id == alert_id)).mappings()
    found = row.first()
    if found is None:
        raise AlertNotFound(f"no alert {alert_id!r}")
    return Alert.from_row(found, is_new=is_new)


def open_alerts(access: Access, kind: str | None = None) -> list[Alert]:
    """Alerts waiting for an officer, newest first; viewing them is logged."""
    force_only(access)
    a = tables.alerts
    query = select(a).where(a.c.status == "OPEN").order_by(a.c.raised_at.desc(), a.c.id)
    if kind is not None:
        query = query.where(a.c.kind == kind)
    with access.store.begin() as conn:
        alerts = [Alert.from_row(row) for row in conn.execute(query).mappings()]
        if alerts:
            access.consult(conn, [f"alerts:{alert.id}" for alert in alerts])
        else:
            access.require(Permission.VIEW_PERSONAL_DATA)
    return alerts


def get_alert(access: Access, alert_id: str) -> Alert:
    """One alert with its evidence, for the officer deciding on it; viewing it is logged."""
    force_only(access)
    with access.store.begin() as conn:
        alert = load_alert(conn, alert_id)
        access.consult(conn, [f"alerts:{alert_id}"])
    return alert


def acknowledge(access: Access, alert_id: str, action_taken: str) -> Alert:
    """An officer records having looked at an alert and what was done about it."""
    access.require(Permission.RECORD_OUTCOMES)
    if not action_taken.strip():
        raise ValueError("say what was done about the alert")
    with access.store.begin() as conn:
        alert = load_alert(conn, alert_id)
        if alert.status != "OPEN":
            raise ValueError(
                f"alert {alert_id} was already acknowledged by {alert.acknowledged_by}"
            )
        conn.execute(
            tables.alerts.update()
            .where(tables.alerts.c.id == alert_id)
            .values(
                status="ACKNOWLEDGED",
                acknowledged_by=access.actor.id,
                acknowledged_at=utcnow(),
                action_taken=action_taken.strip(),
            )
        )
        access.log(conn, AuditOperation.ALTERATION, [f"alerts:{alert_id}"])
        return load_alert(conn, alert_id)
