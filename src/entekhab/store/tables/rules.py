"""Tables of decisions that bend or seal the election's rules: extensions of polling hours,
branches the executive board records as not counted, and headquarters' signature of each
definition package.

Each row is a decision with who, when and why; none holds a voter or a ballot.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from entekhab.store.base import Base
from entekhab.store.types import UtcDateTime

__all__ = ["BranchNotCounted", "DefinitionSignature", "PollingExtension"]


class PollingExtension(Base):
    """An extension of polling hours (تمدید زمان رای‌گیری), election-wide: the new closing
    instant, decided with a reason. The latest closing counts; none may shorten the day."""

    __tablename__ = "polling_extensions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64), index=True)
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BranchNotCounted(Base):
    """A branch of a contest the executive board records as not counted, with the reason, so
    that the contest may be approved without its bulletin; the result and its sheet say so."""

    __tablename__ = "branches_not_counted"
    __table_args__ = (UniqueConstraint("election_id", "contest", "branch"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64))
    contest: Mapped[str] = mapped_column(String(32))
    branch: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DefinitionSignature(Base):
    """Headquarters' Ed25519 signature of a definition package's SHA-256, made with the server
    key when the definition is loaded; stations verify it before they open."""

    __tablename__ = "definition_signatures"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    definition_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32))
    public_key: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime())
