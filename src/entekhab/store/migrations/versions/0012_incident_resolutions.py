"""incident resolutions: who resolved an election-day incident, in which role, why and when
(the headquarters dashboard, issue 12).

Revision ID: 0012_incident_resolutions
Revises: 0011_rules
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_incident_resolutions"
down_revision = "0011_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_resolutions",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("resolved_by", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_resolutions_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incident_resolutions")),
    )
    op.create_index(
        op.f("ix_incident_resolutions_election_id"),
        "incident_resolutions",
        ["election_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_incident_resolutions_election_id"), table_name="incident_resolutions")
    op.drop_table("incident_resolutions")
