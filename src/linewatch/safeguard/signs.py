"""The signs of cuckooing an officer looks for on a welfare visit, as the record form lists them.

The codes are those visits are stored with (``visits.indicators``) and the risk model reads.
"""

from __future__ import annotations

VISIT_SIGNS: tuple[tuple[str, str], ...] = (
    ("UNKNOWN_VISITORS", "Unknown visitors"),
    ("CARS_AT_ALL_HOURS", "Cars coming and going at all hours"),
    ("YOUNG_PEOPLE_NOT_LOCAL", "Young people who are not local"),
    ("NEW_RESIDENTS", "New residents or people staying"),
    ("SMELL_OF_DRUGS", "Smell of drugs"),
    ("DRUG_PARAPHERNALIA", "Drug paraphernalia"),
    ("OCCUPANT_WITHDRAWN", "Occupant withdrawn or frightened"),
    ("DAMAGE_OR_FORCED_ENTRY", "Damage or forced entry"),
    ("MISSING_MEDICATION", "Missing medication"),
    ("OCCUPANT_NOT_AT_HOME", "Occupant not at home"),
)
