"""accounts and confidential records: the last accepted TOTP step per user (a code is good
once), and the sealed confidential records table.

Revision ID: 0005_accounts_confidential
Revises: 0004_security
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_accounts_confidential"
down_revision = "0004_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.create_table(
        "confidential_records",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("jurisdiction", sa.String(32), nullable=False),
        sa.Column("election_id", sa.String(64), nullable=True),
        sa.Column("reply_to", sa.String(32), nullable=True),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_confidential_records"),
    )
    op.create_index(
        "ix_confidential_records_jurisdiction", "confidential_records", ["jurisdiction"]
    )


def downgrade() -> None:
    op.drop_index("ix_confidential_records_jurisdiction", table_name="confidential_records")
    op.drop_table("confidential_records")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("totp_last_step")
