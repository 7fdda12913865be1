"""Running the Splink person model: one backend seam, training, and scored pairs.

``LINEWATCH_RESOLVE_BACKEND`` picks the engine: ``duckdb`` (embedded, the default) or
``spark`` (a national deployment). Only the chosen engine is imported; Spark is not a
dependency of Linewatch, so choosing it without pyspark installed is a clear error.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import splink

from linewatch import settings
from linewatch.resolve.splink_model import (
    DETERMINISTIC_RECALL,
    deterministic_rules,
    person_settings,
    training_rules,
)

BACKENDS = ("duckdb", "spark")
_NO_SPARK = (
    "LINEWATCH_RESOLVE_BACKEND=spark needs pyspark (and Java) installed next to Linewatch; "
    "it is not a dependency of the embedded install. Install pyspark or set "
    "LINEWATCH_RESOLVE_BACKEND=duckdb."
)
METHOD = f"splink:{splink.__version__}"
# Columns that carry no evidence of their own: ids and the keys comparisons derive from.
_NOT_EVIDENCE = {"unique_id", "source_dataset", "first_formal", "middle_name", "dob"}


def configured_backend(backend: str | None = None) -> str:
    """``backend`` if given, else ``LINEWATCH_RESOLVE_BACKEND``; an unknown name is an error."""
    chosen = (backend or str(settings.get("resolve_backend"))).strip().lower()
    if chosen not in BACKENDS:
        raise ValueError(
            f"LINEWATCH_RESOLVE_BACKEND={chosen!r} is not a resolve backend; "
            f"choose one of {', '.join(BACKENDS)}"
        )
    if chosen == "spark" and importlib.util.find_spec("pyspark") is None:
        raise RuntimeError(_NO_SPARK)
    return chosen


def database_api(backend: str | None = None) -> Any:
    """Splink's database API for ``backend`` (default: the setting); Spark runs on the
    active (or a local) session."""
    backend = configured_backend(backend)
    if backend == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    if backend == "spark":
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise RuntimeError(_NO_SPARK) from None
        from splink import SparkAPI

        return SparkAPI(spark_session=SparkSession.builder.getOrCreate())  # type: ignore[no-untyped-call]
    raise AssertionError(backend)  # configured_backend admits only BACKENDS


def populated(frames: Sequence[pd.DataFrame]) -> list[str]:
    """Frame columns holding at least one value somewhere: the model uses only these."""
    columns = [c for c in frames[0].columns if c not in _NOT_EVIDENCE]
    wanted = [c for c in columns if any(f[c].notna().any() for f in frames)]
    # Derived keys ride along with the column they refine.
    extra = [c for c in ("first_formal", "middle_name", "dob") if c in frames[0].columns]
    return wanted + extra


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as strings and birth year as an integer, even when a column is all empty."""
    out = frame.copy()
    for column in out.columns:
        out[column] = out[column].astype("Int64" if column == "birth_year" else "string")
    return out


@dataclass
class Linkage:
    """A trained person model and its scored pairs (a pandas frame, one row per pair)."""

    linker: Any
    pairs: pd.DataFrame
    columns: list[str]


def link_people(
    frames: Sequence[pd.DataFrame],
    *,
    backend: str | None = None,
    threshold: float = 0.5,
    seed: int = 2026,
    u_pairs: float = 2e6,
    em_pairs: float | None = 2e6,
) -> Linkage:
    """Train the model on ``frames`` (one: deduplicate; two: link) and score candidate pairs.

    Lambda comes from deterministic rules that admit almost no false matches, u from random
    pairs, m from EM sessions blocked on columns the other sessions estimate. Returns pairs
    with a match probability of at least ``threshold``.
    """
    db = database_api(backend)
    columns = populated(frames)
    settings = person_settings(columns, link_only=len(frames) > 1)
    typed = [_typed(f[["unique_id", *columns]]) for f in frames]
    # Splink's progress messages would interleave with the CLI's own, and its warnings here are
    # expected (a level no pair in an EM session's block reaches keeps its estimate from the
    # other sessions); a session Splink refuses is logged below.
    linker = splink.Linker([db.register(f) for f in typed], settings, log_level=logging.ERROR)
    training = linker.training
    rules = deterministic_rules(columns)
    if rules:
        training.estimate_probability_two_random_records_match(
            list[Any](rules), recall=DETERMINISTIC_RECALL
        )
    training.estimate_u_using_random_sampling(
        max_pairs=u_pairs, seed=seed, min_count_per_level=None, num_chunks=1
    )
    for rule in training_rules(columns):
        # A session narrows the model's own settings to the comparisons it can estimate (and
        # changes lambda) and only puts them back when it succeeds: keep a copy to restore.
        before = linker._settings_obj.core_model_settings.copy()  # type: ignore[no-untyped-call]
        try:
            training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=em_pairs
            )
        except ValueError as exc:
            # A level that no pair in this session's block reaches drives its m towards zero
            # and Splink refuses the underflow; the other sessions still estimate it.
            if "below the minimum allowed" not in str(exc):
                raise
            linker._settings_obj.core_model_settings = before
            sql = rule.get_blocking_rule("duckdb").blocking_rule_sql
            logging.getLogger(__name__).warning("EM session on %s skipped: %s", sql, exc)
    predicted = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    frame: pd.DataFrame = predicted.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    return Linkage(linker, frame, columns)
