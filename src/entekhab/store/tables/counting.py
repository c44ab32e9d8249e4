"""Tables of the counting area: bulletins (accepted and rejected), branch head keys, running
totals per rollup level, and the certification state of each contest's result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from entekhab.store.base import Base
from entekhab.store.types import UtcDateTime

__all__ = [
    "BranchHeadKey",
    "BulletinRow",
    "CertificationStep",
    "ContestResultRow",
    "CurrentBulletin",
    "RejectedBulletin",
    "ResultTotal",
]


class BranchHeadKey(Base):
    """The Ed25519 public key of a branch head (رئیس شعبه), who countersigns the bulletin."""

    __tablename__ = "branch_head_keys"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    election_id: Mapped[str] = mapped_column(String(64))
    branch: Mapped[str] = mapped_column(String(32), index=True)
    enrolled_by: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class BulletinRow(Base):
    """An accepted signed bulletin, kept forever (a superseded one too, with its successor)."""

    __tablename__ = "bulletins"
    __table_args__ = (Index("ix_bulletins_election_contest", "election_id", "contest"),)

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64))
    contest: Mapped[str] = mapped_column(String(32))
    branch: Mapped[str] = mapped_column(String(32))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    supersedes: Mapped[str | None] = mapped_column(String(64), nullable=True)
    correction_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    superseded_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    received_by: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CurrentBulletin(Base):
    """Which bulletin counts for a branch and contest; the primary key makes a second first
    bulletin fail in the database, and a correction swaps the digest only if it still matches."""

    __tablename__ = "current_bulletins"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contest: Mapped[str] = mapped_column(String(32), primary_key=True)
    branch: Mapped[str] = mapped_column(String(32), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))


class RejectedBulletin(Base):
    """A bulletin refused on receipt, with the code of the rule it broke (counts nothing)."""

    __tablename__ = "rejected_bulletins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    contest: Mapped[str | None] = mapped_column(String(32), nullable=True)
    branch: Mapped[str | None] = mapped_column(String(32), nullable=True)
    digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    code: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_by: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ResultTotal(Base):
    """One running total: a contest's votes for a candidate or list, or a count such as ballots
    cast, at one area of one rollup level (branch, each division above it, the contest)."""

    __tablename__ = "result_totals"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contest: Mapped[str] = mapped_column(String(32), primary_key=True)
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    area: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class ContestResultRow(Base):
    """The certification state of one contest's result and, once approved, its allocation."""

    __tablename__ = "contest_results"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contest: Mapped[str] = mapped_column(String(32), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    bulletins_root: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ceremony_nonce: Mapped[str | None] = mapped_column(String(128), nullable=True)
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CertificationStep(Base):
    """One step of certification (or a return to unofficial), by whom, when and why."""

    __tablename__ = "certification_steps"
    __table_args__ = (Index("ix_certification_steps_contest", "election_id", "contest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64))
    contest: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
