"""Collection: bringing reports, partner records and ANPR reads into the system of record.

Every import runs in one transaction and records one batch: importing the same file twice
adds nothing; rows that fail validation are quarantined with the field and the reason, and can
be corrected and resubmitted; valid rows are never lost; each import is logged as a COLLECTION
(DPA 2018 s.62). Reports are sanitised on the way in, their originals kept apart.
"""

from linewatch.collect.anpr import import_anpr
from linewatch.collect.fields import Refused
from linewatch.collect.folder import import_folder
from linewatch.collect.importer import FileRejected, Progress
from linewatch.collect.quarantine import QuarantinedRow, quarantined, resubmit
from linewatch.collect.records import (
    import_person_records,
    partner_record_id,
    person_id,
    record_source_id,
)
from linewatch.collect.reports import import_reports, mention_id, report_id

__all__ = [
    "FileRejected",
    "Progress",
    "QuarantinedRow",
    "Refused",
    "import_anpr",
    "import_folder",
    "import_person_records",
    "import_reports",
    "mention_id",
    "partner_record_id",
    "person_id",
    "quarantined",
    "record_source_id",
    "report_id",
    "resubmit",
]
