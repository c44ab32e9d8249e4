"""security tables.

Revision ID: 0004_security
Revises: 0003_counting
"""

revision = "0004_security"
down_revision = "0003_counting"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
