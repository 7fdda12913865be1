"""Reports in a store for evaluation tests, loaded the way they arrive: through collect."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collect.builders import report, write_jsonl
from linewatch.access import FORCE_ORG, Access, Actor
from linewatch.collect import import_reports, report_id
from linewatch.model import Role
from linewatch.store import Store

LoadReports = Callable[..., list[str]]


def acting(store: Store, role: Role = Role.INTELLIGENCE_OFFICER) -> Access:
    actor = Actor(f"user-{role.value.lower()}", role, FORCE_ORG, role.label)
    return Access(store, actor, "County Lines intelligence assessment")


@pytest.fixture
def load_reports(tmp_path: Path) -> LoadReports:
    """Import reports built from (reference, overrides) pairs; returns their ids in order."""
    counter = iter(range(1_000_000))

    def load(store: Store, *specs: tuple[str, dict[str, Any]]) -> list[str]:
        path = write_jsonl(
            tmp_path / f"reports-{next(counter)}.jsonl",
            [report(ref, **overrides) for ref, overrides in specs],
        )
        result = import_reports(acting(store), path)
        assert result.rows_loaded == len(specs), result.problems
        return [report_id(ref) for ref, _ in specs]

    return load
