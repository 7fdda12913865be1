"""Evaluation: 3x5x2 grading, sanitisation, dissemination and triage of reports."""

from linewatch.evaluate.dissemination import (
    Handling,
    NotDisseminable,
    disclose_reports,
    ensure_disseminable,
)
from linewatch.evaluate.grading import (
    DefaultGrading,
    GradeRecord,
    GradingError,
    check_grading,
    default_grading,
    grade,
    grade_history,
    normalise_code,
    validate_grading,
)
from linewatch.evaluate.sanitise import (
    SanitisationError,
    SanitiseResult,
    confirm_sanitised,
    sanitise,
)
from linewatch.evaluate.triage import (
    INDICATORS,
    Indicator,
    TriageItem,
    triage_count,
    triage_queue,
)

__all__ = [
    "INDICATORS",
    "DefaultGrading",
    "GradeRecord",
    "GradingError",
    "Handling",
    "Indicator",
    "NotDisseminable",
    "SanitisationError",
    "SanitiseResult",
    "TriageItem",
    "check_grading",
    "confirm_sanitised",
    "default_grading",
    "disclose_reports",
    "ensure_disseminable",
    "grade",
    "grade_history",
    "normalise_code",
    "sanitise",
    "triage_count",
    "triage_queue",
    "validate_grading",
]
