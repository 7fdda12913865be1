"""Enforcement: warrants, arrests, bail and its conditions, possible breaches from ANPR, seizures.

``import_history`` loads an enforcement file whole, its safeguarding sections included (one
file, one transaction). ``detect_breaches`` raises possible-breach alerts for an officer; it
never records a breach itself.
"""

from linewatch.enforce.alerts import Alert, AlertNotFound, acknowledge, get_alert, open_alerts
from linewatch.enforce.bail_view import BailRecord, bail_for_person
from linewatch.enforce.breaches import detect_breaches
from linewatch.enforce.expiry import bail_expiry_warnings
from linewatch.enforce.history import import_history
from linewatch.enforce.sightings import Sighting, SightingError, record_sighting, sightings_of
from linewatch.enforce.summary import EnforcementSummary, enforcement_summary

__all__ = [
    "Alert",
    "AlertNotFound",
    "BailRecord",
    "EnforcementSummary",
    "Sighting",
    "SightingError",
    "acknowledge",
    "bail_expiry_warnings",
    "bail_for_person",
    "detect_breaches",
    "enforcement_summary",
    "get_alert",
    "import_history",
    "open_alerts",
    "record_sighting",
    "sightings_of",
]
