"""Tables of the foundation: loaded election definitions and the civil-registry extract."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from entekhab.store.base import Base
from entekhab.store.types import UtcDateTime

__all__ = ["Citizen", "DefinitionVersionRow", "ElectionRow"]


class ElectionRow(Base):
    """A loaded election definition (the document itself, with its SHA-256)."""

    __tablename__ = "elections"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    definition_hash: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Citizen(Base):
    """One person of the civil-registry extract (ثبت احوال)."""

    __tablename__ = "citizens"

    national_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    birth_date: Mapped[date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(1))  # 'f' or 'm'
    residence_division: Mapped[str] = mapped_column(String(32), index=True)
    residence_since: Mapped[date] = mapped_column(Date)


class DefinitionVersionRow(Base):
    """Every version an election's definition has had; ``elections`` holds the current one."""

    __tablename__ = "definition_versions"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    definition_hash: Mapped[str] = mapped_column(String(64))
    previous_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(300))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
