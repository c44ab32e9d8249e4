"""The hash-chained event log: every change of state is appended here, inside the caller's
transaction, so the event commits (or rolls back) with the change it records.

Concurrency: appenders take the chain head row (``event_log_head``, id 1) for the rest of their
transaction — ``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite a write to the head row takes
the database's single writer lock before the head is read. Two appenders therefore never read the
same head, and the chain never forks.

Every ``checkpoint_every`` entries the server signs (seq, hash) with its Ed25519 key when a signer
has been configured (``configure_checkpoints``, done by the server and the CLI at start-up).

Never log a voter next to a ballot: payloads carry counts, codes and ids of officials only.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from entekhab.crypto.chain import chain_time, checkpoint_message, entry_hash
from entekhab.crypto.hashing import canonical_json, sha256_hex
from entekhab.crypto.signing import KeyPair
from entekhab.domain.event_codes import EventSpec
from entekhab.store.tables.security import EventLogCheckpoint, EventLogEntry, EventLogHead
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "CheckpointPolicy",
    "configure_checkpoints",
    "record_event",
    "record_event_apart",
]

_HEAD_ID = 1


@dataclass(frozen=True)
class CheckpointPolicy:
    """Sign the chain every ``every`` entries with ``signer``."""

    every: int
    signer: KeyPair


_policy_lock = threading.Lock()
_policy: CheckpointPolicy | None = None


def configure_checkpoints(policy: CheckpointPolicy | None) -> None:
    """Set (or with ``None`` clear) the process-wide checkpoint policy."""
    global _policy
    if policy is not None and policy.every < 1:
        raise ValueError("checkpoint interval must be at least 1")
    with _policy_lock:
        _policy = policy


def _lock_head(session: Session) -> tuple[int, str]:
    if session.get_bind().dialect.name == "sqlite":
        # Take SQLite's writer lock before reading, so no other writer slips in between.
        session.execute(
            update(EventLogHead).where(EventLogHead.id == _HEAD_ID).values(seq=EventLogHead.seq)
        )
        stmt = select(EventLogHead.seq, EventLogHead.hash).where(EventLogHead.id == _HEAD_ID)
    else:
        stmt = (
            select(EventLogHead.seq, EventLogHead.hash)
            .where(EventLogHead.id == _HEAD_ID)
            .with_for_update()
        )
    seq, head_hash = session.execute(stmt).one()
    return int(seq), str(head_hash)


def record_event(
    session: Session,
    spec: EventSpec,
    *,
    actor: str,
    payload: Mapping[str, Any],
    clock: Callable[[], datetime] | None = None,
) -> None:
    """Append one event to the chain inside ``session``'s transaction (the caller commits)."""
    payload_text = canonical_json(dict(payload)).decode("utf-8")
    payload_digest = sha256_hex(payload_text.encode("utf-8"))
    recorded_at = chain_time((clock or _utc_now)())
    prev_seq, prev_hash = _lock_head(session)
    seq = prev_seq + 1
    actor_text = unicodedata.normalize("NFC", actor)  # stored exactly as hashed
    new_hash = entry_hash(seq, recorded_at, actor_text, spec.code, payload_digest, prev_hash)
    session.add(
        EventLogEntry(
            seq=seq,
            recorded_at=recorded_at,
            actor=actor_text,
            code=spec.code,
            payload=payload_text,
            payload_digest=payload_digest,
            prev_hash=prev_hash,
            hash=new_hash,
        )
    )
    session.execute(
        update(EventLogHead).where(EventLogHead.id == _HEAD_ID).values(seq=seq, hash=new_hash)
    )
    policy = _policy
    if policy is not None and seq % policy.every == 0:
        session.add(
            EventLogCheckpoint(
                seq=seq,
                hash=new_hash,
                key_id=policy.signer.key_id,
                public_key=policy.signer.public_hex,
                signature=policy.signer.sign(checkpoint_message(seq, new_hash)),
                signed_at=recorded_at,
            )
        )
    session.flush()


def record_event_apart(
    uow_factory: UnitOfWorkFactory,
    spec: EventSpec,
    *,
    actor: str,
    payload: Mapping[str, Any],
) -> None:
    """Record an event in a transaction of its own and commit it.

    For refusals: the refused change is rolled back, but the attempt itself stays in the log.
    """
    with uow_factory() as uow:
        record_event(uow.session, spec, actor=actor, payload=payload)
        uow.commit()


def _utc_now() -> datetime:
    return datetime.now(UTC)
