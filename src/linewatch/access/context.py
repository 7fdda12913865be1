"""The access layer every read and write of personal data goes through.

A stage API takes an ``Access``: who is acting, for what stated purpose, through which channel.
It checks the role's permissions and the organisation rule, and writes the s.62 audit record
in the same transaction as the work it describes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from linewatch import settings
from linewatch.access import audit
from linewatch.access.policy import Permission, allows
from linewatch.model import AuditOperation, Role
from linewatch.store import Store, tables

FORCE_ORG = "leics-police"


class AccessDenied(PermissionError):
    """The actor's role, organisation or the record's handling forbids this."""


@dataclass(frozen=True)
class Actor:
    id: str
    role: Role
    organisation_id: str
    display_name: str = ""

    @property
    def is_partner(self) -> bool:
        return self.role is Role.PARTNER


# Scheduled imports and analyses act as this service account.
SYSTEM = Actor("system", Role.ANALYST, FORCE_ORG, "Linewatch scheduled processing")


@dataclass(frozen=True)
class Access:
    store: Store
    actor: Actor
    purpose: str
    channel: str = "SCREEN"
    client: str | None = None

    def __post_init__(self) -> None:
        # Read on every use, not at import, so a change of policy applies at once.
        if justification_required() and not self.purpose.strip():
            raise AccessDenied("a stated purpose is required to use personal data (s.62)")
        if self.channel not in audit.AUDIT_CHANNELS:
            raise ValueError(
                f"channel {self.channel!r} is not one of {sorted(audit.AUDIT_CHANNELS)}"
            )

    # -- permission checks ---------------------------------------------------------------

    def can(self, permission: Permission) -> bool:
        return allows(self.actor.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise AccessDenied(
                f"{self.actor.role.label} may not {permission.value.replace('_', ' ')}"
            )

    def visible_organisations(self) -> frozenset[str] | None:
        """None means every organisation; a partner sees only its own."""
        return frozenset({self.actor.organisation_id}) if self.actor.is_partner else None

    def partner_may_see(self, conn: Connection, record_id: str, origin_org: str) -> bool:
        """A partner may see a record its organisation submitted or was sent (disclosed).

        ``origin_org`` may be the organisation's id or its name, as import files give names.
        """
        if not self.actor.is_partner or origin_org == self.actor.organisation_id:
            return True
        own_name = conn.execute(
            select(tables.organisations.c.name).where(
                tables.organisations.c.id == self.actor.organisation_id
            )
        ).scalar()
        if own_name is not None and origin_org == own_name:
            return True
        shared = conn.execute(
            select(tables.disclosures.c.id).where(
                tables.disclosures.c.record_id == record_id,
                tables.disclosures.c.organisation_id == self.actor.organisation_id,
            )
        ).first()
        return shared is not None

    # -- the s.62 log ------------------------------------------------------------------------

    def log(
        self,
        conn: Connection,
        operation: AuditOperation,
        record_ids: Iterable[str],
        *,
        recipients: Sequence[str] | None = None,
        operation_ref: str | None = None,
        justification: str | None = None,
    ) -> int:
        """Write the s.62 record in the caller's transaction; returns its sequence number.

        The justification is the access's purpose unless a more specific one is given (the
        stated purpose of a disclosure, say).
        """
        return audit.append(
            conn,
            actor_id=self.actor.id,
            operation=operation,
            record_ids=list(record_ids),
            channel=self.channel,
            justification=justification or self.purpose,
            recipients=recipients,
            client=self.client,
            operation_ref=operation_ref,
        )

    def consult(self, conn: Connection, record_ids: Iterable[str]) -> None:
        """Check the actor may see personal data, and log the consultation."""
        self.require(Permission.VIEW_PERSONAL_DATA)
        self.log(conn, AuditOperation.CONSULTATION, record_ids)


def justification_required() -> bool:
    """Whether consultations and disclosures need a stated purpose (DPA 2018 s.62)."""
    return bool(settings.get("audit_justification_required"))


def system_access(store: Store, purpose: str, channel: str = "BATCH") -> Access:
    return Access(store, SYSTEM, purpose, channel)
