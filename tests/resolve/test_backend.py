"""LINEWATCH_RESOLVE_BACKEND picks Splink's engine; a wrong or missing engine fails clearly."""

from __future__ import annotations

import importlib.util

import pytest

from linewatch.resolve import SplinkMatcher
from linewatch.resolve.linkage import configured_backend, database_api


def test_the_setting_chooses_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINEWATCH_RESOLVE_BACKEND", raising=False)
    assert configured_backend() == "duckdb"
    assert type(database_api()).__name__ == "DuckDBAPI"
    monkeypatch.setenv("LINEWATCH_RESOLVE_BACKEND", " DuckDB ")
    assert SplinkMatcher().backend == "duckdb"


def test_an_unknown_backend_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEWATCH_RESOLVE_BACKEND", "oracle")
    with pytest.raises(ValueError, match="LINEWATCH_RESOLVE_BACKEND='oracle'"):
        SplinkMatcher()


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is not None,
    reason="pyspark is installed here, so the spark backend is available",
)
def test_spark_without_pyspark_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEWATCH_RESOLVE_BACKEND", "spark")
    with pytest.raises(RuntimeError, match="LINEWATCH_RESOLVE_BACKEND=spark needs pyspark"):
        SplinkMatcher()
    with pytest.raises(RuntimeError, match="pyspark"):
        database_api()
