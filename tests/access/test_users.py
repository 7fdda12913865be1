"""Organisations, users, sign-in and the demo set."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import Table, func, select

from linewatch.access import (
    FORCE_ORG,
    PARTNER_ORG,
    PCC_ORG,
    DemoUser,
    OrganisationKind,
    PasswordPolicyError,
    authenticate,
    check_password_policy,
    create_organisation,
    create_user,
    deactivate_user,
    demo_password,
    get_actor,
    get_organisation,
    seed_demo_users,
    set_password,
    set_password_hasher,
)
from linewatch.model import Role
from linewatch.store import Store, tables

GOOD_PASSWORD = "correct horse battery"


def _count(store: Store, table: Table) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _stored_hash(store: Store, user_id: str) -> str:
    with store.connect() as conn:
        users = tables.users
        return str(
            conn.execute(select(users.c.password_hash).where(users.c.id == user_id)).scalar()
        )


@pytest.fixture
def force(store: Store) -> Store:
    with store.begin() as conn:
        create_organisation(conn, FORCE_ORG, "Leicestershire Police", OrganisationKind.FORCE)
        create_organisation(conn, PARTNER_ORG, "Rutland County Council Housing", "HOUSING")
        create_user(conn, "dc.shah", "DC Shah", Role.INTELLIGENCE_OFFICER, FORCE_ORG, GOOD_PASSWORD)
    return store


def test_the_right_password_gives_the_actor(force: Store) -> None:
    actor = authenticate(force, "dc.shah", GOOD_PASSWORD)
    assert actor is not None
    assert (actor.id, actor.role, actor.organisation_id) == (
        "dc.shah",
        Role.INTELLIGENCE_OFFICER,
        FORCE_ORG,
    )
    assert actor.display_name == "DC Shah"
    assert authenticate(force, "  DC.Shah ", GOOD_PASSWORD) == actor


def test_wrong_password_and_unknown_user_both_give_none(force: Store) -> None:
    assert authenticate(force, "dc.shah", GOOD_PASSWORD + "!") is None
    assert authenticate(force, "dc.shah", "") is None
    assert authenticate(force, "nobody", GOOD_PASSWORD) is None


class CountingHasher(PasswordHasher):
    verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        type(self).verified += 1
        return super().verify(hash, password)


STRONGER = PasswordHasher.from_parameters(replace(profiles.CHEAPEST, time_cost=2))


def test_an_unknown_user_still_costs_a_password_check(force: Store) -> None:
    set_password_hasher(CountingHasher.from_parameters(profiles.CHEAPEST))
    CountingHasher.verified = 0
    assert authenticate(force, "nobody", GOOD_PASSWORD) is None
    assert CountingHasher.verified == 1


def test_inactive_users_are_refused(force: Store) -> None:
    with force.begin() as conn:
        deactivate_user(conn, "dc.shah")
    assert authenticate(force, "dc.shah", GOOD_PASSWORD) is None
    with force.connect() as conn:
        assert get_actor(conn, "dc.shah") is None
    with force.begin() as conn, pytest.raises(ValueError):
        deactivate_user(conn, "nobody")


def test_only_the_hash_is_stored(force: Store) -> None:
    stored = _stored_hash(force, "dc.shah")
    assert stored.startswith("$argon2id$")
    assert GOOD_PASSWORD not in stored


def test_a_hash_with_old_parameters_is_replaced_at_sign_in(force: Store) -> None:
    old = _stored_hash(force, "dc.shah")
    set_password_hasher(STRONGER)
    assert STRONGER.check_needs_rehash(old)
    assert authenticate(force, "dc.shah", GOOD_PASSWORD) is not None
    new = _stored_hash(force, "dc.shah")
    assert new != old and not STRONGER.check_needs_rehash(new)
    assert authenticate(force, "dc.shah", GOOD_PASSWORD) is not None
    assert _stored_hash(force, "dc.shah") == new, "a current hash is left alone"


def test_a_failed_sign_in_does_not_rehash(force: Store) -> None:
    old = _stored_hash(force, "dc.shah")
    set_password_hasher(STRONGER)
    assert authenticate(force, "dc.shah", "wrong password here") is None
    assert _stored_hash(force, "dc.shah") == old


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("elevenchars", "at least 12"),
        (" " * 14, "only spaces"),
        ("my-dc.shah-password", "user id"),
        ("x" * 1025, "at most"),
    ],
)
def test_the_password_policy(password: str, reason: str) -> None:
    with pytest.raises(PasswordPolicyError, match=reason):
        check_password_policy(password, "dc.shah")


def test_twelve_characters_are_enough(force: Store) -> None:
    check_password_policy("twelve chars", "pc.jones")
    with force.begin() as conn:
        with pytest.raises(PasswordPolicyError):
            create_user(conn, "pc.jones", "PC Jones", Role.OFFICER, FORCE_ORG, "eleven char")
        create_user(conn, "pc.jones", "PC Jones", Role.OFFICER, FORCE_ORG, "twelve chars")
    assert authenticate(force, "pc.jones", "twelve chars") is not None


def test_set_password_applies_the_policy_and_changes_the_password(force: Store) -> None:
    with force.begin() as conn:
        with pytest.raises(PasswordPolicyError):
            set_password(conn, "dc.shah", "short")
        set_password(conn, "dc.shah", "a new long passphrase")
    assert authenticate(force, "dc.shah", GOOD_PASSWORD) is None
    assert authenticate(force, "dc.shah", "a new long passphrase") is not None


def test_a_role_must_suit_the_organisation(force: Store) -> None:
    with force.begin() as conn:
        create_organisation(conn, PCC_ORG, "PCC office", OrganisationKind.PCC_OFFICE)
        for role, org in [
            (Role.ANALYST, PARTNER_ORG),
            (Role.PARTNER, FORCE_ORG),
            (Role.PCC_OFFICE, FORCE_ORG),
            (Role.SUPERVISOR, PCC_ORG),
        ]:
            with pytest.raises(ValueError, match="may hold only"):
                create_user(conn, "someone", "Someone", role, org, GOOD_PASSWORD)


def test_bad_ids_duplicates_and_unknown_organisations_are_refused(force: Store) -> None:
    with force.begin() as conn:
        for user_id in ("Bad Id", "x", "api:rutland-housing", "system"):
            with pytest.raises(ValueError, match="user id"):
                create_user(conn, user_id, "X", Role.ANALYST, FORCE_ORG, GOOD_PASSWORD)
        with pytest.raises(ValueError, match="already exists"):
            create_user(conn, "dc.shah", "Again", Role.ANALYST, FORCE_ORG, GOOD_PASSWORD)
        with pytest.raises(ValueError, match="no organisation"):
            create_user(conn, "new.user", "New", Role.ANALYST, "nowhere", GOOD_PASSWORD)
        with pytest.raises(ValueError, match="already exists"):
            create_organisation(conn, FORCE_ORG, "Again", OrganisationKind.FORCE)
        with pytest.raises(ValueError):
            create_organisation(conn, "new-org", "New", "NOT_A_KIND")
        with pytest.raises(ValueError, match="organisation id"):
            create_organisation(conn, "New Org", "New", OrganisationKind.HEALTH)


def test_get_organisation(force: Store) -> None:
    with force.connect() as conn:
        housing = get_organisation(conn, PARTNER_ORG)
        assert get_organisation(conn, "nowhere") is None
    assert housing is not None
    assert (housing.name, housing.kind) == (
        "Rutland County Council Housing",
        OrganisationKind.HOUSING,
    )


# -- the demo set ------------------------------------------------------------------------------


def test_demo_users_cover_every_role_and_can_sign_in(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    assert set(demo) == {
        "intel",
        "analyst",
        "officer",
        "supervisor",
        "callhandler",
        "partner",
        "pcc",
    }
    assert {u.role for u in demo.values()} == set(Role)
    assert demo["partner"].organisation_id == PARTNER_ORG
    assert demo["pcc"].organisation_id == PCC_ORG
    assert demo["intel"].organisation_id == FORCE_ORG
    for user in demo.values():
        assert len(user.password) >= 12
        actor = authenticate(store, user.user_id, user.password)
        assert actor is not None and actor.role is user.role
    assert len({u.password for u in demo.values()}) == len(demo)


def test_demo_organisations(store: Store, demo: dict[str, DemoUser]) -> None:
    with store.connect() as conn:
        force = get_organisation(conn, FORCE_ORG)
        kinds = {row.kind for row in conn.execute(select(tables.organisations.c.kind)).mappings()}
    assert force is not None and force.name == "Leicestershire Police"
    assert kinds == {"FORCE", "HOUSING", "NEIGHBOURING_FORCE", "PCC_OFFICE"}


def test_seeding_twice_adds_nothing_and_gives_the_same_passwords(
    store: Store, demo: dict[str, DemoUser]
) -> None:
    users, orgs = _count(store, tables.users), _count(store, tables.organisations)
    hashes = {u: _stored_hash(store, u) for u in demo}
    again = {u.user_id: u for u in seed_demo_users(store)}
    assert again == demo
    assert (_count(store, tables.users), _count(store, tables.organisations)) == (users, orgs)
    assert {u: _stored_hash(store, u) for u in demo} == hashes


def test_demo_passwords_come_from_the_seed() -> None:
    assert demo_password("intel") == demo_password("intel")
    assert demo_password("intel") != demo_password("analyst")
    assert demo_password("intel", seed="another") != demo_password("intel")
    assert len(demo_password("intel").replace("-", "")) == 16
