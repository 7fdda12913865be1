"""Evaluation: 3x5x2 grading, sanitisation, dissemination and triage of reports."""

from linewatch.evaluate.batch_queue import queue_batch
from linewatch.evaluate.corroboration import (
    Corroboration,
    ReportSource,
    entity_corroboration,
    raise_to_corroborated,
    report_corroboration,
)
from linewatch.evaluate.dissemination import (
    Handling,
    NotDisseminable,
    disclose_reports,
    ensure_disseminable,
)
from linewatch.evaluate.duplicates import (
    DuplicateLink,
    duplicate_links,
    find_near_duplicates,
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
from linewatch.evaluate.likeness import similarity
from linewatch.evaluate.redaction import Redaction, apply_redactions, suggest_redactions
from linewatch.evaluate.report import Original, ReportView, report_view
from linewatch.evaluate.sanitise import (
    SanitisationError,
    SanitiseResult,
    confirm_sanitised,
    might_identify_reporter,
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
    "Corroboration",
    "DefaultGrading",
    "DuplicateLink",
    "GradeRecord",
    "GradingError",
    "Handling",
    "Indicator",
    "NotDisseminable",
    "Original",
    "Redaction",
    "ReportSource",
    "ReportView",
    "SanitisationError",
    "SanitiseResult",
    "TriageItem",
    "apply_redactions",
    "check_grading",
    "confirm_sanitised",
    "default_grading",
    "disclose_reports",
    "duplicate_links",
    "ensure_disseminable",
    "entity_corroboration",
    "find_near_duplicates",
    "grade",
    "grade_history",
    "might_identify_reporter",
    "normalise_code",
    "queue_batch",
    "raise_to_corroborated",
    "report_corroboration",
    "report_view",
    "sanitise",
    "similarity",
    "suggest_redactions",
    "triage_count",
    "triage_queue",
    "validate_grading",
]
