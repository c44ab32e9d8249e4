"""Schemas of following polling day at headquarters: an area's figures and an incident's
resolution (the same services as the dashboard pages)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AreaDayOut",
    "AreaFiguresOut",
    "HourCountOut",
    "IncidentResolutionIn",
    "IncidentResolutionOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HourCountOut(_Out):
    hour: str
    """UTC hour stamp, ``2026-06-18T07`` (the finest time kept beside who voted)."""
    count: int


class AreaFiguresOut(_Out):
    code: str | None
    """The division's code; null for the whole election."""
    branches: int
    expected_voters: int
    not_opened: int
    open: int
    silent: int
    """Open, and not heard from for over 30 minutes (domain/branch_day.py)."""
    closed: int
    offline: int
    """Branches that sent provisional records (worked offline for a while)."""
    reported: int
    checked_in: int
    provisional: int
    open_incidents: int


class AreaDayOut(_Out):
    election_id: str
    taken_at: datetime
    """When the figures were counted (on the election clock); shared for a short while."""
    area: AreaFiguresOut
    by_hour: list[HourCountOut]
    children: list[AreaFiguresOut]
    """The area's divisions that hold branches (empty from a district down)."""


class IncidentResolutionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=4000)
    """How the incident was dealt with (a blank one is INCIDENT_REASON_MISSING)."""


class IncidentResolutionOut(_Out):
    incident_id: int
    branch: str
    kind: str
    resolved_by: str
    role: str
    reason: str
    resolved_at: datetime
