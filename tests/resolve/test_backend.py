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


def test_the_model_is_written_for_either_engine() -> None:
    """Hand-written levels are DuckDB SQL; for Spark they come out in Spark's dialect."""
    from linewatch.resolve.splink_model import COMPARISONS

    for make in COMPARISONS.values():
        comparison = make()
        duckdb = [lv.sql_condition for lv in comparison.get_comparison("duckdb").comparison_levels]
        spark = [lv.sql_condition for lv in comparison.get_comparison("spark").comparison_levels]
        assert len(duckdb) == len(spark)
        assert not any("strpos" in sql.lower() for sql in spark), spark
    postcode = COMPARISONS["postcode"]().get_comparison("spark").comparison_levels
    assert any("LOCATE(' '" in level.sql_condition for level in postcode)
