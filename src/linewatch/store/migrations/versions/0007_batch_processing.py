"""intake: a file's reports written in bulk are queued for processing as one, by their batch

Revision ID: 0007_batch_processing
Revises: 0006_intake_speed
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_batch_processing"
down_revision = "0006_intake_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batch_processing",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_through", sa.String(length=64), nullable=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_batch_processing_batch_id_import_batches"),
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_batch_processing")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_batch_id_id", ["batch_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_batch_id_id")
    op.drop_table("batch_processing")
