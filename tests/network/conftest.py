"""Fixtures for the network tests: the small picture written to each backend's store."""

from __future__ import annotations

import pytest

from linewatch.access import Access, system_access
from linewatch.store import Store
from network.smallpicture import SmallPicture, write_small_picture


@pytest.fixture
def small_picture(store: Store) -> SmallPicture:
    return write_small_picture(store)


@pytest.fixture
def analyst(store: Store) -> Access:
    return system_access(store, "Building the network picture for tasking")
