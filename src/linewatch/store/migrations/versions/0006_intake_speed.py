"""intake and evaluation

Revision ID: 0006_intake_speed
Revises: 0005_safeguard_workflow
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006_intake_speed"
down_revision = "0005_safeguard_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
