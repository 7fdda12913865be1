"""Disclosure to another organisation: permission, handling codes, recipients, the s.62 log."""

from __future__ import annotations

import pytest
from sqlalchemy import Table, func, select

from linewatch.access import (
    FORCE_ORG,
    NEIGHBOURING_FORCE_ORG,
    PARTNER_ORG,
    PCC_ORG,
    Access,
    AccessDenied,
    Actor,
    DemoUser,
    audit,
    disclose,
    get_actor,
)
from linewatch.model import AuditOperation, HandlingCode
from linewatch.store import Store, tables


def _access(store: Store, user_id: str, purpose: str = "cross-border line", **kw: str) -> Access:
    with store.connect() as conn:
        actor = get_actor(conn, user_id)
    assert actor is not None
    return Access(store, actor, purpose, **kw)


def _count(store: Store, table: Table) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_disclosure_is_recorded_and_logged_with_its_recipient(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    access = _access(store, "intel", "sharing the line picture", channel="EXPORT")
    with store.begin() as conn:
        done = disclose(
            access,
            conn,
            ["rep-2", "rep-1", "rep-2"],
            NEIGHBOURING_FORCE_ORG,
            "Lincolnshire line crossing into Rutland",
            HandlingCode.PERMITTED,
            operation_ref="OP-KESTREL",
        )
    assert done.record_ids == ("rep-2", "rep-1")
    assert (done.organisation_id, done.disclosed_by) == (NEIGHBOURING_FORCE_ORG, "intel")
    with store.connect() as conn:
        rows = conn.execute(select(tables.disclosures)).mappings().all()
        logged = conn.execute(select(tables.audit_log)).mappings().one()
    assert sorted(r["record_id"] for r in rows) == ["rep-1", "rep-2"]
    assert {r["organisation_id"] for r in rows} == {NEIGHBOURING_FORCE_ORG}
    assert {r["purpose"] for r in rows} == {"Lincolnshire line crossing into Rutland"}
    assert logged["seq"] == done.audit_seq
    assert logged["operation"] == AuditOperation.DISCLOSURE
    assert logged["actor_id"] == "intel"
    assert logged["recipients"] == [NEIGHBOURING_FORCE_ORG]
    assert logged["record_ids"] == ["rep-1", "rep-2"]
    assert logged["justification"] == "Lincolnshire line crossing into Rutland"
    assert (logged["channel"], logged["operation_ref"]) == ("EXPORT", "OP-KESTREL")
    assert audit.verify(store).ok


def test_disclosing_needs_the_permission(store: Store, demo: dict[str, DemoUser]) -> None:
    for user_id in ("analyst", "officer", "partner", "pcc", "callhandler"):
        access = _access(store, user_id)
        with store.begin() as conn, pytest.raises(AccessDenied):
            disclose(access, conn, ["rep-1"], PARTNER_ORG, "sharing", "P")
    with store.begin() as conn:
        disclose(_access(store, "supervisor"), conn, ["rep-1"], PARTNER_ORG, "sharing", "P")
    assert _count(store, tables.disclosures) == 1


def test_handling_code_c_needs_the_conditions_acknowledged(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    access = _access(store, "intel")
    with store.begin() as conn, pytest.raises(AccessDenied, match="conditions"):
        disclose(access, conn, ["rep-1"], PARTNER_ORG, "safeguarding", "C")
    assert _count(store, tables.disclosures) == 0
    assert _count(store, tables.audit_log) == 0
    with store.begin() as conn:
        done = disclose(access, conn, ["rep-1"], PARTNER_ORG, "safeguarding", "C", True)
    assert done.handling_code is HandlingCode.CONDITIONS


def test_a_disclosure_without_a_recipient_is_refused(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    access = _access(store, "intel")
    with store.begin() as conn:
        for recipient in ("", "  "):
            with pytest.raises(ValueError, match="recipient"):
                disclose(access, conn, ["rep-1"], recipient, "sharing", "P")
        with pytest.raises(ValueError, match="no organisation"):
            disclose(access, conn, ["rep-1"], "nowhere", "sharing", "P")
        with pytest.raises(ValueError, match="no records"):
            disclose(access, conn, [], PARTNER_ORG, "sharing", "P")
        with pytest.raises(ValueError, match="within one organisation"):
            disclose(access, conn, ["rep-1"], FORCE_ORG, "sharing", "P")
        with pytest.raises(ValueError):
            disclose(access, conn, ["rep-1"], PARTNER_ORG, "sharing", "3")
    assert _count(store, tables.disclosures) == 0
    assert _count(store, tables.audit_log) == 0


def test_personal_data_never_goes_to_the_pcc_office(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    with store.begin() as conn, pytest.raises(AccessDenied, match="aggregate"):
        disclose(_access(store, "intel"), conn, ["rep-1"], PCC_ORG, "oversight", "P")


def test_a_disclosure_needs_a_purpose_unless_the_force_has_dropped_the_rule(
    store: Store, demo: dict[str, DemoUser], monkeypatch: pytest.MonkeyPatch
) -> None:
    access = _access(store, "intel")
    with store.begin() as conn, pytest.raises(AccessDenied, match="purpose"):
        disclose(access, conn, ["rep-1"], PARTNER_ORG, " ", "P")
    monkeypatch.setenv("LINEWATCH_AUDIT_JUSTIFICATION_REQUIRED", "false")
    with store.begin() as conn:
        disclose(access, conn, ["rep-1"], PARTNER_ORG, "", "P")
    with store.connect() as conn:
        logged = conn.execute(select(tables.audit_log.c.justification)).scalar()
    assert logged == "cross-border line", "the access's own purpose is logged instead"


def test_a_disclosure_rolls_back_with_a_failed_transaction(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    access = _access(store, "intel")
    with pytest.raises(RuntimeError), store.begin() as conn:
        disclose(access, conn, ["rep-1"], PARTNER_ORG, "sharing", "P")
        raise RuntimeError("export failed")
    assert _count(store, tables.disclosures) == 0
    partner = Actor("partner", demo["partner"].role, PARTNER_ORG)
    with store.connect() as conn:
        assert not Access(store, partner, "check").partner_may_see(conn, "rep-1", FORCE_ORG)
