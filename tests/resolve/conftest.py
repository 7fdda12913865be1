"""Fixtures acting on the ``store`` fixture, so a test that uses them runs on both backends."""

from __future__ import annotations

import pytest

from linewatch.access import Access
from linewatch.store import Store
from resolve.records import as_analyst, as_system
from resolve.scenario_store import ResolvedScenario, build


@pytest.fixture(scope="session")
def resolved_scenario(tmp_path_factory: pytest.TempPathFactory) -> ResolvedScenario:
    """The small scenario imported and resolved on exact identifiers, once per session."""
    return build(tmp_path_factory.mktemp("resolved-scenario"))


@pytest.fixture
def system(store: Store) -> Access:
    return as_system(store)


@pytest.fixture
def analyst(store: Store) -> Access:
    return as_analyst(store)
