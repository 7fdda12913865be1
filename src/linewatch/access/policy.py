"""Who may do what: the role table and the roles each kind of organisation may hold, as data."""

from __future__ import annotations

from enum import StrEnum

from linewatch.model import Role, Vocabulary


class Permission(StrEnum):
    VIEW_PERSONAL_DATA = "view_personal_data"
    # The force's own picture (flagged lines, alerts, safeguarding lists, briefings): partners
    # see personal data only record by record, in what they submitted or were sent.
    VIEW_PICTURE = "view_picture"
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
            P.VIEW_PICTURE,
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
        {
            P.VIEW_PERSONAL_DATA,
            P.VIEW_PICTURE,
            P.RESOLVE_ENTITIES,
            P.RUN_ANALYSIS,
            P.VIEW_AGGREGATES,
            P.IMPORT_DATA,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            P.VIEW_PERSONAL_DATA,
            P.VIEW_PICTURE,
            P.MANAGE_TASKS,
            P.RECORD_OUTCOMES,
            P.VIEW_AGGREGATES,
            P.DISCLOSE,
            P.VIEW_AUDIT_LOG,
            P.RUN_ANALYSIS,
        }
    ),
    Role.OFFICER: frozenset(
        {P.VIEW_PERSONAL_DATA, P.VIEW_PICTURE, P.RECORD_OUTCOMES, P.RECORD_REPORTS}
    ),
    Role.CALL_HANDLER: frozenset({P.RECORD_REPORTS}),
    # A partner sees personal data only in what its organisation submitted or was sent.
    Role.PARTNER: frozenset({P.VIEW_PERSONAL_DATA, P.RECORD_REPORTS}),
    Role.PCC_OFFICE: frozenset({P.VIEW_AGGREGATES}),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


class OrganisationKind(Vocabulary):
    """What an organisation is, which decides the roles its people may hold."""

    FORCE = "FORCE", "The force running Linewatch"
    NEIGHBOURING_FORCE = "NEIGHBOURING_FORCE", "Neighbouring force"
    LAW_ENFORCEMENT = "LAW_ENFORCEMENT", "Other law enforcement (BTP, ROCU, NCLCC)"
    LOCAL_AUTHORITY = "LOCAL_AUTHORITY", "Local authority"
    HOUSING = "HOUSING", "Housing provider"
    SOCIAL_CARE = "SOCIAL_CARE", "Children's or adult social care"
    EDUCATION = "EDUCATION", "School or education service"
    HEALTH = "HEALTH", "Health service"
    DRUG_SERVICE = "DRUG_SERVICE", "Drug and alcohol service"
    PARTNER = "PARTNER", "Other partner agency"
    PCC_OFFICE = "PCC_OFFICE", "Office of the Police and Crime Commissioner"


_FORCE_ROLES = frozenset(
    {
        Role.INTELLIGENCE_OFFICER,
        Role.ANALYST,
        Role.OFFICER,
        Role.SUPERVISOR,
        Role.CALL_HANDLER,
    }
)


def roles_for(kind: OrganisationKind) -> frozenset[Role]:
    """The roles people of an organisation of this kind may hold.

    Anyone outside the force, a neighbouring force included, holds the partner role, so the
    own-organisation-or-disclosed rule applies to them; the PCC office sees aggregates only.
    """
    if kind is OrganisationKind.FORCE:
        return _FORCE_ROLES
    if kind is OrganisationKind.PCC_OFFICE:
        return frozenset({Role.PCC_OFFICE})
    return frozenset({Role.PARTNER})
