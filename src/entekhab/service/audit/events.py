"""The hash-chained event log: every change of state is appended here, inside the caller's
transaction, so the event commits (or rolls back) with the change it records.

Two ways an entry gets its place in the chain:

- **Chained by its appender** (SQLite, the CLI, tests): the appender takes the chain head row
  (``event_log_head``, id 1) for the rest of its transaction — ``SELECT ... FOR UPDATE`` on
  PostgreSQL; on SQLite a write to the head row takes the database's single writer lock before
  the head is read — so two appenders never read the same head. The lock is held until commit,
  so such appenders run one at a time (SQLite runs one writer at a time anyway).
- **Sealed later** (a PostgreSQL database with a sealer running in this process, i.e. the
  server: ``service.audit.sealer``): the appender only inserts the entry, unsealed, and takes no
  lock, so concurrent requests commit side by side; the sealer chains committed entries in
  batches a moment later, under the same head lock. Both ways can write to one database at once.

Every ``checkpoint_every`` entries (and, when sealing, at the end of a batch if the last signed
checkpoint is older than ``seconds``) the server signs (seq, hash) with its Ed25519 key when a
signer has been configured (``configure_checkpoints``, done by the server and the CLI at
start-up).

Never log a voter next to a ballot: payloads carry counts, codes and ids of officials only.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Engine, Table, insert, select, update
from sqlalchemy.orm import Session

from entekhab.crypto.chain import chain_time, checkpoint_message, entry_hash
from entekhab.crypto.hashing import canonical_json, sha256_hex
from entekhab.crypto.signing import KeyPair
from entekhab.domain.event_codes import EventSpec
from entekhab.store.tables.security import EventLogCheckpoint, EventLogEntry, EventLogHead
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "CheckpointPolicy",
    "checkpoint_policy",
    "configure_checkpoints",
    "defer_sealing",
    "lock_head",
    "move_head",
    "record_event",
    "record_event_apart",
    "sign_checkpoint",
]

_HEAD_ID = 1
_UNSEALED = insert(cast(Table, EventLogEntry.__table__))


@dataclass(frozen=True)
class CheckpointPolicy:
    """Sign the chain every ``every`` entries with ``signer``; a sealer also signs the end of a
    batch when its last checkpoint is older than ``seconds``."""

    every: int
    signer: KeyPair
    seconds: float = 5.0


_policy_lock = threading.Lock()
_policy: CheckpointPolicy | None = None


def configure_checkpoints(policy: CheckpointPolicy | None) -> None:
    """Set (or with ``None`` clear) the process-wide checkpoint policy."""
    global _policy
    if policy is not None and policy.every < 1:
        raise ValueError("checkpoint interval must be at least 1")
    with _policy_lock:
        _policy = policy


def checkpoint_policy() -> CheckpointPolicy | None:
    """The process-wide checkpoint policy, if one is set."""
    return _policy


_deferred_lock = threading.Lock()
_deferred: set[Engine] = set()


def defer_sealing(engine: Engine, deferred: bool) -> None:
    """Let (or stop letting) appenders on ``engine`` leave their entries to a sealer.

    Only a running sealer calls this (``service.audit.sealer``): an entry left unsealed with no
    sealer would wait for the next one to start."""
    if deferred and engine.dialect.name != "postgresql":
        raise ValueError("entries are sealed later only on PostgreSQL")
    with _deferred_lock:
        if deferred:
            _deferred.add(engine)
        else:
            _deferred.discard(engine)


def lock_head(session: Session, *, skip_locked: bool = False) -> tuple[int, str] | None:
    """Take the chain head for the rest of ``session``'s transaction: (seq, hash) of the last
    chained entry. With ``skip_locked`` (PostgreSQL), None at once if someone else holds it."""
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
            .with_for_update(skip_locked=skip_locked)
        )
    row = session.execute(stmt).first()
    if row is None:
        return None
    return int(row[0]), str(row[1])


def move_head(session: Session, seq: int, head_hash: str) -> None:
    """Point the chain head at entry ``seq`` (the caller holds the head: ``lock_head``)."""
    session.execute(
        update(EventLogHead).where(EventLogHead.id == _HEAD_ID).values(seq=seq, hash=head_hash)
    )


def sign_checkpoint(
    session: Session, policy: CheckpointPolicy, seq: int, chain_hash: str, signed_at: str
) -> None:
    """Add the server's signed checkpoint of the chain at ``seq``."""
    session.add(
        EventLogCheckpoint(
            seq=seq,
            hash=chain_hash,
            key_id=policy.signer.key_id,
            public_key=policy.signer.public_hex,
            signature=policy.signer.sign(checkpoint_message(seq, chain_hash)),
            signed_at=signed_at,
        )
    )


def record_event(
    session: Session,
    spec: EventSpec,
    *,
    actor: str,
    payload: Mapping[str, Any],
    clock: Callable[[], datetime] | None = None,
) -> None:
    """Append one event inside ``session``'s transaction (the caller commits): chained at once,
    or left for the sealer when one runs for this database (see the module's docstring)."""
    payload_text = canonical_json(dict(payload)).decode("utf-8")
    payload_digest = sha256_hex(payload_text.encode("utf-8"))
    recorded_at = chain_time((clock or _utc_now)())
    actor_text = unicodedata.normalize("NFC", actor)  # stored exactly as hashed
    if _deferred and session.get_bind() in _deferred:
        # A plain INSERT (no ORM object, no RETURNING): the whole append is one statement.
        session.execute(
            _UNSEALED,
            {
                "recorded_at": recorded_at,
                "actor": actor_text,
                "code": spec.code,
                "payload": payload_text,
                "payload_digest": payload_digest,
            },
        )
        return
    head = lock_head(session)
    assert head is not None  # only a skip_locked take comes back empty
    prev_seq, prev_hash = head
    seq = prev_seq + 1
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
    move_head(session, seq, new_hash)
    policy = _policy
    if policy is not None and seq % policy.every == 0:
        sign_checkpoint(session, policy, seq, new_hash, recorded_at)
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
