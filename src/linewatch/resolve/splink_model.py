"""The Splink model for people: comparisons, blocking and training tuned for agency records.

Columns come from ``people_frame.PERSON_COLUMNS``. A comparison is only part of the model
when some record has that column, so the same model serves the store (names, street names,
dates of birth or only an age, phones, addresses) and the FEBRL benchmarks (no phones, no
street names). Every level's label is written for an analyst: the review page shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import splink.comparison_level_library as cll
from splink import SettingsCreator, block_on
from splink.comparison_library import CustomComparison

# Levels are labelled in words; the review page explains a weight with them.
_L = "{}_l"
_R = "{}_r"


def _both(col: str) -> str:
    return f'"{col}_l" IS NOT NULL AND "{col}_r" IS NOT NULL'


def _level(sql: str, label: str, m: float | None = None) -> Any:
    # Written in DuckDB's SQL; Splink translates it when the backend is Spark.
    level = cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb")
    # A prior for levels training may never see (a rare variation in a small data set).
    return level.configure(m_probability=m) if m is not None else level


def _null(col: str, what: str) -> Any:
    return cll.NullLevel(col).configure(label_for_charts=f"{what} missing on one side")


def _else(label: str) -> Any:
    return cll.ElseLevel().configure(label_for_charts=label)


def first_name_comparison() -> Any:
    return CustomComparison(
        output_column_name="first_name",
        comparison_description="first name",
        comparison_levels=[
            _null("first_name", "first name"),
            cll.ExactMatchLevel("first_name", term_frequency_adjustments=True).configure(
                label_for_charts="same first name"
            ),
            _level(
                '"first_formal_l" = "first_formal_r"',
                "one first name is a nickname of the other",
                0.03,
            ),
            _level(
                '"first_name_l" = "middle_name_r" OR "middle_name_l" = "first_name_r"',
                "one record's first name is the other's middle name",
                0.01,
            ),
            _level(
                '"first_name_l" = "surname_r" AND "surname_l" = "first_name_r"',
                "first name and surname written the other way round",
                0.02,
            ),
            cll.JaroWinklerLevel("first_name", 0.9).configure(
                label_for_charts="first names spelt almost alike"
            ),
            _level(
                '(length("first_name_l") = 1 OR length("first_name_r") = 1) '
                'AND substr("first_name_l", 1, 1) = substr("first_name_r", 1, 1)',
                "an initial that fits the other's first name",
                0.05,
            ),
            _else("different first names"),
        ],
    )


def surname_comparison() -> Any:
    return CustomComparison(
        output_column_name="surname",
        comparison_description="surname",
        comparison_levels=[
            _null("surname", "surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True).configure(
                label_for_charts="same surname"
            ),
            cll.JaroWinklerLevel("surname", 0.92).configure(
                label_for_charts="surnames spelt almost alike"
            ),
            _level(
                '"surname_l" = "first_name_r" AND "first_name_l" = "surname_r"',
                "first name and surname written the other way round",
                0.02,
            ),
            cll.DamerauLevenshteinLevel("surname", 2).configure(
                label_for_charts="surnames two letters apart"
            ),
            _else("different surnames"),
        ],
    )


def birth_comparison() -> Any:
    """Date of birth where both give one, else birth years (one may come from an age)."""
    dob_both = _both("dob")
    return CustomComparison(
        output_column_name="birth",
        comparison_description="date of birth or age",
        comparison_levels=[
            _null("birth_year", "date of birth and age"),
            _level(f'{dob_both} AND "dob_l" = "dob_r"', "same date of birth"),
            _level(
                f'{dob_both} AND substr("dob_l", 1, 4) = substr("dob_r", 1, 4) '
                'AND substr("dob_l", 6, 2) = substr("dob_r", 9, 2) '
                'AND substr("dob_l", 9, 2) = substr("dob_r", 6, 2)',
                "dates of birth with day and month swapped",
                0.01,
            ),
            cll.DamerauLevenshteinLevel("dob", 1).configure(
                label_for_charts="dates of birth one keystroke apart"
            ),
            _level(
                f'{dob_both} AND substr("dob_l", 6, 5) = substr("dob_r", 6, 5) '
                'AND abs("birth_year_l" - "birth_year_r") = 1',
                "same birthday, years one apart",
                0.01,
            ),
            _level(
                f'{dob_both} AND "birth_year_l" = "birth_year_r"',
                "born the same year, different days",
            ),
            _level(
                f'NOT ({dob_both}) AND abs("birth_year_l" - "birth_year_r") <= 1',
                "an estimated age that fits the other's birth year within a year",
                0.08,
            ),
            _level(
                f'NOT ({dob_both}) AND abs("birth_year_l" - "birth_year_r") <= 5',
                "an estimated age that fits the other's birth year within five years",
                0.04,
            ),
            _else("ages far apart"),
        ],
    )


def _exact_comparison(
    col: str, what: str, *, tf: bool = False, near: str = "", changes: float | None = None
) -> Any:
    """``changes``: the fixed chance that one person's two records disagree on it anyway."""
    same = cll.ExactMatchLevel(col, term_frequency_adjustments=tf).configure(
        label_for_charts=f"same {what}"
    )
    levels = [_null(col, what), same]
    if near:
        levels.append(cll.JaroWinklerLevel(col, 0.88).configure(label_for_charts=f"{what}s {near}"))
    other = _else(f"different {what}s")
    if changes is not None:
        # Phones on a line are swapped every few weeks: disagreeing says little, and EM on a
        # few hundred records would learn otherwise from the pairs it happens to see.
        same.configure(m_probability=1 - changes, fix_m_probability=True)
        other.configure(m_probability=changes, fix_m_probability=True)
    levels.append(other)
    return CustomComparison(
        output_column_name=col, comparison_description=what, comparison_levels=levels
    )


