"""Roles and permissions, the purpose rule, and what a partner may see."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from linewatch.access import (
    FORCE_ORG,
    NEIGHBOURING_FORCE_ORG,
    PARTNER_ORG,
    SYSTEM,
    Access,
    AccessDenied,
    Actor,
    DemoUser,
    OrganisationKind,
    Permission,
    allows,
    disclose,
    get_actor,
    roles_for,
)
from linewatch.access.policy import ROLE_PERMISSIONS
from linewatch.model import AuditOperation, Role
from linewatch.store import Store, tables


def _actor(store: Store, user_id: str) -> Actor:
    with store.connect() as conn:
        actor = get_actor(conn, user_id)
    assert actor is not None
    return actor


def _audit_count(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.audit_log)).scalar_one())


def test_every_role_has_a_permission_set() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        (Role.PCC_OFFICE, Permission.VIEW_PERSONAL_DATA, False),
        (Role.PCC_OFFICE, Permission.VIEW_AGGREGATES, True),
        (Role.CALL_HANDLER, Permission.VIEW_PERSONAL_DATA, False),
        (Role.CALL_HANDLER, Permission.RECORD_REPORTS, True),
        (Role.PARTNER, Permission.DISCLOSE, False),
        (Role.PARTNER, Permission.VIEW_AUDIT_LOG, False),
        (Role.ANALYST, Permission.DISCLOSE, False),
        (Role.INTELLIGENCE_OFFICER, Permission.GRADE_REPORTS, True),
        (Role.SUPERVISOR, Permission.VIEW_AUDIT_LOG, True),
    ],
)
def test_the_role_table(role: Role, permission: Permission, allowed: bool) -> None:
    assert allows(role, permission) is allowed


def test_only_supervisors_read_the_audit_log() -> None:
    readers = {r for r in Role if allows(r, Permission.VIEW_AUDIT_LOG)}
    assert readers == {Role.SUPERVISOR}


def test_outside_bodies_hold_only_the_partner_role() -> None:
    assert Role.ANALYST in roles_for(OrganisationKind.FORCE)
    assert Role.PARTNER not in roles_for(OrganisationKind.FORCE)
    assert roles_for(OrganisationKind.PCC_OFFICE) == {Role.PCC_OFFICE}
    for kind in OrganisationKind:
        if kind not in {OrganisationKind.FORCE, OrganisationKind.PCC_OFFICE}:
            assert roles_for(kind) == {Role.PARTNER}, kind


def test_the_pcc_office_cannot_view_personal_data(store: Store, demo: dict[str, DemoUser]) -> None:
    access = Access(store, _actor(store, "pcc"), "quarterly performance report")
    with store.begin() as conn, pytest.raises(AccessDenied, match="PCC office"):
        access.consult(conn, ["person-1"])
    assert _audit_count(store) == 0


def test_a_permitted_consultation_is_logged_with_who_why_and_what(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    access = Access(store, _actor(store, "officer"), "pre-visit check", client="10.0.0.7")
    with store.begin() as conn:
        access.consult(conn, ["person-2", "person-1", "person-2"])
    with store.connect() as conn:
        row = conn.execute(select(tables.audit_log)).mappings().one()
    assert row["operation"] == AuditOperation.CONSULTATION
    assert row["actor_id"] == "officer"
    assert row["justification"] == "pre-visit check"
    assert row["record_ids"] == ["person-1", "person-2"]
    assert (row["channel"], row["client"]) == ("SCREEN", "10.0.0.7")


def test_require_names_the_role_and_the_permission(store: Store) -> None:
    call_handler = Actor("ch", Role.CALL_HANDLER, FORCE_ORG)
    access = Access(store, call_handler, "taking a call")
    access.require(Permission.RECORD_REPORTS)
    with pytest.raises(AccessDenied, match="Call handler may not grade reports"):
        access.require(Permission.GRADE_REPORTS)


def test_a_purpose_is_required_by_default(store: Store) -> None:
    with pytest.raises(AccessDenied, match="purpose"):
        Access(store, SYSTEM, "   ")


def test_the_purpose_rule_follows_the_setting_at_each_use(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINEWATCH_AUDIT_JUSTIFICATION_REQUIRED", "false")
    access = Access(store, SYSTEM, "")
    with store.begin() as conn:
        access.log(conn, AuditOperation.CONSULTATION, ["rep-1"])
    with store.connect() as conn:
        assert conn.execute(select(tables.audit_log.c.justification)).scalar() is None
    monkeypatch.setenv("LINEWATCH_AUDIT_JUSTIFICATION_REQUIRED", "true")
    with pytest.raises(AccessDenied):
        Access(store, SYSTEM, "")


def test_an_unknown_channel_is_refused_at_once(store: Store) -> None:
    with pytest.raises(ValueError, match="channel"):
        Access(store, SYSTEM, "test", channel="FAX")


def test_only_partners_are_limited_to_their_own_organisation(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    partner = Access(store, _actor(store, "partner"), "tenancy concern")
    analyst = Access(store, _actor(store, "analyst"), "network analysis")
    assert partner.visible_organisations() == frozenset({PARTNER_ORG})
    assert analyst.visible_organisations() is None


def test_a_partner_sees_own_or_disclosed_records_only(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    partner = Access(store, _actor(store, "partner"), "tenancy concern")
    analyst = Access(store, _actor(store, "analyst"), "network analysis")
    intel = Access(store, _actor(store, "intel"), "safeguarding referral")
    with store.begin() as conn:
        assert partner.partner_may_see(conn, "housing-17", PARTNER_ORG)
        assert partner.partner_may_see(conn, "housing-17", "Rutland County Council Housing")
        assert not partner.partner_may_see(conn, "rep-1", FORCE_ORG)
        assert not partner.partner_may_see(conn, "rep-1", "Leicestershire Police")
        assert analyst.partner_may_see(conn, "rep-1", FORCE_ORG)

        disclose(intel, conn, ["rep-1"], NEIGHBOURING_FORCE_ORG, "cross-border line", "P")
        assert not partner.partner_may_see(conn, "rep-1", FORCE_ORG), "sent to someone else"
        disclose(intel, conn, ["rep-1"], PARTNER_ORG, "safeguarding a tenant", "P")
        assert partner.partner_may_see(conn, "rep-1", FORCE_ORG)
        assert not partner.partner_may_see(conn, "rep-2", FORCE_ORG)
