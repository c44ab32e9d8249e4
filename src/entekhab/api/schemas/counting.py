"""API schemas of the counting area (bulletins, results, certification).

A bulletin is posted as the JSON of ``entekhab.domain.results.SignedBulletin`` — the one bulletin
format — and parsed by the service, so that a malformed one gets a coded refusal like any other.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ApproveIn",
    "BulletinReceiptOut",
    "CertificationOut",
    "HeadKeyIn",
    "HeadKeyOut",
    "RecountDifferenceOut",
    "RecountIn",
    "RecountOut",
    "StepIn",
]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BulletinReceiptOut(_Schema):
    digest: str
    election_id: str
    contest: str
    branch: str
    status: str = Field(description="accepted | corrected | already_accepted")
    label: str = Field(description="always 'unofficial' until certification")


class HeadKeyIn(_Schema):
    election_id: str = Field(min_length=1, max_length=64)
    branch: str = Field(min_length=1, max_length=32)
    public_key: str = Field(pattern=r"^[0-9a-fA-F]{64}$")


class HeadKeyOut(_Schema):
    key_id: str


class StepIn(_Schema):
    reason: str = Field(min_length=1, max_length=2000)


class ApproveIn(StepIn):
    ceremony_nonce: str = Field(
        pattern=r"^[0-9a-f]{32,128}$", description="hex nonce drawn at the public ceremony"
    )


class CertificationOut(_Schema):
    election_id: str
    contest: str
    state: str
    label: str
    version: int
    bulletins_root: str | None
    ceremony_nonce: str | None
    outcome: dict[str, Any] | None


class RecountIn(_Schema):
    roots: bool = Field(
        True, description="also recompute each branch's Merkle root over its stored records"
    )


class RecountCountsOut(_Schema):
    ballots_cast: int
    blank: int
    invalid: int
    candidate_votes: dict[str, int]
    list_votes: dict[str, int]


class RecountDifferenceOut(_Schema):
    contest: str
    branch: str = Field(description="the branch, or '*' for the contest's running totals")
    item: str
    recounted: int | str | None
    reported: int | str | None


class RecountOut(_Schema):
    election_id: str
    label: str = Field(description="always 'unofficial': a recount is a check, not a result")
    contests: list[str]
    ballots: int
    marks: int
    branches: int
    matches: bool
    totals: dict[str, RecountCountsOut]
    differences: list[RecountDifferenceOut]
    seconds: dict[str, float]
