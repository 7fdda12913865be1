"""API tokens for partner agencies, neighbouring forces and the PCC office."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from linewatch.access import (
    FORCE_ORG,
    NEIGHBOURING_FORCE_ORG,
    PARTNER_ORG,
    PCC_ORG,
    DemoUser,
    Permission,
    actor_for_token,
    allows,
    issue_api_token,
    revoke_api_token,
)
from linewatch.model import Role
from linewatch.store import Store, tables


def test_a_token_acts_as_its_organisation(store: Store, demo: dict[str, DemoUser]) -> None:
    with store.begin() as conn:
        token = issue_api_token(conn, PARTNER_ORG)
    actor = actor_for_token(store, token)
    assert actor is not None
    assert (actor.id, actor.role, actor.organisation_id) == (
        f"api:{PARTNER_ORG}",
        Role.PARTNER,
        PARTNER_ORG,
    )
    assert actor.is_partner
    assert actor_for_token(store, token[:-1]) is None
    assert actor_for_token(store, "") is None
    assert actor_for_token(store, None) is None


def test_only_a_hash_is_stored(store: Store, demo: dict[str, DemoUser]) -> None:
    with store.begin() as conn:
        token = issue_api_token(conn, PARTNER_ORG)
        stored = conn.execute(
            select(tables.organisations.c.api_token_hash).where(
                tables.organisations.c.id == PARTNER_ORG
            )
        ).scalar()
    assert stored == hashlib.sha256(token.encode()).hexdigest()


def test_a_neighbouring_force_gets_the_partner_rule(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    with store.begin() as conn:
        token = issue_api_token(conn, NEIGHBOURING_FORCE_ORG)
    actor = actor_for_token(store, token)
    assert actor is not None and actor.role is Role.PARTNER and actor.is_partner


def test_the_pcc_office_token_sees_aggregates_only(store: Store, demo: dict[str, DemoUser]) -> None:
    with store.begin() as conn:
        token = issue_api_token(conn, PCC_ORG)
    actor = actor_for_token(store, token)
    assert actor is not None and actor.role is Role.PCC_OFFICE
    assert not allows(actor.role, Permission.VIEW_PERSONAL_DATA)


def test_a_new_token_replaces_the_old_and_revoking_ends_it(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    with store.begin() as conn:
        first = issue_api_token(conn, PARTNER_ORG)
        second = issue_api_token(conn, PARTNER_ORG)
    assert first != second
    assert actor_for_token(store, first) is None
    assert actor_for_token(store, second) is not None
    with store.begin() as conn:
        revoke_api_token(conn, PARTNER_ORG)
    assert actor_for_token(store, second) is None


def test_no_token_for_the_force_itself_or_an_unknown_body(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    with store.begin() as conn:
        with pytest.raises(ValueError, match="sign in as users"):
            issue_api_token(conn, FORCE_ORG)
        with pytest.raises(ValueError, match="no organisation"):
            issue_api_token(conn, "nowhere")
