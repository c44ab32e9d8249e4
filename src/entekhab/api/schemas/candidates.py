"""API schemas of the candidate side: registration, parties and lists, vetting (metadata only),
qualification steps, the ballot-code draw, publication and representatives."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AnswerIn",
    "AppealIn",
    "CandidateOut",
    "ConsentIn",
    "DecisionIn",
    "DrawIn",
    "InquiryOut",
    "ListIn",
    "ListOut",
    "MeetingIn",
    "MeetingOut",
    "ObserverViewOut",
    "PartyIn",
    "PartyOut",
    "PublishIn",
    "PublishedOut",
    "RegistrationIn",
    "RepresentativeIn",
    "RepresentativeOut",
    "StepOut",
]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegistrationIn(_Schema):
    contest: str = Field(min_length=1, max_length=32)
    national_code: str = Field(min_length=1, max_length=16)
    given_name_fa: str = Field(min_length=1, max_length=100)
    family_name_fa: str = Field(min_length=1, max_length=100)
    given_name_en: str = Field(default="", max_length=100)
    family_name_en: str = Field(default="", max_length=100)
    birth_date: date
    education: str = Field(min_length=1, max_length=16)
    isargar: bool = False
    occupation: str = Field(min_length=1, max_length=100)
    photo_base64: str = Field(min_length=1, max_length=3_000_000, description="JPEG or PNG")
    held_post: str | None = Field(default=None, max_length=32)
    resigned_on: date | None = None
    resignation_evidence_base64: str | None = Field(default=None, max_length=3_000_000)
    via: Literal["officer", "in_person"] = "officer"


class CandidateOut(_Schema):
    registration: str
    contest: str
    given_name_fa: str
    family_name_fa: str
    education: str
    occupation: str
    status: str
    ground: str | None
    appeal_deadline: datetime | None
    list_code: str | None
    list_position: int | None
    consented: bool
    ballot_code: str | None
    photo_sha256: str
    resignation_sha256: str | None
    registered_via: str
    registered_at: datetime


class StepOut(_Schema):
    step: str
    qualified: bool | None
    ground: str | None
    status_after: str
    actor: str
    role: str
    at: datetime


class DecisionIn(_Schema):
    qualified: bool
    ground: str | None = Field(
        default=None, max_length=32, description="The legal ground cited when disqualifying"
    )


class AppealIn(_Schema):
    statement_received: bool = Field(description="The candidate's written appeal was received")


class ConsentIn(_Schema):
    contest: str = Field(min_length=1, max_length=32)
    list_code: str = Field(min_length=1, max_length=16)


class InquiryOut(_Schema):
    inquiry: int
    candidate: str
    body: str
    status: str
    sent_at: datetime
    deadline: datetime
    answered_at: datetime | None
    inquiry_record: str
    answer_record: str | None


class AnswerIn(_Schema):
    text: str = Field(min_length=1, max_length=20_000)


class ContactIn(_Schema):
    name: str = Field(min_length=1, max_length=200)
    role: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=1, max_length=32)
    email: str = Field(default="", max_length=200)


class PartyIn(_Schema):
    code: str = Field(min_length=1, max_length=16)
    name_fa: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    contacts: list[ContactIn] = Field(min_length=1, max_length=20)


class PartyOut(_Schema):
    code: str
    name_fa: str
    name_en: str
    contacts: list[dict[str, Any]]
    registered_at: datetime


class MeetingIn(_Schema):
    held_at: datetime
    subject: str = Field(min_length=1, max_length=300)
    minutes: str = Field(min_length=1, max_length=20_000)


class MeetingOut(_Schema):
    id: int
    party: str
    held_at: datetime
    subject: str
    minutes: str
    recorded_by: str


class ListIn(_Schema):
    code: str = Field(min_length=1, max_length=16)
    name_fa: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    party: str | None = Field(default=None, max_length=16)
    members: list[str] = Field(min_length=1, max_length=200, description="Registration numbers")


class ListOut(_Schema):
    contest: str
    code: str
    name_fa: str
    party: str | None
    members: list[dict[str, Any]]


class DrawIn(_Schema):
    ceremony_nonce: str = Field(min_length=8, max_length=128)
    first_code: int = Field(default=101, ge=1, le=99_000)


class PublishIn(_Schema):
    reason: str = Field(min_length=1, max_length=300, description="e.g. the board's minute")


class PublishedOut(_Schema):
    contest: str
    definition_hash: str


class RepresentativeIn(_Schema):
    election_id: str = Field(min_length=1, max_length=64)
    branch: str = Field(min_length=1, max_length=32)
    contest: str = Field(min_length=1, max_length=32)
    candidate: str | None = Field(default=None, max_length=16)
    list_code: str | None = Field(default=None, max_length=16)
    national_code: str = Field(min_length=1, max_length=16)
    full_name: str = Field(min_length=1, max_length=200)
    account: str | None = Field(default=None, max_length=64)


class RepresentativeOut(_Schema):
    id: int
    branch: str
    contest: str
    candidate: str | None
    list_code: str | None
    full_name: str
    account: str | None
    accredited_at: datetime


class ObserverViewOut(_Schema):
    branch: str
    opened_at: datetime | None
    closed_at: datetime | None
    bulletins: list[dict[str, Any]]
    wall_sheet: str | None = Field(description="Where the printed wall sheet can be fetched")
