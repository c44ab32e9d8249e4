"""Counting: bulletins, rejected bulletins, branch head keys, running totals, certification.

Revision ID: 0003_counting
Revises: 0002_election_day
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_counting"
down_revision = "0002_election_day"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "branch_head_keys",
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("enrolled_by", sa.String(64), nullable=False),
        sa.Column("enrolled_at", _TZ, nullable=False),
        sa.Column("revoked_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("key_id", name="pk_branch_head_keys"),
    )
    op.create_index("ix_branch_head_keys_branch", "branch_head_keys", ["branch"])
    op.create_table(
        "bulletins",
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("contest", sa.String(32), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("supersedes", sa.String(64), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.Column("superseded_by", sa.String(64), nullable=True),
        sa.Column("received_by", sa.String(64), nullable=False),
        sa.Column("received_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("digest", name="pk_bulletins"),
    )
    op.create_index("ix_bulletins_election_contest", "bulletins", ["election_id", "contest"])
    op.create_table(
        "current_bulletins",
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("contest", sa.String(32), nullable=False),
        sa.Column("branch", sa.String(32), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "contest", "branch", name="pk_current_bulletins"),
    )
    op.create_table(
        "rejected_bulletins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(64), nullable=True),
        sa.Column("contest", sa.String(32), nullable=True),
        sa.Column("branch", sa.String(32), nullable=True),
        sa.Column("digest", sa.String(64), nullable=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("received_by", sa.String(64), nullable=False),
        sa.Column("received_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rejected_bulletins"),
    )
    op.create_table(
        "result_totals",
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("contest", sa.String(32), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("area", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "election_id", "contest", "level", "area", "kind", "code", name="pk_result_totals"
        ),
    )
    op.create_table(
        "contest_results",
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("contest", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("bulletins_root", sa.String(64), nullable=True),
        sa.Column("ceremony_nonce", sa.String(128), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("election_id", "contest", name="pk_contest_results"),
    )
    op.create_table(
        "certification_steps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(64), nullable=False),
        sa.Column("contest", sa.String(32), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=False),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_certification_steps"),
    )
    op.create_index(
        "ix_certification_steps_contest", "certification_steps", ["election_id", "contest"]
    )


def downgrade() -> None:
    op.drop_index("ix_certification_steps_contest", "certification_steps")
    op.drop_table("certification_steps")
    op.drop_table("contest_results")
    op.drop_table("result_totals")
    op.drop_table("rejected_bulletins")
    op.drop_table("current_bulletins")
    op.drop_index("ix_bulletins_election_contest", "bulletins")
    op.drop_table("bulletins")
    op.drop_index("ix_branch_head_keys_branch", "branch_head_keys")
    op.drop_table("branch_head_keys")
