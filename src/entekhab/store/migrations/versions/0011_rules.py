"""rules: extensions of polling hours, branches recorded as not counted, and headquarters'
signature of each definition package.

Revision ID: 0011_rules
Revises: 0010_ballot_secrecy
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_rules"
down_revision = "0010_ballot_secrecy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "polling_extensions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(128), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polling_extensions")),
    )
    op.create_index(
        op.f("ix_polling_extensions_election_id"),
        "polling_extensions",
        ["election_id"],
        unique=False,
    )
    op.create_table(
        "branches_not_counted",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("contest", sa.String(32), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branches_not_counted")),
        sa.UniqueConstraint(
            "election_id",
            "contest",
            "branch",
            name=op.f("uq_branches_not_counted_election_id_contest_branch"),
        ),
    )
    op.create_table(
        "definition_signatures",
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("definition_hash", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "election_id", "definition_hash", name=op.f("pk_definition_signatures")
        ),
    )


def downgrade() -> None:
    op.drop_table("definition_signatures")
    op.drop_table("branches_not_counted")
    op.drop_index(op.f("ix_polling_extensions_election_id"), table_name="polling_extensions")
    op.drop_table("polling_extensions")
