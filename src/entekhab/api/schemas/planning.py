"""API schemas of branch planning (issue 13): assessments, readiness, capacity, network,
equipment and custody, roster, training and mobile boxes.

Outputs are read from the services' result objects (``from_attributes``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AreaReadinessOut",
    "AssessmentIn",
    "AttendanceIn",
    "BlockerIn",
    "BlockerOut",
    "BoxPlanOut",
    "BranchCapacityOut",
    "BranchReadinessOut",
    "CapacityOut",
    "CourseIn",
    "DeviceIn",
    "DeviceOut",
    "DeviceStatusIn",
    "HandoverIn",
    "LinkIn",
    "MobileBoxesIn",
    "MoveOut",
    "NetworkBranchOut",
    "NetworkSecurityIn",
    "ReadinessOut",
    "RosterIn",
    "RosteredOut",
    "SensitivityIn",
    "ShortfallOut",
    "TrainingOut",
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- site assessment and readiness ------------------------------------------------------------
class AssessmentIn(_In):
    election_id: str
    branch: str
    scores: dict[str, int]
    assessor: str = Field(min_length=1, max_length=128)
    strengths: str = Field(default="", max_length=5_000)
    weaknesses: str = Field(default="", max_length=5_000)
    assessed_at: datetime | None = None


class BlockerOut(_Out):
    branch: str
    item: str
    critical: bool
    owner: str
    due: date
    sensitivity: int


class BranchReadinessOut(_Out):
    branch: str
    status: str
    blockers: list[BlockerOut]
    assessed_at: datetime | None


class AreaReadinessOut(BaseModel):
    code: str
    kind: str
    status: str
    counts: dict[str, int]
    blockers: int


class ReadinessOut(BaseModel):
    area: str
    areas: list[AreaReadinessOut]
    branches: list[BranchReadinessOut]
    work: list[BlockerOut]


class BlockerIn(_In):
    election_id: str
    branch: str
    item: str
    owner: str = Field(min_length=1, max_length=128)
    due: date


class SensitivityIn(_In):
    election_id: str
    jurisdiction: str
    """The area (division) or branch rated."""
    rating: int = Field(ge=0, le=5)


# --- capacity ---------------------------------------------------------------------------------
class HourOut(_Out):
    hour: int
    arrivals: float
    wait_probability: float
    mean_wait_minutes: float
    mean_queue_length: float


class BranchCapacityOut(_Out):
    branch: str
    county: str
    voters: int
    devices: dict[str, int]
    busiest_hour: int
    hours: dict[str, list[HourOut]] = {}


class ShortfallOut(_Out):
    county: str
    device: str
    needed: int
    inventory: int
    shortfall: int
    spare: int


class CapacityOut(BaseModel):
    turnout: str
    branches: list[BranchCapacityOut]
    shortfall: list[ShortfallOut]


# --- network ----------------------------------------------------------------------------------
class LinkIn(_In):
    election_id: str
    branch: str
    primary: str
    backup: str
    provider: str = Field(max_length=64)
    primary_commitment: str
    backup_commitment: str
    due: date | None = None


class NetworkSecurityIn(_In):
    election_id: str
    county: str
    responsible: str = Field(min_length=1, max_length=200)
    contact: str = Field(default="", max_length=200)


class NetworkBranchOut(BaseModel):
    branch: str
    primary: str
    backup: str
    provider: str
    primary_commitment: str
    risk: str
    reasons: list[str]
    offline_policy: str
    courier: bool
    upload_bytes: int


# --- equipment --------------------------------------------------------------------------------
class DeviceIn(_In):
    election_id: str
    county: str
    serial: str = Field(min_length=1, max_length=64)
    kind: str
    holder: str = Field(min_length=1, max_length=128)


class DeviceStatusIn(_In):
    county: str
    serial: str
    target: str
    test_result: dict[str, Any] | None = None
    seal: str | None = Field(default=None, max_length=64)
    branch: str | None = None
    note: str = Field(default="", max_length=2_000)


class HandoverIn(_In):
    county: str
    serial: str
    giver: str = Field(max_length=128)
    receiver: str = Field(max_length=128)
    giver_signature: str = Field(max_length=256)
    receiver_signature: str = Field(max_length=256)
    to_branch: str | None = None
    note: str = Field(default="", max_length=2_000)


class DeviceOut(_Out):
    serial: str
    kind: str
    county: str
    status: str
    holder: str
    branch: str | None
    seal: str | None
    test_result: dict[str, Any] | None


class MoveOut(_Out):
    kind: str
    at: datetime
    from_holder: str
    to_holder: str
    from_place: str | None
    to_place: str | None
    status: str
    giver_signature: str | None
    receiver_signature: str | None
    note: str


# --- staffing and training --------------------------------------------------------------------
class RosterIn(_In):
    election_id: str
    branch: str
    role: str
    national_code: str = Field(min_length=10, max_length=10)
    full_name: str = Field(min_length=1, max_length=200)
    birth_date: date
    education: str
    conflict: str = Field(default="", max_length=1_000)


class RosteredOut(_Out):
    national_code: str
    full_name: str
    branch: str
    role: str
    conflict: str
    impartiality_signed: bool


class CourseIn(_In):
    election_id: str
    county: str
    code: str = Field(min_length=1, max_length=32)
    title: str = Field(min_length=1, max_length=200)
    audience: str
    mode: str
    stage: int = Field(ge=1)
    trainer: str = Field(min_length=1, max_length=200)
    trainer_experience: str = Field(default="", max_length=2_000)
    starts_at: datetime


class AttendeeIn(_In):
    national_code: str
    attended: bool
    evaluation: int | None = Field(default=None, ge=1, le=5)
    comment: str = Field(default="", max_length=1_000)


class AttendanceIn(_In):
    election_id: str
    county: str
    course: str
    entries: list[AttendeeIn] = Field(min_length=1, max_length=5_000)


class TrainingOut(BaseModel):
    courses: list[dict[str, Any]]
    completion: dict[str, list[int]]
    gaps: list[dict[str, str]]


# --- mobile boxes -----------------------------------------------------------------------------
class MobileBoxesIn(_In):
    places: dict[str, tuple[float, float]] = Field(min_length=1)
    """Planar coordinates (km) of the district centres and the villages, by code."""
    villages: list[str] | None = None


class StopOut(_Out):
    village: str
    arrive: int
    leave: int


class TourOut(_Out):
    vehicle: int
    stops: list[StopOut]
    metres: int
    back_at: int


class BoxPlanOut(BaseModel):
    district: str
    method: str
    tours: list[TourOut]
    fixed: list[str]
    cost_rials: int
    greedy_cost_rials: int
    saving_rials: int
    villages_by_box: int
    voters_by_box: int
