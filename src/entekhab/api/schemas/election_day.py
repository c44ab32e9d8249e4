"""Request and response schemas of the election-day API (docs/station-api.md is the contract).

Every input model forbids unknown fields. Ballot records travel as ``domain.ballot.BallotRecord``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.domain.voter_identity import FingerprintOutcome

__all__ = [
    "HEX32",
    "HEX64",
    "HOUR",
    "BallotRecord",
    "BranchCloseIn",
    "BranchCloseOut",
    "BranchOpenIn",
    "BranchSessionOut",
    "CheckInIn",
    "CheckInOut",
    "ContestSelection",
    "Fingerprint",
    "HeldBallotDecisionIn",
    "HeldBallotIn",
    "HeldBallotOut",
    "HourCount",
    "IncidentIn",
    "IncidentOut",
    "ProvisionalItem",
    "ProvisionalResult",
    "ProvisionalUploadIn",
    "ProvisionalUploadOut",
    "StationEnrolIn",
    "StationOut",
    "StationRotateIn",
    "TurnoutOut",
]

HEX32 = r"^[0-9a-f]{32}$"
HEX64 = r"^[0-9a-f]{64}$"
HOUR = r"^\d{4}-\d{2}-\d{2}T\d{2}$"

Fingerprint = FingerprintOutcome
"""The outcome of the station's ``IdentityVerifier`` (domain/voter_identity; see
docs/identity-devices.md)."""


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StationEnrolIn(_In):
    election_id: str = Field(min_length=1, max_length=64)
    branch: str = Field(min_length=1, max_length=32)
    public_key_hex: str = Field(pattern=HEX64)


class StationRotateIn(_In):
    """The replacement key for a station whose key is revoked in the same step."""

    public_key_hex: str = Field(pattern=HEX64)


class StationOut(_Out):
    key_id: str
    election_id: str
    branch: str
    public_key_hex: str
    enrolled_by: str
    enrolled_at: str
    revoked_at: str | None = None


class BranchOpenIn(_In):
    opened_by: str = Field(min_length=1, max_length=200)
    definition_hash: str = Field(pattern=HEX64)


class BranchSessionOut(_Out):
    election_id: str
    branch: str
    ballot_style: str
    contests: list[str]
    offline_policy: Literal["refuse", "provisional"]
    definition_hash: str
    opened_at: str
    closed_at: str | None = None
    status: Literal["open", "closed"]


class CheckInIn(_In):
    national_code: str = Field(min_length=1, max_length=32)
    card_serial: str = Field(min_length=1, max_length=64)
    fingerprint: Fingerprint
    override_reason: str | None = Field(default=None, max_length=500)


class CheckInOut(_Out):
    branch: str
    ballot_style: str
    contests: list[str]
    hour: str = Field(pattern=HOUR)
    may_vote: bool
    """Always true: the voter may vote (a voter who may not gets a coded refusal). There is no
    ballot token: the ballot stays in the station until closing (docs/ballot-secrecy.md)."""


class ProvisionalItem(_In):
    provisional_id: str = Field(pattern=HEX32)
    national_code: str = Field(min_length=1, max_length=32)
    card_serial: str = Field(min_length=1, max_length=64)
    fingerprint: Fingerprint
    override_reason: str | None = Field(default=None, max_length=500)
    hour: str = Field(pattern=HOUR)
    cast: bool
    """Whether the voter cast a ballot after this check-in (the ballot stays in the station)."""


class ProvisionalUploadIn(_In):
    items: list[ProvisionalItem] = Field(max_length=1000)


class ProvisionalResult(_Out):
    provisional_id: str
    status: Literal["accepted", "held", "refused"]
    incident_id: int | None = None
    error: dict[str, Any] | None = None


class ProvisionalUploadOut(_Out):
    results: list[ProvisionalResult]


MAX_BALLOTS_PER_BRANCH = 50_000


class HeldBallotIn(_In):
    incident_id: int = Field(ge=1)
    record: BallotRecord


class BranchCloseIn(_In):
    """The branch's ballots, in ballot-id order, and its signed bulletins: sent once, at
    closing (docs/ballot-secrecy.md)."""

    closed_by: str = Field(min_length=1, max_length=200)
    records: list[BallotRecord] = Field(max_length=MAX_BALLOTS_PER_BRANCH)
    held: list[HeldBallotIn] = Field(default_factory=list, max_length=MAX_BALLOTS_PER_BRANCH)
    bulletins: list[dict[str, Any]] = Field(min_length=1, max_length=64)


class BranchCloseOut(_Out):
    branch: str
    closed_at: str
    ballots: int
    merkle_root: str = Field(pattern=HEX64)
    participations: int
    held: int
    bulletins: list[dict[str, Any]]
    incident_id: int | None = None


class IncidentIn(_In):
    kind: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = Field(min_length=1, max_length=4000)


class IncidentOut(_Out):
    id: int
    election_id: str
    branch: str | None
    kind: str
    hour: str
    details: dict[str, Any]


class HeldBallotOut(IncidentOut):
    """A provisional incident and the state of its ballot (never the ballot's content)."""

    ballot: Literal["at_station", "held", "counted", "rejected", "none"]


class HeldBallotDecisionIn(_In):
    decision: Literal["count", "reject"]
    reason: str = Field(min_length=1, max_length=2000)


class HourCount(_Out):
    hour: str
    count: int


class TurnoutOut(_Out):
    election_id: str
    branch: str | None
    total: int
    by_hour: list[HourCount]
