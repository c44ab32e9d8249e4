"""grants: the national code behind each account (separation of duties) and accounts of
two-admin roles proposed by one headquarters admin, waiting for another.

Revision ID: 0007_grants
Revises: 0006_operations
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_grants"
down_revision = "0006_operations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("national_code", sa.String(10), nullable=True))
        batch.create_index("ix_users_national_code", ["national_code"])
    op.create_table(
        "grant_proposals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("jurisdiction", sa.String(32), nullable=False),
        sa.Column("national_code", sa.String(10), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.ForeignKeyConstraint(
            ["proposed_by"], ["users.id"], name="fk_grant_proposals_proposed_by_users"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name="fk_grant_proposals_decided_by_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_grant_proposals"),
    )
    op.create_index("ix_grant_proposals_state", "grant_proposals", ["state"])


def downgrade() -> None:
    op.drop_index("ix_grant_proposals_state", table_name="grant_proposals")
    op.drop_table("grant_proposals")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_national_code")
        batch.drop_column("national_code")
