"""resolution and network

Revision ID: 0007_resolve_network
Revises: 0006_intake_speed
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0007_resolve_network"
down_revision = "0006_intake_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
