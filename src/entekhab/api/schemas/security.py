"""API schemas of the security area: sign-in, sessions, accounts, confidential records."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from entekhab.domain.access import Role

__all__ = [
    "ConfidentialIn",
    "ConfidentialMetaOut",
    "ConfidentialOut",
    "GrantProposalOut",
    "GrantRejectIn",
    "IncidentReportIn",
    "MeOut",
    "ReadReasonIn",
    "SignInIn",
    "SignInOut",
    "UserCreatedOut",
    "UserIn",
    "UserOut",
]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignInIn(_Schema):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    totp_code: str | None = Field(
        default=None,
        pattern=r"^[0-9]{6}$",
        description="Six-digit TOTP code; required for headquarters and board roles.",
    )


class SignInOut(_Schema):
    token: str = Field(description="Bearer token for the Authorization header; shown once.")
    expires_at: datetime
    username: str
    role: Role
    jurisdiction: str


class MeOut(_Schema):
    user_id: int
    username: str
    role: Role
    jurisdiction: str


class UserIn(_Schema):
    username: str = Field(min_length=1, max_length=64)
    full_name: str = Field(min_length=1, max_length=200)
    role: Role
    jurisdiction: str = Field(
        min_length=1, max_length=32, description="'country' or a division or branch code."
    )
    national_code: str = Field(
        min_length=8,
        max_length=14,
        description="The person's national code (کد ملی): one person may not hold roles whose "
        "duties must stay separate (docs/permissions.md).",
    )
    password: str = Field(min_length=1, max_length=1024)


class UserCreatedOut(_Schema):
    user_id: int
    username: str
    role: Role
    jurisdiction: str
    totp_uri: str | None = Field(
        description="otpauth:// URI for the authenticator app; shown once, null for roles "
        "that sign in without a second factor."
    )


class GrantProposalOut(_Schema):
    proposal_id: int
    username: str
    full_name: str
    role: Role
    jurisdiction: str
    proposed_by: str
    proposed_at: datetime
    state: str


class GrantRejectIn(_Schema):
    reason: str = Field(min_length=1, max_length=500)


class UserOut(_Schema):
    user_id: int
    username: str
    full_name: str
    role: Role
    jurisdiction: str
    disabled: bool
    locked_until: datetime | None
    second_factor: bool


class IncidentReportIn(_Schema):
    jurisdiction: str = Field(min_length=1, max_length=32)
    election_id: str | None = Field(default=None, min_length=1, max_length=64)
    subject: str = Field(min_length=1, max_length=300, description="Who it is about.")
    text: str = Field(min_length=1, max_length=20_000)


class ConfidentialIn(IncidentReportIn):
    kind: Literal["vetting_inquiry", "vetting_answer", "incident_report"]
    reply_to: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")


class ReadReasonIn(_Schema):
    reason: str = Field(
        min_length=1, max_length=500, description="Why this record is read (kept in the log)."
    )


class ConfidentialMetaOut(_Schema):
    record_id: str
    kind: str
    jurisdiction: str
    election_id: str | None
    reply_to: str | None
    created_by: str
    created_at: datetime


class ConfidentialOut(ConfidentialMetaOut):
    subject: str
    text: str
