"""election-day tables.

Revision ID: 0002_election_day
Revises: 0001_foundation
"""

revision = "0002_election_day"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
