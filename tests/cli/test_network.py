from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from linewatch.cli.app import app

CAVIAR = Path(__file__).parents[1] / "network" / "data" / "morselli_caviar_aggregate.csv"


def test_disrupt_prints_a_curve_per_strategy_and_the_likely_successor() -> None:
    result = CliRunner().invoke(
        app,
        [
            "network",
            "disrupt",
            "--matrix",
            str(CAVIAR),
            "--remove",
            "1,3",
            "--removals",
            "2",
            "--successors-of",
            "1",
        ],
        env={"COLUMNS": "200"},
    )

    assert result.exit_code == 0, result.output
    assert "betweenness" in result.output and "1, 3" in result.output
    assert "100% > 79% > 75%" in result.output
    assert "3: betweenness rises from 10.5% to 30.0%" in result.output


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["network", "export", str(tmp_path / "x.pdf"), "--format", "pdf"]
    )

    assert result.exit_code != 0
