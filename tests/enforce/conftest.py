"""The generated scenario, shared with the safeguarding tests."""

from __future__ import annotations

import pytest

from safeguard.scenario import Scenario, build


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build(tmp_path_factory)
