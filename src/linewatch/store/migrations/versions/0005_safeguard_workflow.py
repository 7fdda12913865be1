"""vulnerability markers, referral decisions and closure orders

Revision ID: 0005_safeguard_workflow
Revises: 0004_enforce_workflow
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005_safeguard_workflow"
down_revision = "0004_enforce_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
