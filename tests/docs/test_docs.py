"""Documentation that must not fall behind the code."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from linewatch import settings
from linewatch.cli import app

ROOT = Path(__file__).resolve().parents[2]


def test_settings_page_is_generated_from_the_settings() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text()
    assert doc == settings.markdown(), "run: linewatch settings --markdown > docs/settings.md"
    for setting in settings.SETTINGS:
        assert f"`{setting.env_var}`" in doc


def test_every_cli_command_has_help() -> None:
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for command in group.typer_instance.registered_commands:
            assert command.help, f"linewatch {group.name} {command.name} has no help"
            result = runner.invoke(app, [str(group.name), str(command.name), "--help"])
            assert result.exit_code == 0, result.output


def test_readme_quick_start_is_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.strip() for line in quick.splitlines() if line.strip().startswith("make ")]
    assert commands == ["make demo", "make test"]
