"""The sealer: gives committed, unsealed event-log entries their place in the chain.

Why: when every appender chains its own entry it holds the chain head until its transaction has
committed (fsync included), so a busy server's requests queue on that one row. Instead, while a
sealer runs for a PostgreSQL database, appenders only insert their entry (no chain fields, no
lock) and commit side by side; the sealer, every ``interval`` seconds, takes the head, chains
every committed unsealed entry in the order it reads them (by row id — any order is sound, since
the chain's order is the order the sealer gives: a transaction that commits late simply gets a
later place, and no entry can be missed because only committed rows are read and each is taken
once, under the head lock), moves the head, signs a checkpoint, and commits.

One sealer at a time per database: each takes the head with ``FOR UPDATE SKIP LOCKED`` and skips
its turn when another sealer (another server process) or an appender that chains its own entry
(a CLI command) holds it. Every server process runs one (``api.app``'s lifespan); on shutdown it
seals what is left. Entries left unsealed by a server that was killed are sealed by the next
sealer to start, and by ``entekhab audit verify`` before it walks the chain.

The window: until it is sealed (normally under ``interval``) an entry is protected only by its
payload digest; an intruder with write access to the database could delete it, or rewrite it
together with its digest, unnoticed. ``audit verify`` reports unsealed entries apart, flags an
unsealed entry whose payload does not match its digest, and one left unsealed for longer than
it allows (``stale_after``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Engine, Table, bindparam, select, update
from sqlalchemy.orm import Session

from entekhab.crypto.chain import chain_time, entry_hash
from entekhab.service.audit.events import (
    CheckpointPolicy,
    checkpoint_policy,
    defer_sealing,
    lock_head,
    move_head,
    sign_checkpoint,
)
from entekhab.store.tables.security import EventLogCheckpoint, EventLogEntry

__all__ = ["Sealer", "seal_pending", "sealing"]

_LIMIT = 10_000
"""Entries chained in one transaction at most (a backlog is sealed in several)."""

_log = logging.getLogger(__name__)
_table = cast(Table, EventLogEntry.__table__)


def seal_pending(
    engine: Engine,
    *,
    wait: bool = False,
    limit: int = _LIMIT,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Chain up to ``limit`` committed unsealed entries in one transaction; how many it sealed.

    With ``wait`` it waits for the head (and seals everything, batch after batch); without, it
    returns 0 at once when someone else holds the head."""
    sealed = 0
    while True:
        count = _seal_batch(engine, wait=wait, limit=limit, clock=clock or _utc_now)
        sealed += count
        if not wait or count < limit:
            return sealed


def _seal_batch(engine: Engine, *, wait: bool, limit: int, clock: Callable[[], datetime]) -> int:
    with Session(engine) as session:
        unsealed = select(EventLogEntry.id).where(EventLogEntry.seq.is_(None)).limit(1)
        if session.execute(unsealed).first() is None:  # no lock taken when idle
            return 0
        head = lock_head(session, skip_locked=not wait)
        if head is None:
            return 0
        rows = session.execute(
            select(
                EventLogEntry.id,
                EventLogEntry.recorded_at,
                EventLogEntry.actor,
                EventLogEntry.code,
                EventLogEntry.payload_digest,
            )
            .where(EventLogEntry.seq.is_(None))
            .order_by(EventLogEntry.id)
            .limit(limit)
        ).all()
        if not rows:
            return 0
        policy = checkpoint_policy()
        seq, prev = head
        links: list[dict[str, object]] = []
        signed = False
        for row_id, at, actor, code, digest in rows:
            seq += 1
            chained = entry_hash(seq, at, actor, code, digest, prev)
            links.append({"row": row_id, "s": seq, "p": prev, "h": chained})
            if policy is not None and seq % policy.every == 0:
                sign_checkpoint(session, policy, seq, chained, chain_time(clock()))
                signed = True
            prev = chained
        session.connection().execute(
            update(_table)
            .where(_table.c.id == bindparam("row"))
            .values(seq=bindparam("s"), prev_hash=bindparam("p"), hash=bindparam("h")),
            links,
        )
        move_head(session, seq, prev)
        if policy is not None and not signed and _checkpoint_due(session, policy, clock()):
            sign_checkpoint(session, policy, seq, prev, chain_time(clock()))
        session.commit()
        return len(rows)


def _checkpoint_due(session: Session, policy: CheckpointPolicy, now: datetime) -> bool:
    """Whether the last signed checkpoint is older than ``policy.seconds``."""
    last = session.execute(
        select(EventLogCheckpoint.signed_at).order_by(EventLogCheckpoint.seq.desc()).limit(1)
    ).scalar()
    if last is None:
        return True
    signed_at = datetime.strptime(last, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return now - signed_at >= timedelta(seconds=policy.seconds)


class Sealer:
    """A thread that seals a database's pending entries every ``interval`` seconds, while
    appenders on ``engine`` leave their entries to it."""

    def __init__(self, engine: Engine, interval: float = 0.1) -> None:
        self.engine = engine
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="event-log-sealer", daemon=True)

    def start(self) -> Sealer:
        seal_pending(self.engine, wait=True)  # what a killed server left
        defer_sealing(self.engine, True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop leaving entries to the sealer, then seal what is left."""
        defer_sealing(self.engine, False)
        self._stop.set()
        self._thread.join()
        seal_pending(self.engine, wait=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                seal_pending(self.engine)
            except Exception:  # a dropped connection: the next turn seals it
                _log.exception("sealing the event log failed; retrying")


@contextmanager
def sealing(engine: Engine, interval: float = 0.1) -> Iterator[Sealer]:
    """Run a sealer for ``engine`` (PostgreSQL) for the duration of the block."""
    sealer = Sealer(engine, interval).start()
    try:
        yield sealer
    finally:
        sealer.stop()


def _utc_now() -> datetime:
    return datetime.now(UTC)
