from __future__ import annotations

import pytest

from linewatch import settings


def test_environment_overrides_default_with_its_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEWATCH_VISIT_CADENCE_HIGH_DAYS", "3")
    monkeypatch.setenv("LINEWATCH_AUDIT_JUSTIFICATION_REQUIRED", "false")
    monkeypatch.setenv("LINEWATCH_DEAL_LINE_THRESHOLD", "0.75")
    assert settings.get("visit_cadence_high_days") == 3
    assert settings.get("audit_justification_required") is False
    assert settings.get("deal_line_threshold") == 0.75


def test_default_database_is_sqlite_in_the_data_dir(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("LINEWATCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("LINEWATCH_DATA_DIR", str(tmp_path / "data"))
    assert settings.database_url() == f"sqlite:///{tmp_path / 'data' / 'linewatch.db'}"
    assert (tmp_path / "data").is_dir()


def test_unknown_setting_is_an_error() -> None:
    with pytest.raises(KeyError):
        settings.get("no_such_setting")
