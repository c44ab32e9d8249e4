"""Tables of branch planning (issue 13): site assessments with history, blocker owners,
sensitivity ratings, network links and who secures each governorate's network, devices with
their chain of custody, the polling-day roster, training courses and attendance.

Rules the database itself holds:
* one person on one roster per election and day (``uq_planning_roster_...``): nobody is in two
  places at once, whatever two officers do at the same moment;
* one serial per device, one link row per branch, one attendance row per person and course.
Assessments and custody moves are only ever added, never updated: they are the history.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from entekhab.store.base import Base
from entekhab.store.types import UtcDateTime

__all__ = [
    "AttendanceRow",
    "BlockerOwnerRow",
    "CourseRow",
    "CustodyMoveRow",
    "DeviceRow",
    "NetworkLinkRow",
    "NetworkSecurityRow",
    "RosterRow",
    "SensitivityRow",
    "SiteAssessmentRow",
]


class SiteAssessmentRow(Base):
    """One visit to a branch site: checklist scores and free-text strengths and weaknesses."""

    __tablename__ = "planning_site_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64), index=True)
    branch: Mapped[str] = mapped_column(String(32), index=True)
    assessed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    assessor: Mapped[str] = mapped_column(String(128))
    checklist_version: Mapped[int] = mapped_column(Integer)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    strengths: Mapped[str] = mapped_column(Text, default="")
    weaknesses: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BlockerOwnerRow(Base):
    """Who owns fixing one checklist item at one branch, and by when (overrides the default)."""

    __tablename__ = "planning_blocker_owners"
    __table_args__ = (UniqueConstraint("election_id", "branch", "item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64))
    branch: Mapped[str] = mapped_column(String(32))
    item: Mapped[str] = mapped_column(String(32))
    owner: Mapped[str] = mapped_column(String(128))
    due: Mapped[date] = mapped_column(Date)


class SensitivityRow(Base):
    """A sensitivity rating (0..5) of an area (division code) or a branch."""

    __tablename__ = "planning_sensitivity"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    rating: Mapped[int] = mapped_column(Integer)


class NetworkLinkRow(Base):
    """A branch's primary and backup link with the provider's commitment for each."""

    __tablename__ = "planning_network_links"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    branch: Mapped[str] = mapped_column(String(32), primary_key=True)
    primary: Mapped[str] = mapped_column(String(16))
    backup: Mapped[str] = mapped_column(String(16))
    provider: Mapped[str] = mapped_column(String(64))
    primary_commitment: Mapped[str] = mapped_column(String(16))
    backup_commitment: Mapped[str] = mapped_column(String(16))
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class NetworkSecurityRow(Base):
    """Who is responsible for the network security of a governorate (a county)."""

    __tablename__ = "planning_network_security"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    governorate: Mapped[str] = mapped_column(String(32), primary_key=True)
    responsible: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(200), default="")


class DeviceRow(Base):
    """One device by serial: its county's inventory, status, branch and current holder."""

    __tablename__ = "planning_devices"

    serial: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    county: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16))
    holder: Mapped[str] = mapped_column(String(128))
    election_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    branch: Mapped[str | None] = mapped_column(String(32), nullable=True)
    seal: Mapped[str | None] = mapped_column(String(64), nullable=True)
    test_result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CustodyMoveRow(Base):
    """One link of a device's chain of custody: a handover signed by both parties, a transfer
    between branches on the day, or a change of status (test, seal, deploy, return)."""

    __tablename__ = "planning_custody_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    serial: Mapped[str] = mapped_column(ForeignKey("planning_devices.serial"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    from_holder: Mapped[str] = mapped_column(String(128))
    to_holder: Mapped[str] = mapped_column(String(128))
    from_place: Mapped[str | None] = mapped_column(String(32), nullable=True)
    to_place: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    giver_signature: Mapped[str | None] = mapped_column(String(256), nullable=True)
    receiver_signature: Mapped[str | None] = mapped_column(String(256), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(128))


class RosterRow(Base):
    """One person rostered at one branch for polling day."""

    __tablename__ = "planning_roster"
    __table_args__ = (UniqueConstraint("election_id", "day", "national_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    national_code: Mapped[str] = mapped_column(String(10))
    branch: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(String(200))
    conflict: Mapped[str] = mapped_column(Text, default="")
    """A declared conflict of interest (e.g. relative of a candidate); empty when none."""
    impartiality_signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CourseRow(Base):
    """One training course session, held in a county at a stage, by a trainer."""

    __tablename__ = "planning_courses"
    __table_args__ = (UniqueConstraint("election_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16))
    county: Mapped[str] = mapped_column(String(32), index=True)
    stage: Mapped[int] = mapped_column(Integer)
    trainer: Mapped[str] = mapped_column(String(200))
    trainer_experience: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AttendanceRow(Base):
    """A person's attendance of a course and their evaluation after it (1..5)."""

    __tablename__ = "planning_attendance"
    __table_args__ = (UniqueConstraint("course_id", "national_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("planning_courses.id"), index=True)
    national_code: Mapped[str] = mapped_column(String(10))
    attended: Mapped[bool] = mapped_column(Boolean)
    evaluation: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
