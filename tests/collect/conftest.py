"""Acting users for collection tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from linewatch.access import FORCE_ORG, Access, Actor
from linewatch.model import Role
from linewatch.store import Store

MakeAccess = Callable[..., Access]


def acting(store: Store, role: Role = Role.INTELLIGENCE_OFFICER) -> Access:
    actor = Actor(f"user-{role.value.lower()}", role, FORCE_ORG, role.label)
    return Access(store, actor, "County Lines intelligence assessment")


@pytest.fixture
def as_role() -> MakeAccess:
    return acting