def postcode_comparison() -> Any:
    return CustomComparison(
        output_column_name="postcode",
        comparison_description="postcode",
        comparison_levels=[
            _null("postcode", "postcode"),
            cll.ExactMatchLevel("postcode", term_frequency_adjustments=True).configure(
                label_for_charts="same postcode"
            ),
            cll.DamerauLevenshteinLevel("postcode", 1).configure(
                label_for_charts="postcodes one keystroke apart"
            ),
            _level(
                "split_part(\"postcode_l\", ' ', 1) = split_part(\"postcode_r\", ' ', 1) "
                "AND strpos(\"postcode_l\", ' ') > 0",
                "same postcode district",
            ),
            _else("different postcodes"),
        ],
    )


# column -> (the comparison for it, the columns it needs)
COMPARISONS: dict[str, Callable[[], Any]] = {
    "first_name": first_name_comparison,
    "surname": surname_comparison,
    "birth_year": birth_comparison,
    "street_name": lambda: _exact_comparison("street_name", "street name", tf=True),
    "address": lambda: _exact_comparison("address", "address", tf=True, near="nearly alike"),
    "town": lambda: _exact_comparison("town", "town", tf=True),
    "postcode": postcode_comparison,
    "phone": lambda: _exact_comparison("phone", "phone number", changes=0.4),
    "vrm": lambda: _exact_comparison("vrm", "vehicle", changes=0.3),
}

# Pairs worth scoring. Each rule keeps blocks small on a million records while every kind of
# variation the records show (nickname, initial, typo, swapped date, age only) is caught by
# at least one rule that does not depend on the varied part.
PREDICTION_RULES: tuple[tuple[str, ...], ...] = (
    ("first_name", "surname"),
    ("surname", "dob"),
    ("first_name", "dob"),
    ("first_formal", "surname", "postcode"),
    ("surname", "postcode"),
    ("first_name", "postcode"),
    ("dob", "postcode"),
    ("surname", "address"),
    ("address", "postcode"),
    ("address", "town"),
    ("dob", "town"),
    ("postcode", "birth_year"),
    ("address",),
    ("dob", "address"),
    ("phone",),
    ("street_name", "surname"),
    ("street_name", "postcode"),
    ("vrm",),
)

# Rules for lambda: agreement this strong is almost never two different people.
DETERMINISTIC_RULES: tuple[str, ...] = (
    'l."first_name" = r."first_name" AND l."surname" = r."surname" AND l."dob" = r."dob"',
    'l."phone" = r."phone" AND l."surname" = r."surname"',
    'l."surname" = r."surname" AND l."dob" = r."dob" AND l."postcode" = r."postcode"',
)
DETERMINISTIC_RECALL = 0.7

# EM sessions: each blocks on columns the others train, so every comparison is estimated.
TRAINING_RULES: tuple[tuple[str, ...], ...] = (
    ("dob",),
    ("surname", "first_name"),
    ("postcode",),
)


def _usable(columns: Sequence[str], rule: Sequence[str]) -> bool:
    return all(c in columns for c in rule)


def person_settings(columns: Sequence[str], *, link_only: bool = False) -> SettingsCreator:
    """Splink settings for the populated ``columns`` of a people frame."""
    present = set(columns)
    comparisons = [make() for col, make in COMPARISONS.items() if col in present]
    rules: list[Any] = [block_on(*r) for r in PREDICTION_RULES if _usable(columns, r)]
    if _usable(columns, ("first_name", "surname")):
        # An initial with the surname: "J. Smith, 16" against "Jayden Smith".
        rules.append(
            'l."surname" = r."surname" '
            'AND substr(l."first_name", 1, 1) = substr(r."first_name", 1, 1) '
            'AND (length(l."first_name") = 1 OR length(r."first_name") = 1)'
        )
        rules.append('l."first_name" = r."surname" AND l."surname" = r."first_name"')
    # A town holds thousands of people: on its own with a surname or a first name it would
    # make tens of millions of pairs at scale, so the other name's first letter comes too
    # (an initial, a nickname and most typos keep it).
    if _usable(columns, ("first_name", "surname", "town")):
        rules.append(
            'l."surname" = r."surname" AND l."town" = r."town" '
            'AND substr(l."first_name", 1, 1) = substr(r."first_name", 1, 1)'
        )
    if _usable(columns, ("first_name", "surname", "town", "birth_year")):
        rules.append(
            'l."first_name" = r."first_name" AND l."town" = r."town" '
            'AND l."birth_year" = r."birth_year" '
            'AND substr(l."surname", 1, 1) = substr(r."surname", 1, 1)'
        )
    return SettingsCreator(
        link_type="link_only" if link_only else "dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=[],
    )


def training_rules(columns: Sequence[str]) -> list[Any]:
    return [block_on(*r) for r in TRAINING_RULES if _usable(columns, r)]


def deterministic_rules(columns: Sequence[str]) -> list[str]:
    def cols(rule: str) -> set[str]:
        return {part.split('"')[1] for part in rule.split("l.")[1:]}

    return [r for r in DETERMINISTIC_RULES if cols(r) <= set(columns)]
