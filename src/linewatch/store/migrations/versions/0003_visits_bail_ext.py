"""visit details (who was present, advice, referral) and bail extensions

Revision ID: 0003_visits_bail_ext
Revises: 0002_police_crimes
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_visits_bail_ext"
down_revision = "0002_police_crimes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_details",
        sa.Column("visit_id", sa.String(length=64), nullable=False),
        sa.Column("present", sa.JSON(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=True),
        sa.Column("referral_type", sa.String(length=32), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_visit_details_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_visit_details")),
    )
    op.create_table(
        "bail_extensions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("bail_id", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("rank", sa.String(length=32), nullable=False),
        sa.Column("authorised_by", sa.String(length=128), nullable=True),
        sa.Column("authorised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("new_expiry", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bail_id"], ["bail_records.id"], name=op.f("fk_bail_extensions_bail_id_bail_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bail_extensions")),
    )
    with op.batch_alter_table("bail_extensions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bail_extensions_bail_id"), ["bail_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("bail_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bail_extensions_bail_id"))
    op.drop_table("bail_extensions")
    op.drop_table("visit_details")
