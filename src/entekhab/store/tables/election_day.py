"""Tables of the election-day area: stations, branch sessions, participation, ballot records,
idempotency keys, nonces and incidents.

Ballot secrecy is a property of these shapes and of *when* rows arrive (docs/ballot-secrecy.md):
- ``participations`` says who voted, where and in which hour — nothing of a ballot;
- ``ballot_records`` has a random 128-bit primary key and no column finer than the hour, and no
  insertion-order column. No ballot reaches headquarters during the day: a branch's records
  arrive once, at closing, all in one transaction (one ``xmin``) and in ballot-id order, so
  neither the heap order (``ctid``) nor the writing transaction says anything about cast order.
  On SQLite the table is ``WITHOUT ROWID`` (rows live in primary-key order).
- there is no per-voter ballot token (there was one until migration 0010).
- ``station_nonces.seen_at`` is floored to the hour: a nonce is written with the check-in it
  authenticates, and a finer time there would date the voter's participation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from entekhab.store.base import Base
from entekhab.store.types import UtcDateTime

__all__ = [
    "BallotRecordRow",
    "BranchSession",
    "IdempotencyRow",
    "IncidentResolution",
    "IncidentRow",
    "Participation",
    "Station",
    "StationNonce",
]

_NO_ROWID = {"sqlite_with_rowid": False}


class Station(Base):
    """A branch station's enrolled Ed25519 public key."""

    __tablename__ = "stations"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_key_hex: Mapped[str] = mapped_column(String(64), unique=True)
    election_id: Mapped[str] = mapped_column(String(64))
    branch: Mapped[str] = mapped_column(String(32))
    enrolled_by: Mapped[str] = mapped_column(String(200))
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class BranchSession(Base):
    """A branch's polling day: opened, then closed (once)."""

    __tablename__ = "branch_sessions"

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    branch: Mapped[str] = mapped_column(String(32), primary_key=True)
    definition_hash: Mapped[str] = mapped_column(String(64))
    opened_by: Mapped[str] = mapped_column(String(200))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Participation(Base):
    """That a person took part in an election (one row per person per election: the primary key
    is the unique key that decides races). Branch and hour only — never a token."""

    __tablename__ = "participations"
    __table_args__ = _NO_ROWID

    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    national_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    branch: Mapped[str] = mapped_column(String(32))
    hour: Mapped[str] = mapped_column(String(13), index=True)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    provisional_ref: Mapped[str | None] = mapped_column(String(32), nullable=True)


class BallotRecordRow(Base):
    """A stored ballot record (``domain.ballot.BallotRecord``) under its random ballot id."""

    __tablename__ = "ballot_records"
    __table_args__ = _NO_ROWID

    ballot_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64))
    branch: Mapped[str] = mapped_column(String(32), index=True)
    hour: Mapped[str] = mapped_column(String(13))
    ballot_style: Mapped[str] = mapped_column(String(32))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    """Held apart for the board (a provisional ballot of someone who voted elsewhere)."""
    held_incident_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class IdempotencyRow(Base):
    """A station request's stored response, so a retry returns it and does nothing twice.

    Keyed by SHA-256(station key id, idempotency key); request MAC and response are keyed by the
    idempotency key itself, which only the station holds (docs/station-api.md, section 3)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = _NO_ROWID

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_key_id: Mapped[str] = mapped_column(String(32), index=True)
    request_mac: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    sealed_response: Mapped[str] = mapped_column(Text)


class StationNonce(Base):
    """A nonce seen from a station (replay protection); older than the window it can go.

    ``seen_at`` is the hour it was seen (floored), never finer (see the module docstring)."""

    __tablename__ = "station_nonces"

    station_key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class IncidentRow(Base):
    """Something the board must know: a second check-in attempt, an identity override, a
    provisional duplicate (with both records), a count mismatch at closing ..."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(64), index=True)
    branch: Mapped[str | None] = mapped_column(String(32), nullable=True)
    kind: Mapped[str] = mapped_column(String(64))
    hour: Mapped[str] = mapped_column(String(13))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class IncidentResolution(Base):
    """How an official dealt with an incident: who, in which role, why, and when. One per
    incident (the primary key): a second resolution is refused by the database, not by a read.
    Kept apart from ``incidents`` so that the incident as reported is never rewritten."""

    __tablename__ = "incident_resolutions"

    incident_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    election_id: Mapped[str] = mapped_column(String(64), index=True)
    resolved_by: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime] = mapped_column(UtcDateTime())
