"""A generated "small" scenario taken through the cycle up to the analyses, once per process.

The safeguarding and enforcement scenario tests score against its ground truth; both use the
same store, so it is built once (each analysis they run is idempotent or supersedes itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from linewatch import collect, comms, enforce, resolve
from linewatch.access import Access, system_access
from linewatch.scenario import GroundTruth, generate, load_ground_truth
from linewatch.store import ImportResult, Store

AS_OF = date(2026, 3, 1)
SEED = 7


@dataclass(frozen=True)
class Scenario:
    store: Store
    access: Access
    truth: GroundTruth
    enforcement: ImportResult


_built: dict[str, Scenario] = {}


def build(factory: pytest.TempPathFactory) -> Scenario:
    if "small" not in _built:
        folder = factory.mktemp("scenario")
        generate(folder, scale="small", seed=SEED, as_of=AS_OF)
        store = Store(f"sqlite:///{Path(factory.mktemp('store')) / 'linewatch.db'}")
        store.migrate()
        access = system_access(store, "Scoring safeguarding and enforcement on a scenario")
        collect.import_folder(access, folder)
        comms.import_calls(access, folder / "calls")
        result = enforce.import_history(access, folder / "enforcement.json")
        resolve.resolve_exact(access)
        comms.analyse(access)
        _built["small"] = Scenario(store, access, load_ground_truth(folder), result)
    return _built["small"]
