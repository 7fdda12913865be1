"""`linewatch comms analyse` and `comms staff` over the small scenario's call records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.scenario import generate, load_ground_truth


def test_analyse_lists_each_lines_runners_and_holder_and_staff_says_why(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario"
    generate(scenario, scale="small", seed=2026, as_of=date(2026, 11, 28))
    truth = load_ground_truth(scenario)
    env = {
        "LINEWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'linewatch.db'}",
        "LINEWATCH_DATA_DIR": str(tmp_path / "data"),
        "COLUMNS": "200",
    }
    runner = CliRunner()
    imported = runner.invoke(app, ["comms", "import", str(scenario / "calls")], env=env)
    assert imported.exit_code == 0, imported.output

    analysed = runner.invoke(app, ["comms", "analyse"], env=env)
    why = runner.invoke(app, ["comms", "staff", "--reasons"], env=env)

    assert analysed.exit_code == 0, analysed.output
    assert "runner phones and" in analysed.output
    for line in truth.lines:
        [holder] = truth.people[line.holder].phones
        row = next(r for r in analysed.output.splitlines() if holder in r)
        assert "line holder" in row
    assert why.exit_code == 0, why.output
    assert "stays away from the street dealing" in why.output
    assert "travelling out to deal" in why.output
