"""Fixtures for the access tests: cheap password hashing and a store with the demo users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher, profiles

from linewatch.access import DemoUser, seed_demo_users, set_password_hasher
from linewatch.store import Store

# The cheapest argon2 parameters keep the suite fast; the production parameters are exercised
# by the rehash test, which switches between two parameter sets.
CHEAP = PasswordHasher.from_parameters(profiles.CHEAPEST)


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[PasswordHasher]:
    previous = set_password_hasher(CHEAP)
    yield CHEAP
    set_password_hasher(previous)


@pytest.fixture
def demo(store: Store) -> dict[str, DemoUser]:
    """The demo organisations and users on ``store``, by user id."""
    return {user.user_id: user for user in seed_demo_users(store)}
