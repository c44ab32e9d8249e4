"""Request and response schemas of complete reporting: branches recorded as not counted."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["NotCountedIn", "NotCountedOut", "ReportingOut"]


class NotCountedIn(BaseModel):
    """A silent branch the executive board records as not counted, and why."""

    model_config = ConfigDict(extra="forbid")

    branch: str = Field(min_length=1, max_length=32)
    reason: str = Field(min_length=1, max_length=2000)


class NotCountedOut(BaseModel):
    branch: str
    reason: str
    recorded_by: str


class ReportingOut(BaseModel):
    """Branches expected, reported, recorded as not counted (with reasons), and still silent."""

    branches_expected: int
    branches_reported: int
    not_counted: list[NotCountedOut]
    silent: list[str]
