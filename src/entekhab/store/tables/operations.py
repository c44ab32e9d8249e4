"""Tables of the operations area: how an election headquarters (ستاد انتخابات) runs its weeks.

Every row belongs to a headquarters or to an office by a jurisdiction code (a division of a
loaded definition, or ``country``), so the permission matrix places it like any other object.
Lists that are only ever read and written whole (attendees, agenda, decisions, playbook steps)
are JSON; anything that changes on its own (an office's acknowledgement, an action item's status,
a ticked playbook step) has its own row. Changes are recorded in the event log by the services.

The complainant's identity is sealed (``complaints.key_id``/``sealed``) like a confidential
record; the rest of a complaint is in the clear so the supervisory office can track deadlines.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from entekhab.store.base import Base
from entekhab.store.types import UtcDateTime

__all__ = [
    "ActionItemRow",
    "ActivationRow",
    "ActivationStepRow",
    "AppointmentRow",
    "AttachmentRow",
    "CommitmentRow",
    "CommitteeRow",
    "ComplaintRow",
    "DirectiveAddresseeRow",
    "DirectiveReportRow",
    "DirectiveRow",
    "HeadquartersRow",
    "LessonRow",
    "MediaMeetingRow",
    "MeetingRow",
    "ReminderRow",
    "RuleRow",
    "RuleVersionRow",
    "ScenarioRow",
    "StatementRow",
]

_J = String(32)
"""A jurisdiction code."""
_ACTOR = String(128)


class HeadquartersRow(Base):
    """A province or county election headquarters (ستاد انتخابات استان / شهرستان)."""

    __tablename__ = "ops_headquarters"

    jurisdiction: Mapped[str] = mapped_column(_J, primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    name_fa: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(_ACTOR)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CommitteeRow(Base):
    """A committee of a headquarters (security, police, support, infrastructure, publicity)."""

    __tablename__ = "ops_committees"
    __table_args__ = (UniqueConstraint("hq", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hq: Mapped[str] = mapped_column(ForeignKey("ops_headquarters.jurisdiction"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    name_fa: Mapped[str] = mapped_column(String(200))


class AppointmentRow(Base):
    """Who holds which post, from when, by which decree (حکم); ``ended_on`` keeps the history."""

    __tablename__ = "ops_appointments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hq: Mapped[str] = mapped_column(ForeignKey("ops_headquarters.jurisdiction"), index=True)
    committee: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """The committee's kind, or None for a post of the headquarters itself (its head)."""
    post: Mapped[str] = mapped_column(String(32))
    person: Mapped[str] = mapped_column(String(200))
    username: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decree: Mapped[str] = mapped_column(String(64))
    starts_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    recorded_by: Mapped[str] = mapped_column(_ACTOR)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DirectiveRow(Base):
    """An instruction (بخشنامه / دستورالعمل) a headquarters sends to the offices below it."""

    __tablename__ = "ops_directives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hq: Mapped[str] = mapped_column(_J, index=True)
    number: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    classification: Mapped[str] = mapped_column(String(16))
    deadline: Mapped[datetime] = mapped_column(UtcDateTime())
    issued_by: Mapped[str] = mapped_column(_ACTOR)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DirectiveAddresseeRow(Base):
    """One addressed office of a directive and its acknowledgement (رسید)."""

    __tablename__ = "ops_directive_addressees"

    directive_id: Mapped[int] = mapped_column(ForeignKey("ops_directives.id"), primary_key=True)
    office: Mapped[str] = mapped_column(_J, primary_key=True)
    acknowledged_by: Mapped[str | None] = mapped_column(_ACTOR, nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class DirectiveReportRow(Base):
    """An action report (گزارش اقدام) of an addressed office; ``done`` closes its part."""

    __tablename__ = "ops_directive_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("ops_directives.id"), index=True)
    office: Mapped[str] = mapped_column(_J)
    text: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column()
    reported_by: Mapped[str] = mapped_column(_ACTOR)
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReminderRow(Base):
    """A reminder sent to an office that has not finished a directive by its deadline."""

    __tablename__ = "ops_reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("ops_directives.id"), index=True)
    office: Mapped[str] = mapped_column(_J)
    reason: Mapped[str] = mapped_column(String(32))
    sent_by: Mapped[str] = mapped_column(_ACTOR)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AttachmentRow(Base):
    """A file attached to a directive (or another record): its bytes and their SHA-256."""

    __tablename__ = "ops_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner_kind: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int] = mapped_column(Integer, index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(_ACTOR)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MeetingRow(Base):
    """A headquarters meeting (جلسه): attendees, agenda, minutes, decisions, reviewed rules."""

    __tablename__ = "ops_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hq: Mapped[str] = mapped_column(_J, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    held_at: Mapped[datetime] = mapped_column(UtcDateTime())
    classification: Mapped[str] = mapped_column(String(16))
    attendees: Mapped[list[Any]] = mapped_column(JSON)
    agenda: Mapped[list[Any]] = mapped_column(JSON)
    minutes: Mapped[str] = mapped_column(Text)
    decisions: Mapped[list[Any]] = mapped_column(JSON)
    reviewed: Mapped[list[Any]] = mapped_column(JSON)
    """Rule versions the meeting reviewed: ``[{"rule": code, "version": n}, ...]``."""
    recorded_by: Mapped[str] = mapped_column(_ACTOR)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ActionItemRow(Base):
    """An action item of a meeting's decision: owner, due date, status."""

    __tablename__ = "ops_action_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("ops_meetings.id"), index=True)
    decision: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    updated_by: Mapped[str] = mapped_column(_ACTOR)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RuleRow(Base):
    """A law, executive regulation or instruction of the rules library."""

    __tablename__ = "ops_rules"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(200))


