"""Safeguarding: cuckooing risk per address, welfare visits, people to refer, referrals and
their decisions, the vulnerability register, and closure of cuckooed addresses.

Referrals and visits arrive in the enforcement file and are loaded by ``enforce.import_history``
in the same transaction, through this package's record loaders (``safeguard.records``).
"""

from linewatch.safeguard.address import AddressPicture, address_picture
from linewatch.safeguard.age import AgeStatus
from linewatch.safeguard.calendar import visits_calendar
from linewatch.safeguard.closure import (
    Closure,
    ClosureStatus,
    NoticeRank,
    extend_notice,
    extend_order,
    get_closure,
    record_hearing,
    record_order,
    serve_notice,
)
from linewatch.safeguard.cuckoo import AddressRisk, assess_cuckooing_risk, risk_level
from linewatch.safeguard.errors import NotFound, WorkflowError
from linewatch.safeguard.referrals import (
    Referral,
    SocialCareDecision,
    get_referral,
    list_referrals,
    make_referral,
    needs_referral,
    record_decision,
)
from linewatch.safeguard.register import KINDS as REGISTER_KINDS
from linewatch.safeguard.register import Register, vulnerability_register
from linewatch.safeguard.schedule import (
    Shift,
    Stop,
    assign_visits,
    neighbourhood_officers,
    plan_shifts,
)
from linewatch.safeguard.signs import VISIT_SIGNS
from linewatch.safeguard.subjects import SafeguardingSubject, people_to_safeguard
from linewatch.safeguard.summary import SafeguardingSummary, safeguarding_summary
from linewatch.safeguard.visits import (
    Visit,
    VisitNotFound,
    get_visit,
    overdue_visits,
    record_visit,
    schedule_visits,
    visits_due,
)

__all__ = [
    "REGISTER_KINDS",
    "VISIT_SIGNS",
    "AddressPicture",
    "AddressRisk",
    "AgeStatus",
    "Closure",
    "ClosureStatus",
    "NotFound",
    "NoticeRank",
    "Referral",
    "Register",
    "SafeguardingSubject",
    "SafeguardingSummary",
    "Shift",
    "SocialCareDecision",
    "Stop",
    "Visit",
    "VisitNotFound",
    "WorkflowError",
    "address_picture",
    "assess_cuckooing_risk",
    "assign_visits",
    "extend_notice",
    "extend_order",
    "get_closure",
    "get_referral",
    "get_visit",
    "list_referrals",
    "make_referral",
    "needs_referral",
    "neighbourhood_officers",
    "overdue_visits",
    "people_to_safeguard",
    "plan_shifts",
    "record_decision",
    "record_hearing",
    "record_order",
    "record_visit",
    "risk_level",
    "safeguarding_summary",
    "schedule_visits",
    "serve_notice",
    "visits_calendar",
    "visits_due",
    "vulnerability_register",
]
