"""warrants, vehicles of interest, sightings and seizure outcomes

Revision ID: 0004_enforce_workflow
Revises: 0003_visits_bail_ext
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004_enforce_workflow"
down_revision = "0003_visits_bail_ext"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
