"""Request and response schemas of the election calendar: polling hours and their extensions."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

__all__ = ["PollingExtensionIn", "PollingExtensionOut", "PollingHoursOut"]


class PollingExtensionIn(BaseModel):
    """An extension of polling hours: the new closing instant (with its UTC offset, e.g.
    ``2026-06-18T22:00:00+03:30``) and the reason, which the event log keeps."""

    model_config = ConfigDict(extra="forbid")

    closes: AwareDatetime
    reason: str = Field(min_length=1, max_length=2000)


class PollingExtensionOut(BaseModel):
    closes: str
    reason: str
    decided_by: str
    decided_at: str


class PollingHoursOut(BaseModel):
    """Polling hours as they stand: the definition's, and the closing after any extension."""

    election_id: str
    opens: str
    closes_by_definition: str
    closes: str
    extensions: list[PollingExtensionOut]
