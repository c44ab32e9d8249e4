"""Foundation: elections (definitions) and citizens (civil-registry extract).

Revision ID: 0001_foundation
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "elections",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("definition_hash", sa.String(64), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_elections"),
    )
    op.create_table(
        "citizens",
        sa.Column("national_code", sa.String(10), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(1), nullable=False),
        sa.Column("residence_division", sa.String(32), nullable=False),
        sa.Column("residence_since", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("national_code", name="pk_citizens"),
    )
    op.create_index("ix_citizens_residence_division", "citizens", ["residence_division"])


def downgrade() -> None:
    op.drop_index("ix_citizens_residence_division", "citizens")
    op.drop_table("citizens")
    op.drop_table("elections")
