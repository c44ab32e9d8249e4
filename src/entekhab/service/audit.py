"""``audit verify``: recompute the event log's hash chain and check its signed checkpoints.

Reads the log in sequence order with a streaming (server-side on PostgreSQL) cursor, so a chain
of millions of entries is checked in constant memory. Detects:

- an edited entry (its payload digest or its hash no longer match its contents),
- a deleted entry (a gap in the sequence, and the next entry's previous hash points nowhere),
- an inserted or reordered entry (previous-hash links break),
- a truncated or extended tail (the head row or a signed checkpoint no longer matches),
- a forged checkpoint (bad signature, or signed by a key other than the server's).

An attacker who can rewrite the database *and* knows the chain rules could rebuild the unsigned
tail after the last checkpoint; publishing checkpoints (``audit export``) and keeping the
server key off the database host close that gap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select

from entekhab.crypto.chain import GENESIS_HASH, checkpoint_message, entry_hash_fast
from entekhab.crypto.signing import verify
from entekhab.store.tables.security import EventLogCheckpoint, EventLogEntry, EventLogHead

__all__ = ["ChainProblem", "ChainReport", "iter_event_rows", "verify_chain"]

_BATCH = 20_000
_MAX_PROBLEMS = 1000
_COLUMNS = "seq, recorded_at, actor, code, payload, payload_digest, prev_hash, hash"
EventRow = tuple[int, str, str, str, str, str, str, str]


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str
    detail: str


@dataclass
class ChainReport:
    entries: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    checkpoints: int = 0
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, seq: int, kind: str, detail: str) -> None:
        if len(self.problems) < _MAX_PROBLEMS:
            self.problems.append(ChainProblem(seq, kind, detail))

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "last_seq": self.last_seq,
            "last_hash": self.last_hash,
            "checkpoints": self.checkpoints,
            "problems": [vars(p) for p in self.problems],
        }


def iter_event_rows(engine: Engine, batch: int = _BATCH) -> Iterator[EventRow]:
    """Every log entry in sequence order, streamed from the database in batches."""
    raw: Any = engine.raw_connection()
    try:
        driver = raw.driver_connection
        if engine.dialect.name == "postgresql":
            cur = driver.cursor(name="entekhab_audit_verify")  # server-side cursor
            cur.itersize = batch
        else:
            cur = driver.cursor()
        cur.execute(f"SELECT {_COLUMNS} FROM event_log ORDER BY seq")
        while rows := cur.fetchmany(batch):
            yield from rows
        cur.close()
    finally:
        raw.rollback()
        raw.close()


def _check_entries(engine: Engine, report: ChainReport) -> None:
    """Walk the chain once, checking every entry and every link."""
    prev_seq, prev_hash = 0, GENESIS_HASH
    sha = hashlib.sha256
    for seq, recorded_at, actor, code, payload, payload_digest, prev, stored in iter_event_rows(
        engine
    ):
        report.entries += 1
        if seq != prev_seq + 1:
            kind = "gap" if seq > prev_seq + 1 else "order"
            report.add(seq, kind, f"sequence jumps from {prev_seq} to {seq}")
        if sha(payload.encode("utf-8")).hexdigest() != payload_digest:
            report.add(seq, "payload_edited", "payload does not match its digest")
        if prev != prev_hash:
            report.add(seq, "broken_link", "previous hash does not match the entry before")
        if entry_hash_fast(seq, recorded_at, actor, code, payload_digest, prev) != stored:
            report.add(seq, "entry_edited", "entry hash does not match its contents")
        prev_seq, prev_hash = seq, stored
    report.last_seq, report.last_hash = prev_seq, prev_hash


def _check_head(engine: Engine, report: ChainReport) -> None:
    with engine.connect() as conn:
        head = conn.execute(select(EventLogHead.seq, EventLogHead.hash)).all()
    if len(head) != 1:
        report.add(report.last_seq, "head", f"expected one head row, found {len(head)}")
        return
    seq, head_hash = head[0]
    if (seq, head_hash) != (report.last_seq, report.last_hash):
        report.add(
            report.last_seq,
            "head",
            f"head says entry {seq} is last but the log ends at {report.last_seq}",
        )


def _check_checkpoints(engine: Engine, report: ChainReport, trusted_key: str | None) -> None:
    with engine.connect() as conn:
        checkpoints = conn.execute(
            select(
                EventLogCheckpoint.seq,
                EventLogCheckpoint.hash,
                EventLogCheckpoint.public_key,
                EventLogCheckpoint.signature,
            ).order_by(EventLogCheckpoint.seq)
        ).all()
        for seq, cp_hash, public_key, signature in checkpoints:
            report.checkpoints += 1
            if trusted_key is not None and public_key != trusted_key:
                report.add(seq, "checkpoint_key", "checkpoint signed by an unknown key")
            if not verify(public_key, checkpoint_message(seq, cp_hash), signature):
                report.add(seq, "checkpoint_signature", "checkpoint signature is not valid")
            if seq > report.last_seq:
                report.add(seq, "truncated", f"checkpoint at {seq} but the log ends earlier")
                continue
            entry = conn.execute(
                select(EventLogEntry.hash).where(EventLogEntry.seq == seq)
            ).scalar()
            if entry != cp_hash:
                report.add(seq, "checkpoint_mismatch", "entry differs from its signed checkpoint")


def verify_chain(engine: Engine, *, trusted_key: str | None = None) -> ChainReport:
    """Check the whole event log behind ``engine``; ``trusted_key`` is the server's public key."""
    report = ChainReport()
    _check_entries(engine, report)
    _check_head(engine, report)
    _check_checkpoints(engine, report, trusted_key)
    return report
