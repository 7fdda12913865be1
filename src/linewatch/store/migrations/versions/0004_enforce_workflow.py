"""warrants, vehicles of interest, sightings and seizure outcomes

Revision ID: 0004_enforce_workflow
Revises: 0003_visits_bail_ext
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_enforce_workflow"
down_revision = "0003_visits_bail_ext"
branch_labels = None
depends_on = None

When = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "warrant_details",
        sa.Column("warrant_id", sa.String(length=64), nullable=False),
        sa.Column("applied_by", sa.String(length=64), nullable=False),
        sa.Column("subject_person_id", sa.String(length=64), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("authorised_recorded_by", sa.String(length=64), nullable=True),
        sa.Column("executed_by", sa.String(length=64), nullable=True),
        sa.Column("finds", sa.JSON(), nullable=True),
        sa.Column("outcome_recorded_by", sa.String(length=64), nullable=True),
        sa.Column("outcome_recorded_at", When, nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_person_id"],
            ["entities.id"],
            name=op.f("fk_warrant_details_subject_person_id_entities"),
        ),
        sa.ForeignKeyConstraint(
            ["warrant_id"], ["warrants.id"], name=op.f("fk_warrant_details_warrant_id_warrants")
        ),
        sa.PrimaryKeyConstraint("warrant_id", name=op.f("pk_warrant_details")),
    )
    op.create_table(
        "sightings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("with_person_id", sa.String(length=64), nullable=True),
        sa.Column("seen_at", When, nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("location_text", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("source_evaluation", sa.String(length=2), nullable=True),
        sa.Column("intelligence_assessment", sa.String(length=2), nullable=True),
        sa.Column("handling_code", sa.String(length=2), nullable=True),
        sa.Column("classification", sa.String(length=24), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", When, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["entities.id"], name=op.f("fk_sightings_person_id_entities")
        ),
        sa.ForeignKeyConstraint(
            ["with_person_id"], ["entities.id"], name=op.f("fk_sightings_with_person_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sightings")),
    )
    with op.batch_alter_table("sightings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sightings_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sightings_seen_at"), ["seen_at"], unique=False)
    op.create_table(
        "vehicles_of_interest",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("vrm", sa.String(length=16), nullable=False),
        sa.Column("reason_category", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("action_required", sa.String(length=32), nullable=False),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("handling_conditions", sa.Text(), nullable=True),
        sa.Column("linked_report_id", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("expires_at", When, nullable=False),
        sa.Column("withdrawn_at", When, nullable=True),
        sa.ForeignKeyConstraint(
            ["linked_report_id"],
            ["reports.id"],
            name=op.f("fk_vehicles_of_interest_linked_report_id_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicles_of_interest")),
    )
    with op.batch_alter_table("vehicles_of_interest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vehicles_of_interest_vrm"), ["vrm"], unique=False)
    op.create_table(
        "seizure_details",
        sa.Column("seizure_id", sa.String(length=64), nullable=False),
        sa.Column("warning_given", sa.Boolean(), nullable=True),
        sa.Column("authorised_by", sa.String(length=128), nullable=True),
        sa.Column("authorisation_rank", sa.String(length=32), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", When, nullable=False),
        sa.ForeignKeyConstraint(
            ["seizure_id"], ["seizures.id"], name=op.f("fk_seizure_details_seizure_id_seizures")
        ),
        sa.PrimaryKeyConstraint("seizure_id", name=op.f("pk_seizure_details")),
    )
    op.create_table(
        "seizure_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("seizure_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("changed_at", When, nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["seizure_id"], ["seizures.id"], name=op.f("fk_seizure_events_seizure_id_seizures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seizure_events")),
    )
    with op.batch_alter_table("seizure_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seizure_events_seizure_id"), ["seizure_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("seizure_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seizure_events_seizure_id"))
    op.drop_table("seizure_events")
    op.drop_table("seizure_details")
    with op.batch_alter_table("vehicles_of_interest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicles_of_interest_vrm"))
    op.drop_table("vehicles_of_interest")
    with op.batch_alter_table("sightings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sightings_seen_at"))
        batch_op.drop_index(batch_op.f("ix_sightings_person_id"))
    op.drop_table("sightings")
    op.drop_table("warrant_details")
