"""Tables of the candidate side: registrations, qualification steps, parties and their meetings
with headquarters, list-PR lists, vetting inquiries, ballot-code draws, published lists,
and representatives at branches.

A vetting inquiry row holds only metadata (body, dates, the ids of the sealed records); what
was asked and what was answered lives sealed in ``confidential_records``. A candidate's photo and
resignation evidence are kept as bytes with their SHA-256, so a published digest can be checked
against what the office received.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from entekhab.store.base import Base
from entekhab.store.types import UtcDateTime

__all__ = [
    "BallotDrawRow",
    "CandidateListRow",
    "CandidateRow",
    "PartyMeetingRow",
    "PartyRow",
    "PublishedListRow",
    "QualificationStepRow",
    "RepresentativeRow",
    "VettingInquiryRow",
]


class CandidateRow(Base):
    """One registration (ثبت‌نام داوطلب) in one contest; a person registers once per election."""

    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("election_id", "national_code"),
        UniqueConstraint("election_id", "registration"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64), index=True)
    contest: Mapped[str] = mapped_column(String(32))
    registration: Mapped[str] = mapped_column(String(16))
    """The public registration number, e.g. ``R00042`` (the ballot-code draw orders these)."""
    national_code: Mapped[str] = mapped_column(String(10))
    given_name_fa: Mapped[str] = mapped_column(String(100))
    family_name_fa: Mapped[str] = mapped_column(String(100))
    given_name_en: Mapped[str] = mapped_column(String(100))
    family_name_en: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    education: Mapped[str] = mapped_column(String(16))
    isargar: Mapped[bool] = mapped_column(Boolean)
    residence_division: Mapped[str] = mapped_column(String(32))
    occupation: Mapped[str] = mapped_column(String(100))
    photo: Mapped[bytes] = mapped_column(LargeBinary)
    photo_sha256: Mapped[str] = mapped_column(String(64))
    held_post: Mapped[str | None] = mapped_column(String(32), nullable=True)
    resigned_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    resignation_evidence: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    resignation_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    registered_via: Mapped[str] = mapped_column(String(16))  # 'officer' or 'in_person'
    registered_by: Mapped[str] = mapped_column(String(128))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(32))
    ground: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """The legal ground cited by the decision in force against the candidate, if any."""
    appeal_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    list_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    list_position: Mapped[int | None] = mapped_column(Integer, nullable=True)
    consented_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    ballot_code: Mapped[str | None] = mapped_column(String(16), nullable=True)


class QualificationStepRow(Base):
    """One step of qualification (decision, review, appeal, withdrawal): who, when, what."""

    __tablename__ = "qualification_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    step: Mapped[str] = mapped_column(String(32))
    qualified: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    ground: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status_after: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class PartyRow(Base):
    """A party or political group (حزب / گروه سیاسی) registered with headquarters."""

    __tablename__ = "parties"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_fa: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    registered_by: Mapped[str] = mapped_column(String(128))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PartyMeetingRow(Base):
    """A meeting between a party and the headquarters (جلسه با ستاد), as minuted."""

    __tablename__ = "party_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    party_code: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    held_at: Mapped[datetime] = mapped_column(UtcDateTime())
    subject: Mapped[str] = mapped_column(String(300))
    minutes: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CandidateListRow(Base):
    """A list-PR list (فهرست) of a contest; its members are candidate rows with its code."""

    __tablename__ = "candidate_lists"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contest: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_fa: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    party_code: Mapped[str | None] = mapped_column(ForeignKey("parties.code"), nullable=True)
    registered_by: Mapped[str] = mapped_column(String(128))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())


class VettingInquiryRow(Base):
    """An inquiry (استعلام) about one candidate to one body: metadata only, content sealed."""

    __tablename__ = "vetting_inquiries"
    __table_args__ = (UniqueConstraint("candidate_id", "body"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    body: Mapped[str] = mapped_column(String(32))
    jurisdiction: Mapped[str] = mapped_column(String(32))
    inquiry_record: Mapped[str] = mapped_column(String(32))
    answer_record: Mapped[str | None] = mapped_column(String(32), nullable=True)
    sent_by: Mapped[str] = mapped_column(String(128))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    deadline: Mapped[datetime] = mapped_column(UtcDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class BallotDrawRow(Base):
    """A contest's ballot-code draw: the published inputs and outcome."""

    __tablename__ = "ballot_code_draws"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contest: Mapped[str] = mapped_column(String(32), primary_key=True)
    ceremony_nonce: Mapped[str] = mapped_column(String(128))
    seed: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    drawn_by: Mapped[str] = mapped_column(String(128))
    drawn_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PublishedListRow(Base):
    """The official candidate list of a contest, once final (فهرست رسمی نامزدها)."""

    __tablename__ = "published_candidate_lists"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contest: Mapped[str] = mapped_column(String(32), primary_key=True)
    definition_hash: Mapped[str] = mapped_column(String(64))
    """The definition version the list was merged into."""
    published_by: Mapped[str] = mapped_column(String(128))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RepresentativeRow(Base):
    """A representative (نماینده) a candidate or list accredits to watch one branch."""

    __tablename__ = "representatives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64), index=True)
    branch: Mapped[str] = mapped_column(String(32))
    for_candidate: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"), nullable=True)
    for_list: Mapped[str | None] = mapped_column(String(16), nullable=True)
    contest: Mapped[str] = mapped_column(String(32))
    national_code: Mapped[str] = mapped_column(String(10))
    full_name: Mapped[str] = mapped_column(String(200))
    account: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """The observer account (role ``observer``) that may read the branch's public records."""
    accredited_by: Mapped[str] = mapped_column(String(128))
    accredited_at: Mapped[datetime] = mapped_column(UtcDateTime())
