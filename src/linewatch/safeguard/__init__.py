"""Safeguarding: cuckooing risk per address, welfare visits, people to refer, referrals.

Referrals and visits arrive in the enforcement file and are loaded by ``enforce.import_history``
in the same transaction, through this package's record loaders (``safeguard.records``).
"""

from linewatch.safeguard.age import AgeStatus
from linewatch.safeguard.calendar import visits_calendar
from linewatch.safeguard.cuckoo import AddressRisk, assess_cuckooing_risk, risk_level
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
    "VISIT_SIGNS",
    "AddressRisk",
    "AgeStatus",
    "SafeguardingSubject",
    "SafeguardingSummary",
    "Shift",
    "Stop",
    "Visit",
    "VisitNotFound",
    "assess_cuckooing_risk",
    "assign_visits",
    "get_visit",
    "neighbourhood_officers",
    "overdue_visits",
    "people_to_safeguard",
    "plan_shifts",
    "record_visit",
    "risk_level",
    "safeguarding_summary",
    "schedule_visits",
    "visits_calendar",
    "visits_due",
]
