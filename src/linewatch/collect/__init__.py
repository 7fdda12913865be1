"""Collection: bringing reports, partner records and ANPR reads into the system of record.

Every import runs in one transaction and records one batch: importing the same file twice
adds nothing; rows that fail validation are quarantined with the field and the reason, and can
be corrected and resubmitted; valid rows are never lost; each import is logged as a COLLECTION
(DPA 2018 s.62). Reports are sanitised on the way in, their originals kept apart.
"""

from linewatch.collect.anpr import import_anpr
from linewatch.collect.bulk import csv_safe, import_partner_file, read_partner_file
from linewatch.collect.extract import extract
from linewatch.collect.extract_items import Extraction, Found, IndicatorHit, clean_value
from linewatch.collect.extract_link import (
    LinkDecision,
    LinkStatus,
    ProposedLink,
    confirm_link,
    link_extraction,
)
from linewatch.collect.extract_score import (
    Score,
    ScoredReport,
    is_held_back,
    load_corpus,
    score_extraction,
)
from linewatch.collect.fields import Refused
from linewatch.collect.folder import import_folder
from linewatch.collect.importer import FileRejected, Progress
from linewatch.collect.intake import (
    Contact,
    Receipt,
    RecordedReport,
    Submission,
    SubmissionError,
    check_submission,
    public_access,
    recorded_since,
    submit_report,
)
from linewatch.collect.quarantine import QuarantinedRow, quarantined, resubmit
from linewatch.collect.ratelimit import AddressLimiter
from linewatch.collect.records import (
    import_person_records,
    partner_record_id,
    person_id,
    record_source_id,
)
from linewatch.collect.reports import import_reports, mention_id, report_id

__all__ = [
    "AddressLimiter",
    "Contact",
    "Extraction",
    "FileRejected",
    "Found",
    "IndicatorHit",
    "LinkDecision",
    "LinkStatus",
    "Progress",
    "ProposedLink",
    "QuarantinedRow",
    "Receipt",
    "RecordedReport",
    "Refused",
    "Score",
    "ScoredReport",
    "Submission",
    "SubmissionError",
    "check_submission",
    "clean_value",
    "confirm_link",
    "csv_safe",
    "extract",
    "import_anpr",
    "import_folder",
    "import_partner_file",
    "import_person_records",
    "import_reports",
    "is_held_back",
    "link_extraction",
    "load_corpus",
    "mention_id",
    "partner_record_id",
    "person_id",
    "public_access",
    "quarantined",
    "read_partner_file",
    "record_source_id",
    "recorded_since",
    "report_id",
    "resubmit",
    "score_extraction",
    "submit_report",
]
