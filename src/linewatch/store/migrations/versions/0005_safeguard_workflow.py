"""referral decisions and closure orders

Revision ID: 0005_safeguard_workflow
Revises: 0004_enforce_workflow
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_safeguard_workflow"
down_revision = "0004_enforce_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referral_decisions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_decisions_referral_id_referrals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_decisions")),
    )
    with op.batch_alter_table("referral_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_decisions_referral_id"), ["referral_id"], unique=False
        )
    op.create_table(
        "closure_orders",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("address_id", sa.String(length=64), nullable=False),
        sa.Column("notice_served_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notice_rank", sa.String(length=32), nullable=False),
        sa.Column("notice_authorised_by", sa.String(length=128), nullable=False),
        sa.Column("notice_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notice_extended_by", sa.String(length=128), nullable=True),
        sa.Column("hearing_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("order_made_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("order_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("order_extended_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_synthetic", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["address_id"], ["entities.id"], name=op.f("fk_closure_orders_address_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closure_orders")),
    )
    with op.batch_alter_table("closure_orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_closure_orders_address_id"), ["address_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("closure_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_closure_orders_address_id"))
    op.drop_table("closure_orders")
    with op.batch_alter_table("referral_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_decisions_referral_id"))
    op.drop_table("referral_decisions")
