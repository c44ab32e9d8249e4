"""API schemas of the operations area (issue 15): headquarters and appointments, directives,
meetings, the rules library, lessons, contingency playbooks, complaints, agency commitments,
media meetings and public statements.

Outputs are read from the services' result objects (``from_attributes``), so the wire format is
declared once, here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

__all__ = [
    "ActionItemOut",
    "ActionStatusIn",
    "ActivationIn",
    "ActivationOut",
    "AppointmentIn",
    "AppointmentOut",
    "AttachmentIn",
    "CommitmentIn",
    "CommitmentOut",
    "ComplainantOut",
    "ComplaintDecisionIn",
    "ComplaintIn",
    "ComplaintOut",
    "DirectiveIn",
    "DirectiveOut",
    "DirectiveSummaryOut",
    "HeadquartersIn",
    "HeadquartersOut",
    "LessonIn",
    "LessonOut",
    "LessonUpdateIn",
    "MediaMeetingIn",
    "MediaMeetingOut",
    "MeetingIn",
    "MeetingOut",
    "MeetingSummaryOut",
    "OrganisationOut",
    "OverdueOut",
    "PublicStatementOut",
    "ReadReasonIn",
    "ReminderOut",
    "ReportIn",
    "RuleIn",
    "RuleOut",
    "RuleVersionIn",
    "ScenarioIn",
    "ScenarioOut",
    "StatementIn",
    "StatementOut",
    "StatusIn",
    "StepIn",
]

_TEXT = 50_000


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- organisation -------------------------------------------------------------------------
class HeadquartersIn(_In):
    jurisdiction: str = Field(min_length=1, max_length=32, description="A province or county.")
    name_fa: str = Field(min_length=1, max_length=200)


class HeadquartersOut(_Out):
    jurisdiction: str
    level: str
    name_fa: str


class AppointmentIn(_In):
    committee: str | None = Field(
        default=None,
        description="security, police, support, infrastructure or publicity; "
        "none for a post of the headquarters itself",
    )
    post: str = Field(description="head, secretary or member")
    person: str = Field(min_length=1, max_length=200)
    username: str | None = Field(default=None, max_length=64)
    decree: str = Field(min_length=1, max_length=64, description="The decree (حکم) number.")
    starts_on: date


class AppointmentOut(_Out):
    id: int
    hq: str
    committee: str | None
    post: str
    person: str
    username: str | None
    decree: str
    starts_on: date
    ended_on: date | None


class CommitteeOut(_Out):
    kind: str
    name_fa: str
    members: list[AppointmentOut]


class OrganisationOut(_Out):
    hq: HeadquartersOut
    on: date
    posts: list[AppointmentOut]
    committees: list[CommitteeOut]


# --- directives ---------------------------------------------------------------------------
class AttachmentIn(_In):
    filename: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\"\\/]+$")
    media_type: str = Field(
        min_length=3, max_length=100, pattern=r"^[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+$"
    )
    content_base64: str = Field(min_length=1, max_length=7_000_000)


class DirectiveIn(_In):
    number: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=_TEXT)
    deadline: AwareDatetime
    offices: list[str] = Field(min_length=1, max_length=500)
    classification: str = "public"
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=10)


class OfficeStandingOut(_Out):
    office: str
    state: str
    overdue: bool
    acknowledged_at: datetime | None
    done_at: datetime | None


class DirectiveSummaryOut(_Out):
    id: int
    hq: str
    number: str
    title: str
    classification: str
    deadline: datetime
    issued_at: datetime
    offices: list[OfficeStandingOut]


class AttachmentOut(_Out):
    id: int
    filename: str
    media_type: str
    size: int
    sha256: str


class ReportOut(_Out):
    office: str
    text: str
    done: bool
    reported_by: str
    reported_at: datetime


class DirectiveOut(_Out):
    summary: DirectiveSummaryOut
    text: str
    attachments: list[AttachmentOut]
    reports: list[ReportOut]


class ReportIn(_In):
    text: str = Field(min_length=1, max_length=20_000)
    done: bool


class OverdueOut(_Out):
    directive: int
    number: str
    title: str
    office: str
    county: str | None
    district: str | None
    state: str
    deadline: datetime


class ReminderOut(_Out):
    directive: int
    office: str
    reason: str
    sent_at: datetime


# --- meetings and the rules library ---------------------------------------------------------
class ActionIn(_In):
    text: str = Field(min_length=1, max_length=2_000)
    owner: str = Field(max_length=200, description="Who carries it out (required).")
    due_on: date


class DecisionIn(_In):
    text: str = Field(min_length=1, max_length=5_000)
    actions: list[ActionIn] = Field(default_factory=list, max_length=100)


class CitationIn(_In):
    rule: str = Field(min_length=1, max_length=64)
    version: int = Field(ge=1, le=2**31 - 1)


class MeetingIn(_In):
    kind: str = Field(description="weekly_review, headquarters or committee")
    title: str = Field(min_length=1, max_length=300)
    held_at: AwareDatetime
    attendees: list[str] = Field(min_length=1, max_length=200)
    agenda: list[str] = Field(min_length=1, max_length=100)
    minutes: str = Field(min_length=1, max_length=100_000)
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=100)
    reviewed: list[CitationIn] = Field(default_factory=list, max_length=100)
    classification: str = "public"


class MeetingSummaryOut(_Out):
    id: int
    hq: str
    kind: str
    title: str
    held_at: datetime
    classification: str
    decisions: int
    reviewed: list[dict[str, Any]]


class ActionItemOut(_Out):
    id: int
    meeting: int
    hq: str
    decision: int
    text: str
    owner: str
    due_on: date
    status: str
    late: bool


class MeetingOut(_Out):
    summary: MeetingSummaryOut
    attendees: list[str]
    agenda: list[str]
    minutes: str
    decisions: list[dict[str, Any]]
    actions: list[ActionItemOut]


class ActionStatusIn(_In):
    status: str = Field(description="in_progress, done or dropped")


class RuleIn(_In):
    code: str = Field(min_length=1, max_length=64)
    kind: str = Field(description="law, regulation or instruction")
    title: str = Field(min_length=1, max_length=300)
    issuer: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=200_000)
    effective_from: date


class RuleVersionIn(_In):
    text: str = Field(min_length=1, max_length=200_000)
    effective_from: date
    change_note: str = Field(min_length=1, max_length=5_000)


class RuleVersionOut(_Out):
    rule: str
    version: int
    effective_from: date
    sha256: str
    change_note: str
    text: str
    recorded_by: str
    recorded_at: datetime


class RuleOut(_Out):
    code: str
    kind: str
    title: str
    issuer: str
    current: RuleVersionOut | None
    versions: list[RuleVersionOut]


# --- lessons ------------------------------------------------------------------------------
class LessonIn(_In):
    kind: str = Field(description="problem, strength or weakness")
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=1, max_length=10_000)
    source: str = Field(description="site_assessment, past_election, incident or meeting")
    source_ref: str = Field(min_length=1, max_length=200)
    owner: str = Field(max_length=200)
    evidence: str = Field(default="", max_length=10_000)
    decision: str = Field(default="", max_length=10_000)
    election_id: str | None = None
    classification: str = "public"


class LessonUpdateIn(_In):
    status: str | None = None
    owner: str | None = Field(default=None, max_length=200)
    evidence: str | None = Field(default=None, max_length=10_000)
    decision: str | None = Field(default=None, max_length=10_000)


class LessonOut(_Out):
    id: int
    jurisdiction: str
    election_id: str | None
    kind: str
    title: str
    description: str
    source: str
    source_ref: str
    owner: str
    status: str
    evidence: str
    decision: str
    classification: str
    recorded_by: str
    recorded_at: datetime
    updated_at: datetime


# --- contingency --------------------------------------------------------------------------
class ScenarioIn(_In):
    code: str = Field(min_length=1, max_length=64)
    kind: str
    title: str = Field(min_length=1, max_length=300)
    committee: str
    steps: list[str] = Field(min_length=1, max_length=50)


class ScenarioOut(_Out):
    id: int
    hq: str
    code: str
    kind: str
    title: str
    committee: str
    steps: list[str]


class ActivationIn(_In):
    scenario_id: int = Field(ge=1, le=2**31 - 1)
    election_id: str = Field(min_length=1, max_length=64)
    incident_id: int = Field(ge=1, le=2**31 - 1)


class StepIn(_In):
    step: int = Field(ge=1, le=1_000)
    note: str = Field(default="", max_length=2_000)


class StepDoneOut(_Out):
    step: int
    text: str
    done_at: datetime | None
    done_by: str | None
    note: str


class ActivationOut(_Out):
    id: int
    scenario: ScenarioOut
    election_id: str
    incident_id: int
    incident_kind: str
    branch: str | None
    activated_at: datetime
    steps: list[StepDoneOut]
    complete: bool


# --- complaints ---------------------------------------------------------------------------
class ComplaintIn(_In):
    election_id: str = Field(min_length=1, max_length=64)
    jurisdiction: str = Field(min_length=1, max_length=32, description="Division or branch.")
    contest: str | None = Field(default=None, max_length=64)
    complainant_kind: str = Field(description="candidate, observer or citizen")
    category: str
    summary: str = Field(min_length=1, max_length=10_000)
    complainant_name: str = Field(min_length=1, max_length=200)
    complainant_national_code: str = Field(default="", max_length=10)
    complainant_contact: str = Field(default="", max_length=200)


class ComplaintOut(_Out):
    id: int
    tracking: str
    election_id: str
    jurisdiction: str
    contest: str | None
    office: str
    complainant_kind: str
    category: str
    summary: str
    status: str
    filed_at: datetime
    due_at: datetime
    overdue: bool
    decision: str | None
    decided_at: datetime | None


class ComplaintDecisionIn(_In):
    status: str = Field(description="under_review, upheld or dismissed")
    decision: str = Field(default="", max_length=10_000)


class ReadReasonIn(_In):
    reason: str = Field(min_length=1, max_length=1_000)


class ComplainantOut(_Out):
    name: str
    national_code: str
    contact: str


# --- commitments, media, statements -------------------------------------------------------
class CommitmentIn(_In):
    agency: str = Field(description="telecom, power, police or education")
    memorandum: str = Field(min_length=1, max_length=64)
    text: str = Field(min_length=1, max_length=5_000)
    owner: str = Field(max_length=200)
    due_on: date


class CommitmentOut(_Out):
    id: int
    hq: str
    agency: str
    memorandum: str
    text: str
    owner: str
    due_on: date
    status: str
    overdue: bool
    escalated_to: str | None


class StatusIn(_In):
    status: str


class MediaMeetingIn(_In):
    held_at: AwareDatetime
    outlets: list[str] = Field(min_length=1, max_length=100)
    subject: str = Field(min_length=1, max_length=300)
    notes: str = Field(default="", max_length=20_000)


class MediaMeetingOut(_Out):
    id: int
    hq: str
    held_at: datetime
    outlets: list[str]
    subject: str
    notes: str


class StatementIn(_In):
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=20_000)


class StatementOut(_Out):
    id: int
    hq: str
    title: str
    text: str
    status: str
    drafted_by: str
    drafted_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    published_at: datetime | None
    sha256: str | None
    key_id: str | None
    public_key: str | None
    signature: str | None


class PublicStatementOut(_Out):
    """What the public sees: a published statement, its signature and the time."""

    id: int
    hq: str
    title: str
    text: str
    approved_by: str | None
    published_at: datetime | None
    sha256: str | None
    key_id: str | None
    public_key: str | None
    signature: str | None
