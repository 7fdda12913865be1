"""3x5x2 grading: scheme checks, channel defaults, re-grading with history and its rules."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from evaluate.conftest import LoadReports, acting
from linewatch.access import AccessDenied
from linewatch.evaluate import (
    DefaultGrading,
    GradingError,
    default_grading,
    grade,
    grade_history,
    validate_grading,
)
from linewatch.model import Channel, Role
from linewatch.store import Store, tables


def test_a_valid_3x5x2_grade_has_no_problems() -> None:
    assert validate_grading("3x5x2", "1", "B", "P", None) == []
    assert validate_grading("3x5x2", 2, "d", "c", "Not to housing") == []
    assert validate_grading("3x5x2", None, None, None, None) == []  # ungraded
    # A partner may say how its information is shared without grading it.
    assert validate_grading("3x5x2", None, None, "C", "Police only") == []


@pytest.mark.parametrize(
    ("scheme", "codes", "field", "words"),
    [
        ("3x5x2", ("A", "B", "P"), "source_evaluation", "5x5x5 source evaluation"),
        ("3x5x2", ("1", "3", "P"), "intelligence_assessment", "5x5x5 intelligence"),
        ("3x5x2", ("1", "B", "5"), "handling_code", "5x5x5 handling code"),
        ("5x5x5", ("2", "2", "1"), "source_evaluation", "3x5x2 source evaluation"),
        ("5x5x5", ("B", "D", "1"), "intelligence_assessment", "3x5x2 intelligence"),
        ("5x5x5", ("B", "2", "P"), "handling_code", "3x5x2 handling code"),
        ("3x5x2", ("4", "B", "P"), "source_evaluation", "not a valid code"),
        ("3x5x2", ("1", None, "P"), "intelligence_assessment", "needs all three"),
        ("3x5x2", ("1", "B", "C"), "handling_conditions", "conditions"),
        ("3x5x2", (None, None, "C"), "handling_conditions", "conditions"),
        ("3x5x2", (None, "B", "P"), "source_evaluation", "needs all three"),
        ("4x4x4", ("1", "B", "P"), "grading_scheme", "not 3x5x2 or 5x5x5"),
    ],
)
def test_each_scheme_refuses_the_others_values(
    scheme: str, codes: tuple[str | None, ...], field: str, words: str
) -> None:
    problems = validate_grading(scheme, *codes, None)
    assert problems, "expected a problem"
    assert problems[0].startswith(f"{field}:")
    assert words in problems[0]


def test_channel_defaults_are_documented_suggestions() -> None:
    crimestoppers = default_grading(Channel.CRIMESTOPPERS)
    assert (crimestoppers.source_evaluation, crimestoppers.intelligence_assessment) == ("2", "D")
    web = default_grading("PUBLIC_WEB")
    assert (web.source_evaluation, web.intelligence_assessment) == ("2", "D")
    officer = default_grading(Channel.OFFICER)
    assert officer.intelligence_assessment == "A" and officer.basis
    for channel in Channel:
        default = default_grading(channel)
        assert validate_grading("3x5x2", *_codes(default), None) == []


def _codes(default: DefaultGrading) -> tuple[str, str, str]:
    return default.source_evaluation, default.intelligence_assessment, default.handling_code


def test_regrading_keeps_the_history_and_carries_to_derived_facts(
    store: Store, load_reports: LoadReports
) -> None:
    [rid] = load_reports(store, ("IR-1", {}))
    officer = acting(store)

    grade(officer, rid, "1", "B", "C", "Not to be shared with partners", "corroborated by ANPR")

    history = grade_history(officer, rid)
    assert [h.code for h in history] == ["2/D/P", "1/B/C"]
    assert history[1].graded_by == "user-intelligence_officer"
    assert history[1].reason == "corroborated by ANPR"
    with store.connect() as conn:
        row = conn.execute(select(tables.reports)).mappings().one()
        statement_grades = set(
            conn.execute(
                select(
                    tables.statements.c.source_evaluation,
                    tables.statements.c.intelligence_assessment,
                    tables.statements.c.handling_code,
                )
            ).all()
        )
        operations = conn.execute(select(tables.audit_log.c.operation)).scalars().all()
    assert (row["source_evaluation"], row["intelligence_assessment"]) == ("1", "B")
    assert row["handling_conditions"] == "Not to be shared with partners"
    assert statement_grades == {("1", "B", "C")}
    assert "ALTERATION" in operations


def test_an_e_grade_is_never_upgraded_without_a_reason(
    store: Store, load_reports: LoadReports
) -> None:
    [rid] = load_reports(store, ("IR-1", {"intelligence_assessment": "E"}))
    officer = acting(store)

    with pytest.raises(GradingError, match="suspected to be false"):
        grade(officer, rid, "2", "B", "P")
    with pytest.raises(GradingError):
        grade(officer, rid, "2", "B", "P", reason="   ")
    with store.connect() as conn:
        assessment = conn.execute(select(tables.reports.c.intelligence_assessment)).scalar()
    assert assessment == "E"
    assert len(grade_history(officer, rid)) == 1

    # Staying at E needs no reason; leaving it does, and the reason is kept.
    grade(officer, rid, "3", "E", "P")
    grade(officer, rid, "2", "C", "P", reason="second source confirmed the address")
    assert [h.code for h in grade_history(officer, rid)] == ["2/E/P", "3/E/P", "2/C/P"]


def test_a_legacy_grade_is_not_mapped_and_needs_a_reason_to_replace(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    legacy = {
        "grading_scheme": "5x5x5",
        "source_evaluation": "B",
        "intelligence_assessment": "2",
        "handling_code": "3",
    }
    [rid] = load_reports(sqlite_store, ("IR-L", legacy))
    officer = acting(sqlite_store)
    with pytest.raises(GradingError, match="no official mapping"):
        grade(officer, rid, "1", "A", "P")
    grade(officer, rid, "2", "C", "P", reason="re-evaluated on review of the original")
    history = grade_history(officer, rid)
    assert [(h.grading_scheme, h.code) for h in history] == [
        ("5x5x5", "B/2/3"),
        ("3x5x2", "2/C/P"),
    ]


def test_a_grade_breaking_the_scheme_is_refused(
    sqlite_store: Store, load_reports: LoadReports
) -> None:
    [rid] = load_reports(sqlite_store, ("IR-1", {}))
    with pytest.raises(GradingError, match="handling_conditions"):
        grade(acting(sqlite_store), rid, "1", "A", "C")
    with pytest.raises(GradingError, match="5x5x5"):
        grade(acting(sqlite_store), rid, "B", "A", "P")


def test_only_a_grading_role_may_grade(sqlite_store: Store, load_reports: LoadReports) -> None:
    [rid] = load_reports(sqlite_store, ("IR-1", {}))
    with pytest.raises(AccessDenied):
        grade(acting(sqlite_store, Role.ANALYST), rid, "1", "A", "P")
    with pytest.raises(LookupError):
        grade(acting(sqlite_store), "report-missing", "1", "A", "P")
