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

The walk itself (``verify_rows``) takes any source of rows, so a backup file is checked the same
way as the live database (``service.audit.backup``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, select

from entekhab.crypto.chain import GENESIS_HASH, checkpoint_message, entry_hash_fast
from entekhab.crypto.signing import verify
from entekhab.store.tables.security import EventLogCheckpoint, EventLogEntry, EventLogHead

__all__ = [
    "ChainProblem",
    "ChainReport",
    "CheckpointRow",
    "EventRow",
    "Progress",
    "count_entries",
    "iter_event_rows",
    "read_anchors",
    "verify_chain",
    "verify_rows",
]

_BATCH = 20_000
_MAX_PROBLEMS = 1000
EVENT_COLUMNS = (
    "seq",
    "recorded_at",
    "actor",
    "code",
    "payload",
    "payload_digest",
    "prev_hash",
    "hash",
)
EventRow = tuple[int, str, str, str, str, str, str, str]
CheckpointRow = tuple[int, str, str, str]
"""(seq, hash, public key, signature) of one signed checkpoint."""
Progress = Callable[[int], None]
"""Called with the number of entries checked so far, once per batch."""


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
        cur.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM event_log ORDER BY seq")
        while rows := cur.fetchmany(batch):
            yield from rows
        cur.close()
    finally:
        raw.rollback()
        raw.close()


def count_entries(engine: Engine) -> int:
    """How many entries the log holds (for a progress bar's total)."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(EventLogEntry)).scalar_one())


def read_anchors(engine: Engine) -> tuple[list[tuple[int, str]], list[CheckpointRow]]:
    """The head row(s) and every signed checkpoint, in sequence order."""
    with engine.connect() as conn:
        heads = [
            (int(s), str(h)) for s, h in conn.execute(select(EventLogHead.seq, EventLogHead.hash))
        ]
        checkpoints = [
            (int(seq), str(cp_hash), str(public_key), str(signature))
            for seq, cp_hash, public_key, signature in conn.execute(
                select(
                    EventLogCheckpoint.seq,
                    EventLogCheckpoint.hash,
                    EventLogCheckpoint.public_key,
                    EventLogCheckpoint.signature,
                ).order_by(EventLogCheckpoint.seq)
            )
        ]
    return heads, checkpoints


_PLAIN = re.compile(r"[ !#-\[\]-~]*").fullmatch
"""Printable ASCII without quote or backslash: JSON-quoting it adds just the two quotes."""


def _walk(
    rows: Iterable[EventRow], report: ChainReport, signed: dict[int, str], progress: Progress | None
) -> None:
    """Walk the chain once, checking every entry, every link and every signed position.

    The hot loop of ``audit verify``: when the payload digest and the link check out, both
    digests are known to be plain hex, so only actor, code and time need the plain-text check
    before the canonical text is built directly (``entry_hash_fast`` otherwise)."""
    prev_seq, prev_hash = 0, GENESIS_HASH
    sha = hashlib.sha256
    plain = _PLAIN
    add = report.add
    entries = 0
    for seq, at, actor, code, payload, digest, prev, stored in rows:
        entries += 1
        if seq != prev_seq + 1:
            kind = "gap" if seq > prev_seq + 1 else "order"
            add(seq, kind, f"sequence jumps from {prev_seq} to {seq}")
        linked = True
        if sha(payload.encode("utf-8")).hexdigest() != digest:
            add(seq, "payload_edited", "payload does not match its digest")
            linked = False
        if prev != prev_hash:
            add(seq, "broken_link", "previous hash does not match the entry before")
            linked = False
        if linked and plain(actor + code + at):
            text = (
                f'{{"actor":"{actor}","code":"{code}","payload_digest":"{digest}",'
                f'"prev_hash":"{prev}","recorded_at":"{at}","seq":{seq}}}'
            )
            computed = sha(text.encode("ascii")).hexdigest()
        else:
            computed = entry_hash_fast(seq, at, actor, code, digest, prev)
        if computed != stored:
            add(seq, "entry_edited", "entry hash does not match its contents")
        if seq in signed and signed.pop(seq) != stored:
            add(seq, "checkpoint_mismatch", "entry differs from its signed checkpoint")
        prev_seq, prev_hash = seq, stored
        if progress is not None and not entries % _BATCH:
            progress(entries)
    report.entries, report.last_seq, report.last_hash = entries, prev_seq, prev_hash
    if progress is not None:
        progress(entries)
    for seq in sorted(signed):
        kind = "truncated" if seq > prev_seq else "checkpoint_mismatch"
        add(seq, kind, f"signed checkpoint at {seq} has no entry in the log")


def _check_head(heads: list[tuple[int, str]], report: ChainReport) -> None:
    if len(heads) != 1:
        report.add(report.last_seq, "head", f"expected one head row, found {len(heads)}")
        return
    seq, head_hash = heads[0]
    if (seq, head_hash) != (report.last_seq, report.last_hash):
        report.add(
            report.last_seq,
            "head",
            f"head says entry {seq} is last but the log ends at {report.last_seq}",
        )


def _check_signatures(
    checkpoints: list[CheckpointRow], report: ChainReport, trusted_key: str | None
) -> dict[int, str]:
    """Check each checkpoint's signature; give the (seq -> hash) positions the walk must meet."""
    signed: dict[int, str] = {}
    for seq, cp_hash, public_key, signature in checkpoints:
        report.checkpoints += 1
        if trusted_key is not None and public_key != trusted_key:
            report.add(seq, "checkpoint_key", "checkpoint signed by an unknown key")
        if not verify(public_key, checkpoint_message(seq, cp_hash), signature):
            report.add(seq, "checkpoint_signature", "checkpoint signature is not valid")
        signed[seq] = cp_hash
    return signed


def verify_rows(
    rows: Iterable[EventRow],
    heads: list[tuple[int, str]],
    checkpoints: list[CheckpointRow],
    *,
    trusted_key: str | None = None,
    progress: Progress | None = None,
) -> ChainReport:
    """Check a chain given as rows in sequence order, its head row(s) and its checkpoints."""
    report = ChainReport()
    signed = _check_signatures(checkpoints, report, trusted_key)
    _walk(rows, report, signed, progress)
    _check_head(heads, report)
    return report


def verify_chain(
    engine: Engine, *, trusted_key: str | None = None, progress: Progress | None = None
) -> ChainReport:
    """Check the whole event log behind ``engine``; ``trusted_key`` is the server's public key."""
    heads, checkpoints = read_anchors(engine)
    return verify_rows(
        iter_event_rows(engine), heads, checkpoints, trusted_key=trusted_key, progress=progress
    )
