"""Ballot secrecy by design: headquarters keeps no per-voter ballot token (ballots now arrive
once, at closing, with the branch's bulletins), and nonces keep only the hour they were seen.

Revision ID: 0010_ballot_secrecy
Revises: 0009_candidates
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_ballot_secrecy"
down_revision = "0009_candidates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("ballot_tokens")
    # Nonces are short-lived (replay window); floor what is kept to the hour.
    op.execute("DELETE FROM station_nonces")


def downgrade() -> None:
    op.create_table(
        "ballot_tokens",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("ballot_style", sa.String(32), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_ballot_tokens"),
        sqlite_with_rowid=False,
    )
