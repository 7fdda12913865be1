"""Building small worlds of source records for the resolver: one entity per agency record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select

from linewatch.access import FORCE_ORG, Access, Actor, system_access
from linewatch.model import AuditOperation, Role
from linewatch.store import Provenance, Store, add_entity, add_link, tables

PARTNER = "rutland-housing"
PARTNER_NAME = "Rutland County Council Housing"


def source(
    source_id: str,
    grading: str = "2/B/P",
    *,
    kind: str = "record",
    observed: datetime | None = None,
) -> Provenance:
    evaluation, assessment, handling = grading.split("/")
    return Provenance(
        source_kind=kind,
        source_id=source_id,
        dataset="test",
        source_evaluation=evaluation,
        intelligence_assessment=assessment,
        handling_code=handling,
        observed_at=observed or datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        is_synthetic=True,
    )


def entity(
    store: Store,
    schema: str,
    entity_id: str,
    properties: Mapping[str, str | Sequence[str] | None],
    source_id: str,
    grading: str = "2/B/P",
) -> str:
    with store.begin() as conn:
        return add_entity(conn, schema, entity_id, properties, source(source_id, grading))


def link(
    store: Store,
    link_type: str,
    source_entity: str,
    target_entity: str,
    source_id: str,
    **when: datetime | None,
) -> str:
    with store.begin() as conn:
        return add_link(conn, link_type, source_entity, target_entity, source(source_id), **when)


def judgement_count(store: Store) -> int:
    with store.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(tables.resolver_judgements)).scalar_one()
        )


def audit_records(store: Store, operation: AuditOperation) -> list[list[str]]:
    a = tables.audit_log
    with store.connect() as conn:
        rows = conn.execute(
            select(a.c.record_ids).where(a.c.operation == str(operation)).order_by(a.c.seq)
        )
        return [list(r[0]) for r in rows]


def add_partner_org(store: Store) -> None:
    with store.begin() as conn:
        conn.execute(
            tables.organisations.insert().values(id=PARTNER, name=PARTNER_NAME, kind="PARTNER")
        )


def disclose_to_partner(store: Store, record_id: str) -> None:
    with store.begin() as conn:
        conn.execute(
            tables.disclosures.insert().values(
                record_id=record_id,
                organisation_id=PARTNER,
                disclosed_by="intel-1",
                disclosed_at=datetime(2026, 3, 2, tzinfo=UTC),
                purpose="safeguarding a tenant",
            )
        )


def as_system(store: Store) -> Access:
    return system_access(store, "entity resolution after import")


def as_analyst(store: Store) -> Access:
    return Access(store, Actor("analyst-1", Role.ANALYST, FORCE_ORG), "Operation Wren resolution")


def as_officer(store: Store) -> Access:
    return Access(store, Actor("officer-1", Role.OFFICER, FORCE_ORG), "Operation Wren")


def as_partner(store: Store) -> Access:
    add_partner_org(store)
    return Access(store, Actor("housing-1", Role.PARTNER, PARTNER), "tenancy safeguarding")
