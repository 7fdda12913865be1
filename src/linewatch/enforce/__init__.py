"""Enforcement: warrants, arrests, bail and its conditions, possible breaches, ANPR, seizures.

``import_history`` loads an enforcement file whole, its safeguarding sections included (one
file, one transaction). ``detect_breaches`` raises possible-breach alerts for an officer from
ANPR reads, sightings, reports, cell sites and phone contact; it never records a breach itself.
Warrants go from application on graded grounds to outcome (``warrants``); seizures record
their power and the vehicle's fate (``seizures``); the ANPR hotlist raises hits (``anpr``).
"""

from linewatch.enforce.alerts import Alert, AlertNotFound, acknowledge, get_alert, open_alerts
from linewatch.enforce.anpr import (
    ActionRequired,
    ReasonCategory,
    VehicleOfInterest,
    VoiError,
    add_vehicle_of_interest,
    import_reads_with_hits,
    raise_hits,
    vehicles_of_interest,
    withdraw,
)
from linewatch.enforce.bail_view import BailRecord, bail_for_person
from linewatch.enforce.breaches import detect_breaches
from linewatch.enforce.expiry import bail_expiry_warnings
from linewatch.enforce.history import import_history
from linewatch.enforce.hits import HitsOfVehicle, OpenHits, open_hits
from linewatch.enforce.seizures import (
    Seizure,
    SeizureError,
    SeizureNotFound,
    change_status,
    county_lines,
    get_seizure,
    list_seizures,
    record_seizure,
)
from linewatch.enforce.sightings import Sighting, SightingError, record_sighting, sightings_of
from linewatch.enforce.summary import EnforcementSummary, enforcement_summary
from linewatch.enforce.warrants import (
    Ground,
    Warrant,
    WarrantError,
    WarrantNotFound,
    WarrantPower,
    apply_for_warrant,
    eligible_grounds,
    get_warrant,
    list_warrants,
    people_by_reference,
    record_execution,
    record_issue,
    record_outcome,
    record_refusal,
)

__all__ = [
    "ActionRequired",
    "Alert",
    "AlertNotFound",
    "BailRecord",
    "EnforcementSummary",
    "Ground",
    "HitsOfVehicle",
    "OpenHits",
    "ReasonCategory",
    "Seizure",
    "SeizureError",
    "SeizureNotFound",
    "Sighting",
    "SightingError",
    "VehicleOfInterest",
    "VoiError",
    "Warrant",
    "WarrantError",
    "WarrantNotFound",
    "WarrantPower",
    "acknowledge",
    "add_vehicle_of_interest",
    "apply_for_warrant",
    "bail_expiry_warnings",
    "bail_for_person",
    "change_status",
    "county_lines",
    "detect_breaches",
    "eligible_grounds",
    "enforcement_summary",
    "get_alert",
    "get_seizure",
    "get_warrant",
    "import_history",
    "import_reads_with_hits",
    "list_seizures",
    "list_warrants",
    "open_alerts",
    "open_hits",
    "people_by_reference",
    "raise_hits",
    "record_execution",
    "record_issue",
    "record_outcome",
    "record_refusal",
    "record_seizure",
    "record_sighting",
    "sightings_of",
    "vehicles_of_interest",
    "withdraw",
]
