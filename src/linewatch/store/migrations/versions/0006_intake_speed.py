"""intake and evaluation: the report processing queue, reporters' contact details; audit records numbered by the database

Revision ID: 0006_intake_speed
Revises: 0005_safeguard_workflow
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_intake_speed"
down_revision = "0005_safeguard_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_processing",
        sa.Column("report_id", sa.String(length=64), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_processing_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_processing")),
    )
    with op.batch_alter_table("report_processing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_processing_processed_at"), ["processed_at"], unique=False
        )
    op.create_table(
        "report_contacts",
        sa.Column("report_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_contacts_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_contacts")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL writers now take audit sequence numbers from the column's sequence (see
        # access.audit): start it after the records already held.
        op.execute(
            "SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), "
            "COALESCE((SELECT max(seq) FROM audit_log), 0) + 1, false)"
        )


def downgrade() -> None:
    op.drop_table("report_contacts")
    with op.batch_alter_table("report_processing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_processing_processed_at"))
    op.drop_table("report_processing")
