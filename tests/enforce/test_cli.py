"""`linewatch enforce anpr import` and `linewatch enforce breaches` on a store of their own."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.enforce import add_vehicle_of_interest
from linewatch.model import Role
from linewatch.store import Store, utcnow
from safeguard.world import acting

from .test_workflow import _ago, _listed_since, _reads


def test_anpr_import_raises_hits_once_and_breaches_runs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = Store(url)
    store.migrate()
    add_vehicle_of_interest(
        acting(store, Role.OFFICER),
        vrm="AB12 CDE",
        reason_category="COUNTY_LINES_COURIER",
        reason="Courier",
        action_required="INFORMATION_ONLY",
        handling_code="P",
        expires_at=utcnow() + timedelta(days=10),
    )
    _listed_since(store, days=5)
    store.dispose()
    path = _reads(tmp_path / "anpr_reads.csv", [("R1", "AB12CDE", _ago(days=2))])
    env = {"LINEWATCH_DATABASE_URL": url, "COLUMNS": "200"}
    first = CliRunner().invoke(app, ["enforce", "anpr", "import", str(path)], env=env)
    assert first.exit_code == 0, first.output
    assert "1 hotlist hits (1 new)" in first.output and "ANPR hit: AB12CDE" in first.output
    again = CliRunner().invoke(app, ["enforce", "anpr", "import", str(path)], env=env)
    assert again.exit_code == 0 and "1 hotlist hits (0 new)" in again.output
    missing = CliRunner().invoke(app, ["enforce", "anpr", "import", str(tmp_path / "no.csv")])
    assert missing.exit_code != 0
    hotlist = CliRunner().invoke(app, ["enforce", "anpr", "hotlist"], env=env)
    assert hotlist.exit_code == 0 and "AB12CDE" in hotlist.output
    breaches = CliRunner().invoke(app, ["enforce", "breaches", "--as-of", "2026-03-01"], env=env)
    assert breaches.exit_code == 0 and "0 possible breaches" in breaches.output
