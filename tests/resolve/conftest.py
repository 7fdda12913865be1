"""Fixtures acting on the ``store`` fixture, so a test that uses them runs on both backends."""

from __future__ import annotations

import pytest

from linewatch.access import Access
from linewatch.store import Store
from resolve.records import as_analyst, as_system


@pytest.fixture
def system(store: Store) -> Access:
    return as_system(store)


@pytest.fixture
def analyst(store: Store) -> Access:
    return as_analyst(store)
