"""planning: site assessments with history, blocker owners, sensitivity ratings, network links
and network-security responsibility, devices and their chain of custody, the polling-day roster
(one person, one place: a unique key), training courses and attendance (issue 13).

Revision ID: 0008_planning
Revises: 0007_grants
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_planning"
down_revision = "0007_grants"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "planning_blocker_owners",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("branch", sa.String(length=32), nullable=False),
        sa.Column("item", sa.String(length=32), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_blocker_owners")),
        sa.UniqueConstraint(
            "election_id",
            "branch",
            "item",
            name=op.f("uq_planning_blocker_owners_election_id_branch_item"),
        ),
    )
    op.create_table(
        "planning_courses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=32), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("county", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("trainer", sa.String(length=200), nullable=False),
        sa.Column("trainer_experience", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_courses")),
        sa.UniqueConstraint(
            "election_id", "code", name=op.f("uq_planning_courses_election_id_code")
        ),
    )
    op.create_index(
        op.f("ix_planning_courses_county"), "planning_courses", ["county"], unique=False
    )
    op.create_table(
        "planning_devices",
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("county", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=True),
        sa.Column("branch", sa.String(length=32), nullable=True),
        sa.Column("seal", sa.String(length=64), nullable=True),
        sa.Column("test_result", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_planning_devices")),
    )
    op.create_index(
        op.f("ix_planning_devices_county"), "planning_devices", ["county"], unique=False
    )
    op.create_table(
        "planning_network_links",
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("branch", sa.String(length=32), nullable=False),
        sa.Column("primary", sa.String(length=16), nullable=False),
        sa.Column("backup", sa.String(length=16), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("primary_commitment", sa.String(length=16), nullable=False),
        sa.Column("backup_commitment", sa.String(length=16), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "branch", name=op.f("pk_planning_network_links")),
    )
    op.create_table(
        "planning_network_security",
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("governorate", sa.String(length=32), nullable=False),
        sa.Column("responsible", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint(
            "election_id", "governorate", name=op.f("pk_planning_network_security")
        ),
    )
    op.create_table(
        "planning_roster",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("national_code", sa.String(length=10), nullable=False),
        sa.Column("branch", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("conflict", sa.Text(), nullable=False),
        sa.Column("impartiality_signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_roster")),
        sa.UniqueConstraint(
            "election_id",
            "day",
            "national_code",
            name=op.f("uq_planning_roster_election_id_day_national_code"),
        ),
    )
    op.create_index(op.f("ix_planning_roster_branch"), "planning_roster", ["branch"], unique=False)
    op.create_table(
        "planning_sensitivity",
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("election_id", "code", name=op.f("pk_planning_sensitivity")),
    )
    op.create_table(
        "planning_site_assessments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("branch", sa.String(length=32), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessor", sa.String(length=128), nullable=False),
        sa.Column("checklist_version", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("weaknesses", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_site_assessments")),
    )
    op.create_index(
        op.f("ix_planning_site_assessments_branch"),
        "planning_site_assessments",
        ["branch"],
        unique=False,
    )
    op.create_index(
        op.f("ix_planning_site_assessments_election_id"),
        "planning_site_assessments",
        ["election_id"],
        unique=False,
    )
    op.create_table(
        "planning_attendance",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("national_code", sa.String(length=10), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("evaluation", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["planning_courses.id"],
            name=op.f("fk_planning_attendance_course_id_planning_courses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_attendance")),
        sa.UniqueConstraint(
            "course_id",
            "national_code",
            name=op.f("uq_planning_attendance_course_id_national_code"),
        ),
    )
    op.create_index(
        op.f("ix_planning_attendance_course_id"), "planning_attendance", ["course_id"], unique=False
    )
    op.create_table(
        "planning_custody_moves",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_holder", sa.String(length=128), nullable=False),
        sa.Column("to_holder", sa.String(length=128), nullable=False),
        sa.Column("from_place", sa.String(length=32), nullable=True),
        sa.Column("to_place", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("giver_signature", sa.String(length=256), nullable=True),
        sa.Column("receiver_signature", sa.String(length=256), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["serial"],
            ["planning_devices.serial"],
            name=op.f("fk_planning_custody_moves_serial_planning_devices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_custody_moves")),
    )
    op.create_index(
        op.f("ix_planning_custody_moves_serial"), "planning_custody_moves", ["serial"], unique=False
    )


def downgrade() -> None:

    op.drop_index(op.f("ix_planning_custody_moves_serial"), table_name="planning_custody_moves")
    op.drop_table("planning_custody_moves")
    op.drop_index(op.f("ix_planning_attendance_course_id"), table_name="planning_attendance")
    op.drop_table("planning_attendance")
    op.drop_index(
        op.f("ix_planning_site_assessments_election_id"), table_name="planning_site_assessments"
    )
    op.drop_index(
        op.f("ix_planning_site_assessments_branch"), table_name="planning_site_assessments"
    )
    op.drop_table("planning_site_assessments")
    op.drop_table("planning_sensitivity")
    op.drop_index(op.f("ix_planning_roster_branch"), table_name="planning_roster")
    op.drop_table("planning_roster")
    op.drop_table("planning_network_security")
    op.drop_table("planning_network_links")
    op.drop_index(op.f("ix_planning_devices_county"), table_name="planning_devices")
    op.drop_table("planning_devices")
    op.drop_index(op.f("ix_planning_courses_county"), table_name="planning_courses")
    op.drop_table("planning_courses")
    op.drop_table("planning_blocker_owners")
