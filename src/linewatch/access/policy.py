"""Who may do what: the role table, as data, and the handling-code rules."""

from __future__ import annotations

from enum import StrEnum

from linewatch.model import Role


class Permission(StrEnum):
    VIEW_PERSONAL_DATA = "view_personal_data"
    VIEW_ORIGINAL_REPORT = "view_original_report"
    GRADE_REPORTS = "grade_reports"
    RECORD_REPORTS = "record_reports"
    RESOLVE_ENTITIES = "resolve_entities"
    RUN_ANALYSIS = "run_analysis"
    MANAGE_TASKS = "manage_tasks"
    RECORD_OUTCOMES = "record_outcomes"
    DISCLOSE = "disclose"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_AUDIT_LOG = "view_audit_log"
    IMPORT_DATA = "import_data"


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INTELLIGENCE_OFFICER: frozenset(
        {
            P.VIEW_PERSONAL_DATA,
            P.VIEW_ORIGINAL_REPORT,
            P.GRADE_REPORTS,
            P.RECORD_REPORTS,
            P.DISCLOSE,
            P.VIEW_AGGREGATES,
            P.IMPORT_DATA,
            P.RESOLVE_ENTITIES,
        }
    ),
    Role.ANALYST: frozenset(
        {P.VIEW_PERSONAL_DATA, P.RESOLVE_ENTITIES, P.RUN_ANALYSIS, P.VIEW_AGGREGATES, P.IMPORT_DATA}
    ),
    Role.SUPERVISOR: frozenset(
        {
            P.VIEW_PERSONAL_DATA,
            P.MANAGE_TASKS,
            P.RECORD_OUTCOMES,
            P.VIEW_AGGREGATES,
            P.DISCLOSE,
            P.VIEW_AUDIT_LOG,
            P.RUN_ANALYSIS,
        }
    ),
    Role.OFFICER: frozenset({P.VIEW_PERSONAL_DATA, P.RECORD_OUTCOMES, P.RECORD_REPORTS}),
    Role.CALL_HANDLER: frozenset({P.RECORD_REPORTS}),
    # A partner sees personal data only in what its organisation submitted or was sent.
    Role.PARTNER: frozenset({P.VIEW_PERSONAL_DATA, P.RECORD_REPORTS}),
    Role.PCC_OFFICE: frozenset({P.VIEW_AGGREGATES}),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
