"""Tables of the security area: the hash-chained event log, accounts and sessions, and
confidential records (sealed with libsodium's secretbox; the server stores no plaintext).

The event log is append-only in spirit; ``entekhab audit verify`` proves it was not edited.
``event_log_head`` holds one row (id 1): the last sequence number and hash. Whoever extends the
chain (an appender that chains its own entry, or the sealer chaining a batch) locks that row for
the rest of its transaction, so the chain never forks.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from entekhab.store.base import Base
from entekhab.store.types import UtcDateTime

__all__ = [
    "ConfidentialRecordRow",
    "EventLogCheckpoint",
    "EventLogEntry",
    "EventLogHead",
    "GrantProposalRow",
    "UserRow",
    "UserSessionRow",
]


class EventLogEntry(Base):
    """One event: what happened (``code``), who did it, when, and the chain links.

    A row is *sealed* when it has its place in the chain (``seq``, ``prev_hash``, ``hash``).
    On PostgreSQL a busy server's appenders write rows unsealed (those three empty) and the
    sealer (``service.audit.sealer``) gives them their place in batches; ``id`` only names a row
    until then, its order means nothing (sequence numbers are not handed out in commit order).
    """

    __tablename__ = "event_log"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    """Place in the chain: 1, 2, 3 … with no gaps; empty until sealed."""
    recorded_at: Mapped[str] = mapped_column(String(32))
    """UTC time as ISO 8601 text (``...Z``), exactly the bytes that were hashed."""
    actor: Mapped[str] = mapped_column(String(128))
    code: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[str] = mapped_column(Text)
    """Canonical JSON of the payload, exactly the bytes whose digest is ``payload_digest``."""
    payload_digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class EventLogHead(Base):
    """The chain head (single row, id 1); whoever extends the chain locks it."""

    __tablename__ = "event_log_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class EventLogCheckpoint(Base):
    """A signed anchor: the server's Ed25519 signature over (seq, hash) every N entries."""

    __tablename__ = "event_log_checkpoints"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(32))
    public_key: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
    signed_at: Mapped[str] = mapped_column(String(32))


class UserRow(Base):
    """A person who signs in: role and jurisdiction decide what they see and do."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    jurisdiction: Mapped[str] = mapped_column(String(32))
    """``country`` or a province, county, district or branch code."""
    national_code: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    """The person behind the account (کد ملی): one person may not hold roles whose duties must
    stay separate (domain/grants.py). None only for accounts made before it was kept."""
    password_hash: Mapped[str] = mapped_column(String(256))
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    """The TOTP time step last accepted: a code is good once (RFC 6238, section 5.2)."""
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class GrantProposalRow(Base):
    """An account of a two-admin role (a board, vetting, headquarters) proposed by one
    headquarters admin and waiting for another to approve or reject it. The initial password is
    kept only as its argon2id hash; the account is made on approval."""

    __tablename__ = "grant_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    jurisdiction: Mapped[str] = mapped_column(String(32))
    national_code: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(256))
    proposed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(16), index=True)
    """``pending``, ``approved`` or ``rejected``."""
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(500), nullable=True)


class UserSessionRow(Base):
    """A signed-in session; only the SHA-256 of the bearer token is stored."""

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class ConfidentialRecordRow(Base):
    """A vetting inquiry or answer, or an incident report about a person (سند محرمانه).

    Only metadata is in the clear: what kind of record, where it belongs (its jurisdiction), who
    filed it and when. The subject and text are in ``sealed``: XSalsa20-Poly1305 (secretbox) under
    the key ``key_id`` of the key provider, over a JSON envelope that repeats the metadata, so a
    sealed value moved to another row does not open as that row.
    """

    __tablename__ = "confidential_records"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    jurisdiction: Mapped[str] = mapped_column(String(32), index=True)
    election_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reply_to: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    key_id: Mapped[str] = mapped_column(String(32))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
