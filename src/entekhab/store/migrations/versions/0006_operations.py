"""operations: headquarters and committees, appointments, directives with their addressees,
reports, reminders and attachments, meetings and action items, the rules library, the lessons
register, contingency scenarios and their activations, complaints (complainant sealed), agency
commitments, media meetings and public statements.

Revision ID: 0006_operations
Revises: 0005_accounts_confidential
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_operations"
down_revision = "0005_accounts_confidential"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ops_attachments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_kind", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_attachments")),
    )
    op.create_index(
        op.f("ix_ops_attachments_owner_id"), "ops_attachments", ["owner_id"], unique=False
    )
    op.create_table(
        "ops_commitments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hq", sa.String(length=32), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("memorandum", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("escalation", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_commitments")),
    )
    op.create_index(op.f("ix_ops_commitments_hq"), "ops_commitments", ["hq"], unique=False)
    op.create_table(
        "ops_complaints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tracking", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=32), nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("contest", sa.String(length=64), nullable=True),
        sa.Column("office", sa.String(length=32), nullable=False),
        sa.Column("complainant_kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_complaints")),
        sa.UniqueConstraint("tracking", name=op.f("uq_ops_complaints_tracking")),
    )
    op.create_index(
        op.f("ix_ops_complaints_jurisdiction"), "ops_complaints", ["jurisdiction"], unique=False
    )
    op.create_table(
        "ops_directives",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hq", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=128), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_directives")),
    )
    op.create_index(op.f("ix_ops_directives_hq"), "ops_directives", ["hq"], unique=False)
    op.create_table(
        "ops_headquarters",
        sa.Column("jurisdiction", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("name_fa", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("jurisdiction", name=op.f("pk_ops_headquarters")),
    )
    op.create_table(
        "ops_lessons",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("jurisdiction", sa.String(length=32), nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_ref", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_lessons")),
    )
    op.create_index(
        op.f("ix_ops_lessons_jurisdiction"), "ops_lessons", ["jurisdiction"], unique=False
    )
    op.create_table(
        "ops_media_meetings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hq", sa.String(length=32), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outlets", sa.JSON(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_media_meetings")),
    )
    op.create_index(op.f("ix_ops_media_meetings_hq"), "ops_media_meetings", ["hq"], unique=False)
    op.create_table(
        "ops_meetings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hq", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("reviewed", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_meetings")),
    )
    op.create_index(op.f("ix_ops_meetings_hq"), "ops_meetings", ["hq"], unique=False)
    op.create_table(
        "ops_rules",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_ops_rules")),
    )
    op.create_table(
        "ops_scenarios",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hq", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("committee", sa.String(length=32), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_scenarios")),
        sa.UniqueConstraint("hq", "code", name=op.f("uq_ops_scenarios_hq_code")),
    )
    op.create_index(op.f("ix_ops_scenarios_hq"), "ops_scenarios", ["hq"], unique=False)
    op.create_table(
        "ops_statements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hq", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("drafted_by", sa.String(length=128), nullable=False),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=128), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("key_id", sa.String(length=32), nullable=True),
        sa.Column("public_key", sa.String(length=64), nullable=True),
        sa.Column("signature", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_statements")),
    )
    op.create_index(op.f("ix_ops_statements_hq"), "ops_statements", ["hq"], unique=False)
    op.create_table(
        "ops_action_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["ops_meetings.id"],
            name=op.f("fk_ops_action_items_meeting_id_ops_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_action_items")),
    )
    op.create_index(
        op.f("ix_ops_action_items_meeting_id"), "ops_action_items", ["meeting_id"], unique=False
    )
    op.create_table(
        "ops_activations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.String(length=64), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("activated_by", sa.String(length=128), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["ops_scenarios.id"],
            name=op.f("fk_ops_activations_scenario_id_ops_scenarios"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_activations")),
        sa.UniqueConstraint("incident_id", name=op.f("uq_ops_activations_incident_id")),
    )
    op.create_index(
        op.f("ix_ops_activations_scenario_id"), "ops_activations", ["scenario_id"], unique=False
    )
    op.create_table(
        "ops_appointments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hq", sa.String(length=32), nullable=False),
        sa.Column("committee", sa.String(length=32), nullable=True),
        sa.Column("post", sa.String(length=32), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("decree", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hq"],
            ["ops_headquarters.jurisdiction"],
            name=op.f("fk_ops_appointments_hq_ops_headquarters"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_appointments")),
    )
    op.create_index(op.f("ix_ops_appointments_hq"), "ops_appointments", ["hq"], unique=False)
    op.create_table(
        "ops_committees",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hq", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name_fa", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["hq"],
            ["ops_headquarters.jurisdiction"],
            name=op.f("fk_ops_committees_hq_ops_headquarters"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_committees")),
        sa.UniqueConstraint("hq", "kind", name=op.f("uq_ops_committees_hq_kind")),
    )
    op.create_index(op.f("ix_ops_committees_hq"), "ops_committees", ["hq"], unique=False)
    op.create_table(
        "ops_directive_addressees",
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=32), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=128), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["ops_directives.id"],
            name=op.f("fk_ops_directive_addressees_directive_id_ops_directives"),
        ),
        sa.PrimaryKeyConstraint("directive_id", "office", name=op.f("pk_ops_directive_addressees")),
    )
    op.create_table(
        "ops_directive_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("reported_by", sa.String(length=128), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["ops_directives.id"],
            name=op.f("fk_ops_directive_reports_directive_id_ops_directives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_directive_reports")),
    )
    op.create_index(
        op.f("ix_ops_directive_reports_directive_id"),
        "ops_directive_reports",
        ["directive_id"],
        unique=False,
    )
    op.create_table(
        "ops_reminders",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("sent_by", sa.String(length=128), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["ops_directives.id"],
            name=op.f("fk_ops_reminders_directive_id_ops_directives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_reminders")),
    )
    op.create_index(
        op.f("ix_ops_reminders_directive_id"), "ops_reminders", ["directive_id"], unique=False
    )
    op.create_table(
        "ops_rule_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rule"], ["ops_rules.code"], name=op.f("fk_ops_rule_versions_rule_ops_rules")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_rule_versions")),
        sa.UniqueConstraint("rule", "version", name=op.f("uq_ops_rule_versions_rule_version")),
    )
    op.create_index(op.f("ix_ops_rule_versions_rule"), "ops_rule_versions", ["rule"], unique=False)
    op.create_table(
        "ops_activation_steps",
        sa.Column("activation_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("done_by", sa.String(length=128), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activation_id"],
            ["ops_activations.id"],
            name=op.f("fk_ops_activation_steps_activation_id_ops_activations"),
        ),
        sa.PrimaryKeyConstraint("activation_id", "step", name=op.f("pk_ops_activation_steps")),
    )


def downgrade() -> None:
    op.drop_table("ops_activation_steps")
    op.drop_index(op.f("ix_ops_rule_versions_rule"), table_name="ops_rule_versions")
    op.drop_table("ops_rule_versions")
    op.drop_index(op.f("ix_ops_reminders_directive_id"), table_name="ops_reminders")
    op.drop_table("ops_reminders")
    op.drop_index(op.f("ix_ops_directive_reports_directive_id"), table_name="ops_directive_reports")
    op.drop_table("ops_directive_reports")
    op.drop_table("ops_directive_addressees")
    op.drop_index(op.f("ix_ops_committees_hq"), table_name="ops_committees")
    op.drop_table("ops_committees")
    op.drop_index(op.f("ix_ops_appointments_hq"), table_name="ops_appointments")
    op.drop_table("ops_appointments")
    op.drop_index(op.f("ix_ops_activations_scenario_id"), table_name="ops_activations")
    op.drop_table("ops_activations")
    op.drop_index(op.f("ix_ops_action_items_meeting_id"), table_name="ops_action_items")
    op.drop_table("ops_action_items")
    op.drop_index(op.f("ix_ops_statements_hq"), table_name="ops_statements")
    op.drop_table("ops_statements")
    op.drop_index(op.f("ix_ops_scenarios_hq"), table_name="ops_scenarios")
    op.drop_table("ops_scenarios")
    op.drop_table("ops_rules")
    op.drop_index(op.f("ix_ops_meetings_hq"), table_name="ops_meetings")
    op.drop_table("ops_meetings")
    op.drop_index(op.f("ix_ops_media_meetings_hq"), table_name="ops_media_meetings")
    op.drop_table("ops_media_meetings")
    op.drop_index(op.f("ix_ops_lessons_jurisdiction"), table_name="ops_lessons")
    op.drop_table("ops_lessons")
    op.drop_table("ops_headquarters")
    op.drop_index(op.f("ix_ops_directives_hq"), table_name="ops_directives")
    op.drop_table("ops_directives")
    op.drop_index(op.f("ix_ops_complaints_jurisdiction"), table_name="ops_complaints")
    op.drop_table("ops_complaints")
    op.drop_index(op.f("ix_ops_commitments_hq"), table_name="ops_commitments")
    op.drop_table("ops_commitments")
    op.drop_index(op.f("ix_ops_attachments_owner_id"), table_name="ops_attachments")
    op.drop_table("ops_attachments")
