"""candidates: registrations, qualification steps, parties and meetings, lists, vetting inquiry
metadata, ballot-code draws, published lists, representatives, and definition versions.

Revision ID: 0009_candidates
Revises: 0008_planning
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_candidates"
down_revision = "0008_planning"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ballot_code_draws",
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("contest", sa.String(length=32), nullable=False),
        sa.Column("ceremony_nonce", sa.String(length=128), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("drawn_by", sa.String(length=128), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "contest", name=op.f("pk_ballot_code_draws")),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("contest", sa.String(length=32), nullable=False),
        sa.Column("registration", sa.String(length=16), nullable=False),
        sa.Column("national_code", sa.String(length=10), nullable=False),
        sa.Column("given_name_fa", sa.String(length=100), nullable=False),
        sa.Column("family_name_fa", sa.String(length=100), nullable=False),
        sa.Column("given_name_en", sa.String(length=100), nullable=False),
        sa.Column("family_name_en", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("education", sa.String(length=16), nullable=False),
        sa.Column("isargar", sa.Boolean(), nullable=False),
        sa.Column("residence_division", sa.String(length=32), nullable=False),
        sa.Column("occupation", sa.String(length=100), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=False),
        sa.Column("photo_sha256", sa.String(length=64), nullable=False),
        sa.Column("held_post", sa.String(length=32), nullable=True),
        sa.Column("resigned_on", sa.Date(), nullable=True),
        sa.Column("resignation_evidence", sa.LargeBinary(), nullable=True),
        sa.Column("resignation_sha256", sa.String(length=64), nullable=True),
        sa.Column("registered_via", sa.String(length=16), nullable=False),
        sa.Column("registered_by", sa.String(length=128), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("ground", sa.String(length=32), nullable=True),
        sa.Column("appeal_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("list_code", sa.String(length=16), nullable=True),
        sa.Column("list_position", sa.Integer(), nullable=True),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ballot_code", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint(
            "election_id", "national_code", name=op.f("uq_candidates_election_id_national_code")
        ),
        sa.UniqueConstraint(
            "election_id", "registration", name=op.f("uq_candidates_election_id_registration")
        ),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidates_election_id"), ["election_id"], unique=False
        )

    op.create_table(
        "definition_versions",
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("definition_hash", sa.String(length=64), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "version", name=op.f("pk_definition_versions")),
    )
    op.create_table(
        "parties",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_fa", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("registered_by", sa.String(length=128), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_parties")),
    )
    op.create_table(
        "published_candidate_lists",
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("contest", sa.String(length=32), nullable=False),
        sa.Column("definition_hash", sa.String(length=64), nullable=False),
        sa.Column("published_by", sa.String(length=128), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "election_id", "contest", name=op.f("pk_published_candidate_lists")
        ),
    )
    op.create_table(
        "candidate_lists",
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("contest", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_fa", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("party_code", sa.String(length=16), nullable=True),
        sa.Column("registered_by", sa.String(length=128), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_code"], ["parties.code"], name=op.f("fk_candidate_lists_party_code_parties")
        ),
        sa.PrimaryKeyConstraint("election_id", "contest", "code", name=op.f("pk_candidate_lists")),
    )
    op.create_table(
        "party_meetings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("party_code", sa.String(length=16), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_code"], ["parties.code"], name=op.f("fk_party_meetings_party_code_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_meetings")),
    )
    with op.batch_alter_table("party_meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_meetings_party_code"), ["party_code"], unique=False
        )

    op.create_table(
        "qualification_steps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("qualified", sa.Boolean(), nullable=True),
        sa.Column("ground", sa.String(length=32), nullable=True),
        sa.Column("status_after", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_qualification_steps_candidate_id_candidates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qualification_steps")),
    )
    with op.batch_alter_table("qualification_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qualification_steps_candidate_id"), ["candidate_id"], unique=False
        )

    op.create_table(
        "representatives",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("branch", sa.String(length=32), nullable=False),
        sa.Column("for_candidate", sa.Integer(), nullable=True),
        sa.Column("for_list", sa.String(length=16), nullable=True),
        sa.Column("contest", sa.String(length=32), nullable=False),
        sa.Column("national_code", sa.String(length=10), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=True),
        sa.Column("accredited_by", sa.String(length=128), nullable=False),
        sa.Column("accredited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["for_candidate"],
            ["candidates.id"],
            name=op.f("fk_representatives_for_candidate_candidates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representatives")),
    )
    with op.batch_alter_table("representatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_representatives_election_id"), ["election_id"], unique=False
        )

    op.create_table(
        "vetting_inquiries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=32), nullable=False),
        sa.Column("inquiry_record", sa.String(length=32), nullable=False),
        sa.Column("answer_record", sa.String(length=32), nullable=True),
        sa.Column("sent_by", sa.String(length=128), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_vetting_inquiries_candidate_id_candidates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetting_inquiries")),
        sa.UniqueConstraint(
            "candidate_id", "body", name=op.f("uq_vetting_inquiries_candidate_id_body")
        ),
    )
    with op.batch_alter_table("vetting_inquiries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vetting_inquiries_candidate_id"), ["candidate_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("vetting_inquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vetting_inquiries_candidate_id"))

    op.drop_table("vetting_inquiries")
    with op.batch_alter_table("representatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_representatives_election_id"))

    op.drop_table("representatives")
    with op.batch_alter_table("qualification_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qualification_steps_candidate_id"))

    op.drop_table("qualification_steps")
    with op.batch_alter_table("party_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_meetings_party_code"))

    op.drop_table("party_meetings")
    op.drop_table("candidate_lists")
    op.drop_table("published_candidate_lists")
    op.drop_table("parties")
    op.drop_table("definition_versions")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidates_election_id"))

    op.drop_table("candidates")
    op.drop_table("ballot_code_draws")