class RuleVersionRow(Base):
    """One version of a rule: its text's digest, effective date and what changed."""

    __tablename__ = "ops_rule_versions"
    __table_args__ = (UniqueConstraint("rule", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule: Mapped[str] = mapped_column(ForeignKey("ops_rules.code"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    change_note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(_ACTOR)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LessonRow(Base):
    """An entry of the lessons register (درس‌آموخته): a problem, strength or weakness."""

    __tablename__ = "ops_lessons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    jurisdiction: Mapped[str] = mapped_column(_J, index=True)
    election_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(32))
    source_ref: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    evidence: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(Text)
    classification: Mapped[str] = mapped_column(String(16))
    recorded_by: Mapped[str] = mapped_column(_ACTOR)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ScenarioRow(Base):
    """A contingency scenario (سناریو) with its playbook steps and responsible committee."""

    __tablename__ = "ops_scenarios"
    __table_args__ = (UniqueConstraint("hq", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hq: Mapped[str] = mapped_column(_J, index=True)
    code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    committee: Mapped[str] = mapped_column(String(32))
    steps: Mapped[list[Any]] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(_ACTOR)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ActivationRow(Base):
    """A scenario put into action on election day for one landed incident."""

    __tablename__ = "ops_activations"
    __table_args__ = (UniqueConstraint("incident_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("ops_scenarios.id"), index=True)
    election_id: Mapped[str] = mapped_column(String(64))
    incident_id: Mapped[int] = mapped_column(Integer)
    activated_by: Mapped[str] = mapped_column(_ACTOR)
    activated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ActivationStepRow(Base):
    """A playbook step ticked off during an activation, with its time."""

    __tablename__ = "ops_activation_steps"

    activation_id: Mapped[int] = mapped_column(ForeignKey("ops_activations.id"), primary_key=True)
    step: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    note: Mapped[str] = mapped_column(Text)
    done_by: Mapped[str] = mapped_column(_ACTOR)
    done_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ComplaintRow(Base):
    """A complaint or reported violation (شکایت / تخلف), routed to a supervisory office."""

    __tablename__ = "ops_complaints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tracking: Mapped[str] = mapped_column(String(32), unique=True)
    jurisdiction: Mapped[str] = mapped_column(_J, index=True)
    election_id: Mapped[str] = mapped_column(String(64))
    contest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    office: Mapped[str] = mapped_column(String(32))
    complainant_kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    key_id: Mapped[str] = mapped_column(String(32))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    """The complainant's identity (name, national code, contact), sealed."""
    status: Mapped[str] = mapped_column(String(16))
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decision: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(_ACTOR, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class CommitmentRow(Base):
    """An agency's commitment under a memorandum (تفاهم‌نامه): owner, due date, status."""

    __tablename__ = "ops_commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hq: Mapped[str] = mapped_column(_J, index=True)
    agency: Mapped[str] = mapped_column(String(32))
    memorandum: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    escalation: Mapped[int] = mapped_column(Integer)
    """How many times it has been escalated (0: never); each escalation goes one level up."""
    updated_by: Mapped[str] = mapped_column(_ACTOR)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MediaMeetingRow(Base):
    """A meeting with the media (نشست خبری)."""

    __tablename__ = "ops_media_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hq: Mapped[str] = mapped_column(_J, index=True)
    held_at: Mapped[datetime] = mapped_column(UtcDateTime())
    outlets: Mapped[list[Any]] = mapped_column(JSON)
    subject: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(_ACTOR)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StatementRow(Base):
    """A public statement (بیانیه / اطلاعیه): drafted, approved by the head, signed, published."""

    __tablename__ = "ops_statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hq: Mapped[str] = mapped_column(_J, index=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    drafted_by: Mapped[str] = mapped_column(_ACTOR)
    drafted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    approved_by: Mapped[str | None] = mapped_column(_ACTOR, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
