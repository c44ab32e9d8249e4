"""counting tables.

Revision ID: 0003_counting
Revises: 0002_election_day
"""

revision = "0003_counting"
down_revision = "0002_election_day"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
