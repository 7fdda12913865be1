"""The small scenario, generated and imported once per test session, resolved on exact
identifiers; tests that go further work on a copy of the database file."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from linewatch import collect
from linewatch.access import system_access
from linewatch.collect.records import person_id
from linewatch.resolve import ResolveResult, resolve_exact
from linewatch.scenario import GroundTruth, generate, load_ground_truth
from linewatch.store import Store


@dataclass(frozen=True)
class ResolvedScenario:
    database: Path
    truth: GroundTruth
    first: ResolveResult
    second: ResolveResult

    def store(self) -> Store:
        return Store(f"sqlite:///{self.database}")

    def copy(self, folder: Path) -> Store:
        """A store of its own, as exact resolution left the scenario."""
        target = folder / "linewatch.db"
        shutil.copyfile(self.database, target)
        return Store(f"sqlite:///{target}")

    def person_of(self) -> dict[str, str]:
        """Agency record entity id -> the true person's key."""
        return {
            person_id(org, record): key
            for key, person in self.truth.people.items()
            for org, record in person.records
        }


def build(folder: Path) -> ResolvedScenario:
    generate(folder / "scenario", scale="small", seed=2026, as_of=date(2026, 11, 28))
    database = folder / "linewatch.db"
    store = Store(f"sqlite:///{database}")
    store.migrate()
    access = system_access(store, "Scoring resolution on a scenario")
    collect.import_folder(access, folder / "scenario")
    first = resolve_exact(access)
    second = resolve_exact(access)
    with store.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return ResolvedScenario(database, load_ground_truth(folder / "scenario"), first, second)
