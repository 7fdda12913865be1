"""police.uk street-level crime, the open-data layer behind hotspots

Revision ID: 0002_police_crimes
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_police_crimes"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "police_crimes",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("crime_id", sa.String(length=64), nullable=True),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("reported_by", sa.String(length=128), nullable=True),
        sa.Column("falls_within", sa.String(length=128), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("lsoa_code", sa.String(length=16), nullable=True),
        sa.Column("lsoa_name", sa.String(length=128), nullable=True),
        sa.Column("crime_type", sa.String(length=64), nullable=False),
        sa.Column("last_outcome", sa.Text(), nullable=True),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_police_crimes_batch_id_import_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_police_crimes")),
    )
    with op.batch_alter_table("police_crimes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_police_crimes_month"), ["month"], unique=False)
        batch_op.create_index(batch_op.f("ix_police_crimes_lsoa_code"), ["lsoa_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("police_crimes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_police_crimes_lsoa_code"))
        batch_op.drop_index(batch_op.f("ix_police_crimes_month"))
    op.drop_table("police_crimes")
