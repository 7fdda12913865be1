"""Every table of the system of record, as SQLAlchemy Core metadata.

Facts live as *statements* (one property value from one source) and *links* (one typed relation
from one source); an entity's view is assembled from them, so sources that disagree all stay
visible. Derived claims live in ``assessments`` and never overwrite a fact. Workflow records with
a life of their own (users, audit, warrants, bail, visits, referrals, tasks) are ordinary tables.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Id = String(64)
When = DateTime(timezone=True)


def _grading() -> list[Column[object]]:
    """The grading and handling that travel with every fact derived from a report."""
    return [
        Column("source_evaluation", String(2)),
        Column("intelligence_assessment", String(2)),
        Column("handling_code", String(2)),
        Column("classification", String(24), nullable=False, default="OFFICIAL"),
    ]


# --- imports and quarantine -------------------------------------------------------------------

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("dataset", String(128), nullable=False),
    Column("file_name", String(512), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("organisation", String(128)),
    Column("imported_at", When, nullable=False),
    Column("imported_by", String(64)),
    Column("rows_total", Integer, nullable=False, default=0),
    Column("rows_loaded", Integer, nullable=False, default=0),
    Column("rows_quarantined", Integer, nullable=False, default=0),
    UniqueConstraint("kind", "file_sha256", name="uq_import_batches_kind_file"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("record_ref", String(128)),
    Column("field", String(128)),
    Column("reason", Text, nullable=False),
    Column("raw", JSON, nullable=False),
    Column("status", String(16), nullable=False, default="OPEN"),
    Column("created_at", When, nullable=False),
)

# --- facts: entities, statements, links --------------------------------------------------------

entities = Table(
    "entities",
    metadata,
    Column("id", Id, primary_key=True),
    Column("schema", String(32), nullable=False, index=True),
    Column("created_at", When, nullable=False),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

statements = Table(
    "statements",
    metadata,
    Column("id", Id, primary_key=True),
    Column("entity_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("prop", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("original_value", Text),
    Column("source_kind", String(16), nullable=False),
    Column("source_id", String(128), nullable=False),
    Column("dataset", String(128)),
    *_grading(),
    Column("observed_at", When),
    Column("created_at", When, nullable=False),
    Column("is_synthetic", Boolean, nullable=False, default=False),
    Index("ix_statements_prop_value", "prop", "value"),
)

links = Table(
    "links",
    metadata,
    Column("id", Id, primary_key=True),
    Column("link_type", String(32), nullable=False),
    Column("source_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("target_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("valid_from", When),
    Column("valid_to", When),
    Column("weight", Float),
    Column("evidence_kind", String(16), nullable=False),
    Column("evidence_id", String(128), nullable=False),
    Column("dataset", String(128)),
    *_grading(),
    Column("created_at", When, nullable=False),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

# --- intelligence reports ---------------------------------------------------------------------

reports = Table(
    "reports",
    metadata,
    Column("id", Id, primary_key=True),
    Column("reference", String(32), nullable=False, unique=True),
    Column("channel", String(32), nullable=False),
    Column("originating_org", String(128), nullable=False),
    Column("submitted_by", String(64)),
    Column("occurred_at", When),
    Column("reported_at", When, nullable=False),
    Column("graded_at", When),
    Column("graded_by", String(64)),
    Column("grading_scheme", String(8), nullable=False, default="3x5x2"),
    *_grading(),
    Column("handling_conditions", Text),
    Column("priority", String(8)),
    Column("sanitised_text", Text, nullable=False),
    Column("sanitised", Boolean, nullable=False, default=False),
    Column("sanitised_by", String(64)),
    Column("sanitised_at", When),
    Column("research_conducted", JSON),
    Column("location_text", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("status", String(16), nullable=False, default="NEW"),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    Column("is_synthetic", Boolean, nullable=False, default=False),
    # A file's reports in order: how the processing of a file queued as one goes through it.
    Index("ix_reports_batch_id_id", "batch_id", "id"),
)

# The unsanitised original and anything identifying its source: kept apart, under stricter rules.
report_originals = Table(
    "report_originals",
    metadata,
    Column("report_id", Id, ForeignKey("reports.id"), primary_key=True),
    Column("original_text", Text, nullable=False),
    Column("source_ref", String(128)),
    Column("contact_details", Text),
)

grade_history = Table(
    "grade_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Id, ForeignKey("reports.id"), nullable=False, index=True),
    Column("grading_scheme", String(8), nullable=False),
    *_grading(),
    Column("handling_conditions", Text),
    Column("graded_by", String(64), nullable=False),
    Column("graded_at", When, nullable=False),
    Column("reason", Text),
)

partner_records = Table(
    "partner_records",
    metadata,
    Column("id", Id, primary_key=True),
    Column("organisation", String(128), nullable=False),
    Column("record_type", String(64), nullable=False),
    Column("recorded_at", When, nullable=False),
    Column("content", Text, nullable=False),
    *_grading(),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

# --- derived claims and entity resolution ----------------------------------------------------

assessments = Table(
    "assessments",
    metadata,
    Column("id", Id, primary_key=True),
    Column("subject_id", String(128), nullable=False, index=True),
    Column("claim", String(48), nullable=False, index=True),
    Column("score", Float, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("method", String(64), nullable=False),
    Column("method_version", String(16), nullable=False),
    Column("created_at", When, nullable=False),
    Column("superseded_at", When),
    Column("created_by", String(64)),
)

resolver_judgements = Table(
    "resolver_judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("left_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("right_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("judgement", String(16), nullable=False),
    Column("score", Float),
    Column("method", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("decided_by", String(64), nullable=False),
    Column("decided_at", When, nullable=False),
    Column("retracted_at", When),
    Column("retracted_by", String(64)),
)

# Derived from positive judgements; rebuilt whenever a judgement is added or retracted.
entity_canonical = Table(
    "entity_canonical",
    metadata,
    Column("entity_id", Id, ForeignKey("entities.id"), primary_key=True),
    Column("canonical_id", Id, nullable=False, index=True),
)

# --- users, sessions and the s.62 audit log -----------------------------------------------------

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(256), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("api_token_hash", String(128)),
)

users = Table(
    "users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("display_name", String(256), nullable=False),
    Column("role", String(32), nullable=False),
    Column("organisation_id", String(64), ForeignKey("organisations.id"), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", When, nullable=False),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", When, nullable=False),
    Column("expires_at", When, nullable=False),
)

# Records shared with an organisation (a partner user sees what it submitted or was sent).
disclosures = Table(
    "disclosures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(128), nullable=False, index=True),
    Column("organisation_id", String(64), ForeignKey("organisations.id"), nullable=False),
    Column("disclosed_by", String(64), nullable=False),
    Column("disclosed_at", When, nullable=False),
    Column("purpose", Text, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("occurred_at", When, nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("operation", String(16), nullable=False),
    Column("record_ids", JSON, nullable=False),
    Column("justification", Text),
    Column("recipients", JSON),
    Column("channel", String(16), nullable=False),
    Column("client", String(128)),
    Column("operation_ref", String(128)),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# --- events and workflow --------------------------------------------------------------------------

anpr_reads = Table(
    "anpr_reads",
    metadata,
    Column("id", Id, primary_key=True),
    Column("vrm", String(16), nullable=False, index=True),
    Column("camera_id", String(64), nullable=False),
    Column("site", String(256)),
    Column("direction", String(16)),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("read_at", When, nullable=False, index=True),
    Column("confidence", Float),
    Column("source_system", String(64)),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

warrants = Table(
    "warrants",
    metadata,
    Column("id", Id, primary_key=True),
    Column("address_id", Id, ForeignKey("entities.id")),
    Column("power", String(32), nullable=False),
    Column("grounds_report_ids", JSON, nullable=False),
    Column("applied_at", When, nullable=False),
    Column("authorised_by", String(128)),
    Column("authorised_at", When),
    Column("executed_at", When),
    Column("outcome", Text),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

arrests = Table(
    "arrests",
    metadata,
    Column("id", Id, primary_key=True),
    Column("person_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("arrested_at", When, nullable=False),
    Column("offence", String(256), nullable=False),
    Column("warrant_id", Id, ForeignKey("warrants.id")),
    Column("location_text", Text),
    Column("outcome", String(32)),
    Column("charged_at", When),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

bail_records = Table(
    "bail_records",
    metadata,
    Column("id", Id, primary_key=True),
    Column("person_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("arrest_id", Id, ForeignKey("arrests.id")),
    Column("custody_ref", String(64)),
    Column("release_type", String(32), nullable=False),
    Column("case_type", String(40), nullable=False, default="STANDARD"),
    Column("bail_start", When, nullable=False),
    Column("return_at", When),
    Column("abp_expires_at", When),
    Column("ended_at", When),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

bail_conditions = Table(
    "bail_conditions",
    metadata,
    Column("id", Id, primary_key=True),
    Column("bail_id", Id, ForeignKey("bail_records.id"), nullable=False, index=True),
    Column("condition_type", String(32), nullable=False),
    Column("purpose", String(32)),
    Column("params", JSON, nullable=False),
    Column("valid_from", When, nullable=False),
    Column("valid_to", When),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("subject_id", String(128), nullable=False, index=True),
    Column("dedupe_key", String(256), nullable=False, unique=True),
    Column("summary", Text, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("method", String(64), nullable=False),
    Column("raised_at", When, nullable=False),
    Column("status", String(16), nullable=False, default="OPEN"),
    Column("acknowledged_by", String(64)),
    Column("acknowledged_at", When),
    Column("action_taken", Text),
)

seizures = Table(
    "seizures",
    metadata,
    Column("id", Id, primary_key=True),
    Column("vehicle_id", Id, ForeignKey("entities.id")),
    Column("vrm", String(16), nullable=False),
    Column("power", String(32), nullable=False),
    Column("grounds", Text, nullable=False),
    Column("seized_at", When, nullable=False),
    Column("location_text", Text),
    Column("seizing_officer", String(64)),
    Column("status", String(32), nullable=False, default="HELD"),
    Column("line_id", Id, ForeignKey("entities.id")),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

visits = Table(
    "visits",
    metadata,
    Column("id", Id, primary_key=True),
    Column("address_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("scheduled_for", When, nullable=False),
    Column("assigned_to", String(64)),
    Column("performed_at", When),
    Column("performed_by", String(64)),
    Column("occupant_seen", Boolean),
    Column("occupant_seen_alone", Boolean),
    Column("indicators", JSON),
    Column("outcome", Text),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

referrals = Table(
    "referrals",
    metadata,
    Column("id", Id, primary_key=True),
    Column("person_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("referral_type", String(32), nullable=False),
    Column("made_at", When, nullable=False),
    Column("made_by", String(64), nullable=False),
    Column("consent_obtained", Boolean),
    Column("outcome", String(16), nullable=False, default="PENDING"),
    Column("is_child", Boolean),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", Id, primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("subject_id", String(128)),
    Column("owner", String(64)),
    Column("due_at", When),
    Column("status", String(16), nullable=False, default="OPEN"),
    Column("reason", Text, nullable=False),
    Column("created_at", When, nullable=False),
    Column("completed_at", When),
    Column("result", Text),
)

# --- open data ---------------------------------------------------------------------------------

# data.police.uk street-level crime as published (one row per crime or anti-social behaviour
# incident, snapped to an anonymised point). Open data, not personal data: a background layer
# for hotspots, never joined to a person.
police_crimes = Table(
    "police_crimes",
    metadata,
    Column("id", Id, primary_key=True),
    Column("crime_id", String(64)),
    Column("month", String(7), nullable=False, index=True),
    Column("reported_by", String(128)),
    Column("falls_within", String(128)),
    Column("longitude", Float),
    Column("latitude", Float),
    Column("location", Text),
    Column("lsoa_code", String(16), index=True),
    Column("lsoa_name", String(128)),
    Column("crime_type", String(64), nullable=False),
    Column("last_outcome", Text),
    Column("context", Text),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
)

# --- safeguarding visits and bail extensions -----------------------------------------------------

# What an officer recorded at a welfare visit beyond the signs found (kept in ``visits``):
# who was present, the advice given and any referral made there.
visit_details = Table(
    "visit_details",
    metadata,
    Column("visit_id", Id, ForeignKey("visits.id"), primary_key=True),
    Column("present", JSON, nullable=False),
    Column("advice", Text),
    Column("referral_type", String(32)),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", When, nullable=False),
)

# Each extension of a pre-charge bail period, with the rank (or court) that authorised it.
bail_extensions = Table(
    "bail_extensions",
    metadata,
    Column("id", Id, primary_key=True),
    Column("bail_id", Id, ForeignKey("bail_records.id"), nullable=False, index=True),
    Column("sequence", Integer, nullable=False),
    Column("rank", String(32), nullable=False),
    Column("authorised_by", String(128)),
    Column("authorised_at", When),
    Column("new_expiry", When, nullable=False),
)

# --- enforcement workflow (migration 0004) -------------------------------------------------------

# What the warrants workflow adds to a warrant: who applied and against whom, who issued it,
# who executed it and what was found. A warrant imported whole has no row here.
warrant_details = Table(
    "warrant_details",
    metadata,
    Column("warrant_id", Id, ForeignKey("warrants.id"), primary_key=True),
    Column("applied_by", String(64), nullable=False),
    Column("subject_person_id", Id, ForeignKey("entities.id")),
    Column("justification", Text, nullable=False),
    Column("authorised_recorded_by", String(64)),
    Column("executed_by", String(64)),
    Column("finds", JSON),
    Column("outcome_recorded_by", String(64)),
    Column("outcome_recorded_at", When),
)

# An officer's own sighting of a person: direct evidence, graded as such when recorded.
sightings = Table(
    "sightings",
    metadata,
    Column("id", Id, primary_key=True),
    Column("person_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("with_person_id", Id, ForeignKey("entities.id")),
    Column("seen_at", When, nullable=False, index=True),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("location_text", Text),
    Column("notes", Text),
    *_grading(),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", When, nullable=False),
)

# The ANPR hotlist: a vehicle of interest stops producing hits when it expires or is withdrawn.
vehicles_of_interest = Table(
    "vehicles_of_interest",
    metadata,
    Column("id", Id, primary_key=True),
    Column("vrm", String(16), nullable=False, index=True),
    Column("reason_category", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("action_required", String(32), nullable=False),
    Column("handling_code", String(2), nullable=False),
    Column("handling_conditions", Text),
    Column("linked_report_id", Id, ForeignKey("reports.id")),
    Column("created_by", String(64), nullable=False),
    Column("created_at", When, nullable=False),
    Column("expires_at", When, nullable=False),
    Column("withdrawn_at", When),
)

# A seizure's authority and each change of its status, with who made it and why.
seizure_details = Table(
    "seizure_details",
    metadata,
    Column("seizure_id", Id, ForeignKey("seizures.id"), primary_key=True),
    Column("warning_given", Boolean),
    Column("authorised_by", String(128)),
    Column("authorisation_rank", String(32)),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", When, nullable=False),
)

seizure_events = Table(
    "seizure_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("seizure_id", Id, ForeignKey("seizures.id"), nullable=False, index=True),
    Column("status", String(32), nullable=False),
    Column("changed_at", When, nullable=False),
    Column("changed_by", String(64), nullable=False),
    Column("note", Text),
)


# --- safeguarding workflow (migration 0005) ------------------------------------------------------

# Each decision on a safeguarding referral, in order: for the NRM the Single Competent
# Authority's reasonable and conclusive grounds decisions; for social care the council's
# response. ``referrals.outcome`` keeps the latest, for counting.
referral_decisions = Table(
    "referral_decisions",
    metadata,
    Column("id", Id, primary_key=True),
    Column("referral_id", Id, ForeignKey("referrals.id"), nullable=False, index=True),
    Column("decision", String(32), nullable=False),
    Column("decided_at", When, nullable=False),
    Column("decided_by", String(128), nullable=False),
    Column("note", Text),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", When, nullable=False),
)

# Closure of a cuckooed address (ASBCPA 2014 Part 4 Ch.3): the notice, the hearing it must
# reach within 48 hours, the order and any extension, each checked against the legal limits.
closure_orders = Table(
    "closure_orders",
    metadata,
    Column("id", Id, primary_key=True),
    Column("address_id", Id, ForeignKey("entities.id"), nullable=False, index=True),
    Column("notice_served_at", When, nullable=False),
    Column("notice_rank", String(32), nullable=False),
    Column("notice_authorised_by", String(128), nullable=False),
    Column("notice_expires_at", When, nullable=False),
    Column("notice_extended_by", String(128)),
    Column("hearing_at", When),
    Column("order_made_at", When),
    Column("order_expires_at", When),
    Column("order_extended_until", When),
    Column("ended_at", When),
    Column("recorded_by", String(64), nullable=False),
    Column("updated_at", When, nullable=False),
    Column("is_synthetic", Boolean, nullable=False, default=False),
)

# --- intake and evaluation (migration 0006) ------------------------------------------------------

# Work that follows a report once it is safely stored (near-duplicate detection): one row per
# report, written in the report's own transaction, so nothing recorded is ever left unprocessed.
report_processing = Table(
    "report_processing",
    metadata,
    Column("report_id", Id, ForeignKey("reports.id"), primary_key=True),
    Column("queued_at", When, nullable=False),
    Column("processed_at", When, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
)

# The reports a file brought in bulk are queued as one, by their batch, in the same
# transaction: the worker judges them a slice at a time in id order and keeps how far it has
# come (``done_through``). A report of the batch with a row of its own in report_processing
# (one corrected and re-submitted later, say) is judged by that row instead.
batch_processing = Table(
    "batch_processing",
    metadata,
    Column("batch_id", Integer, ForeignKey("import_batches.id"), primary_key=True),
    Column("queued_at", When, nullable=False),
    Column("done_through", Id),
    Column("processed_at", When),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
)

# How a reporter said they may be contacted (all optional): apart from the report and its
# original, read only by roles that may see the original, and every reading logged.
report_contacts = Table(
    "report_contacts",
    metadata,
    Column("report_id", Id, ForeignKey("reports.id"), primary_key=True),
    Column("name", Text),
    Column("phone", Text),
    Column("email", Text),
)
