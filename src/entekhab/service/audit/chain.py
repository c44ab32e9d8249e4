"""``audit verify``: recompute the event log's hash chain and check its signed checkpoints.

Reads the log in sequence order with a streaming (server-side on PostgreSQL) cursor, so a chain
of millions of entries is checked in constant memory. Detects:

- an edited entry (its payload digest or its hash no longer match its contents),
- a deleted entry (a gap in the sequence, and the next entry's previous hash points nowhere),
- an inserted or reordered entry (previous-hash links break),
- a truncated or extended tail (the head row or a signed checkpoint no longer matches),
- a forged checkpoint (bad signature, or signed by a key other than the server's),
- an entry not yet sealed (``service.audit.sealer``) whose payload no longer matches its
  digest, or one left unsealed for longer than the caller allows.

Entries waiting for the sealer have no place in the chain yet: they are counted apart
(``pending``), not walked, and are no problem in themselves.

An attacker who can rewrite the database *and* knows the chain rules could rebuild the unsigned
tail after the last checkpoint; publishing checkpoints (``audit export``) and keeping the
server key off the database host close that gap.

The walk itself (``verify_rows``) takes any source of rows, so a backup file is checked the same
way as the live database (``service.audit.backup``).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from entekhab.crypto.chain import GENESIS_HASH, checkpoint_message, entry_hash_fast
from entekhab.crypto.signing import verify
from entekhab.service.audit.lines import begin_snapshot, iter_copy_blocks, walk_lines
from entekhab.service.audit.report import ChainProblem, ChainReport, Progress
from entekhab.store.db import make_engine
from entekhab.store.tables.security import EventLogCheckpoint, EventLogEntry, EventLogHead

__all__ = [
    "PARALLEL_FROM",
    "ChainProblem",
    "ChainReport",
    "CheckpointRow",
    "EventRow",
    "PendingRow",
    "Progress",
    "check_pending",
    "consistent_view",
    "count_entries",
    "iter_event_rows",
    "read_anchors",
    "verify_chain",
    "verify_rows",
]

_BATCH = 20_000
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
PendingRow = tuple[int, str, str, str]
"""(row id, recorded_at, payload, payload_digest) of one entry waiting for the sealer."""


def iter_event_rows(
    engine: Engine,
    batch: int = _BATCH,
    *,
    after: int | None = None,
    upto: int | None = None,
    snapshot: str | None = None,
) -> Iterator[EventRow]:
    """Every sealed log entry in sequence order (``after`` < seq <= ``upto`` if given), streamed
    from the database in batches; on PostgreSQL as of ``snapshot`` if given (an exported
    snapshot: ``consistent_view``)."""
    raw: Any = engine.raw_connection()
    try:
        driver = raw.driver_connection
        if engine.dialect.name == "postgresql":
            raw.rollback()  # SET TRANSACTION must open the transaction
            begin_snapshot(driver, snapshot)
            cur = driver.cursor(name="entekhab_audit_verify")  # server-side cursor
            cur.itersize = batch
        else:
            cur = driver.cursor()
        where = " WHERE seq IS NOT NULL"
        if after is not None and upto is not None:
            where = f" WHERE seq > {int(after)} AND seq <= {int(upto)}"
        cur.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM event_log{where} ORDER BY seq")
        while rows := cur.fetchmany(batch):
            yield from rows
        cur.close()
    finally:
        raw.rollback()
        raw.close()


@contextmanager
def consistent_view(engine: Engine) -> Iterator[tuple[Connection, str | None]]:
    """A read-only connection for the head, checkpoints and unsealed entries, and (PostgreSQL)
    the id of its exported snapshot, so that the walk, in other connections and processes, sees
    the very same log while a server keeps appending and sealing (else entries sealed after the
    head was read would look appended past it)."""
    with engine.connect() as conn:
        if engine.dialect.name != "postgresql":
            yield conn, None
            return
        view = conn.execution_options(isolation_level="REPEATABLE READ")
        view.exec_driver_sql("SET TRANSACTION READ ONLY")
        snapshot = str(view.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one())
        try:
            yield view, snapshot
        finally:
            view.rollback()


def count_entries(engine: Engine) -> int:
    """How many sealed entries the log holds (for a progress bar's total)."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count(EventLogEntry.seq))).scalar_one())


def _pending_rows(conn: Connection) -> list[PendingRow]:
    return [
        (int(i), str(at), str(p), str(d))
        for i, at, p, d in conn.execute(
            select(
                EventLogEntry.id,
                EventLogEntry.recorded_at,
                EventLogEntry.payload,
                EventLogEntry.payload_digest,
            )
            .where(EventLogEntry.seq.is_(None))
            .order_by(EventLogEntry.id)
        )
    ]


def check_pending(
    rows: Iterable[PendingRow],
    report: ChainReport,
    *,
    stale_after: timedelta | None = None,
    now: datetime | None = None,
) -> None:
    """Count the entries waiting for the sealer; flag one whose payload no longer matches its
    digest, and (given ``stale_after`` and ``now``) one recorded longer ago than that."""
    for row_id, recorded_at, payload, digest in rows:
        report.pending += 1
        if hashlib.sha256(payload.encode("utf-8")).hexdigest() != digest:
            report.add(0, "pending_edited", f"unsealed row {row_id}: payload does not match")
        if stale_after is not None and now is not None:
            try:
                at = datetime.strptime(recorded_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
            except ValueError:
                report.add(0, "unsealed", f"unsealed row {row_id}: time {recorded_at!r} unreadable")
                continue
            if now - at > stale_after:
                report.add(0, "unsealed", f"unsealed row {row_id} recorded at {recorded_at}")


def read_anchors(
    source: Engine | Connection,
) -> tuple[list[tuple[int, str]], list[CheckpointRow]]:
    """The head row(s) and every signed checkpoint, in sequence order (read through
    ``source``'s connection, e.g. a ``consistent_view``, or a connection of its own)."""
    if isinstance(source, Connection):
        return _anchors(source)
    with source.connect() as conn:
        return _anchors(conn)


def _anchors(conn: Connection) -> tuple[list[tuple[int, str]], list[CheckpointRow]]:
    heads = [(int(s), str(h)) for s, h in conn.execute(select(EventLogHead.seq, EventLogHead.hash))]
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
    rows: Iterable[EventRow],
    report: ChainReport,
    signed: dict[int, str],
    progress: Progress | None,
    *,
    start: tuple[int, str | None] = (0, GENESIS_HASH),
) -> str | None:
    """Walk the chain once, checking every entry, every link and every signed position; the
    previous hash the first entry names (for joining slices walked apart).

    ``start``: the sequence number before the first entry and its hash; a hash of None (a
    slice whose predecessor another process walks) leaves the first link to the caller.

    The hot loop of ``audit verify``: when the payload digest and the link check out, both
    digests are known to be plain hex, so only actor, code and time need the plain-text check
    before the canonical text is built directly (``entry_hash_fast`` otherwise)."""
    prev_seq, prev_hash = start
    first_prev: str | None = None
    sha = hashlib.sha256
    plain = _PLAIN
    add = report.add
    entries = 0
    for seq, at, actor, code, payload, digest, prev, stored in rows:
        entries += 1
        if entries == 1:
            first_prev = prev
            if prev_hash is None:  # the first entry of a slice: the caller checks its place
                prev_seq, prev_hash = seq - 1, prev
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
    report.entries, report.last_seq = entries, prev_seq
    report.last_hash = prev_hash if prev_hash is not None else start[1] or GENESIS_HASH
    if progress is not None:
        progress(entries)
    return first_prev


def _unmet(signed: dict[int, str], report: ChainReport) -> None:
    """Signed positions the walk never met: past the end (truncated) or lost inside."""
    for seq in sorted(signed):
        kind = "truncated" if seq > report.last_seq else "checkpoint_mismatch"
        report.add(seq, kind, f"signed checkpoint at {seq} has no entry in the log")


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
    _unmet(signed, report)
    _check_head(heads, report)
    return report


PARALLEL_FROM = 200_000
"""Logs at least this long are verified in slices, one process per core."""


def verify_chain(
    engine: Engine,
    *,
    trusted_key: str | None = None,
    progress: Progress | None = None,
    processes: int | None = None,
    stale_after: timedelta | None = None,
    now: datetime | None = None,
) -> ChainReport:
    """Check the whole event log behind ``engine``; ``trusted_key`` is the server's public key.

    A long log is cut into ``processes`` (default: one per core) slices of sequence numbers,
    each walked by a process of its own with its own connection; the slices are then joined:
    each slice's first entry must name the hash of the last entry before it. Everything is read
    as of one moment (``consistent_view``). Entries waiting for the sealer are checked apart
    (``check_pending``; ``stale_after`` and ``now``: how long one may wait)."""
    with consistent_view(engine) as (conn, snapshot):
        heads, checkpoints = _anchors(conn)
        pending = _pending_rows(conn)
        low, high, count = _seq_range(conn)
        processes = processes or os.cpu_count() or 1
        if processes < 2 or count < PARALLEL_FROM:
            report = ChainReport()
            signed = _check_signatures(checkpoints, report, trusted_key)
            _walk_database(engine, report, signed, progress, snapshot=snapshot)
            _unmet(signed, report)
            _check_head(heads, report)
        else:
            report = _verify_in_slices(
                engine, snapshot, (low, high), heads, checkpoints, trusted_key, processes
            )
            if progress is not None:
                progress(report.entries)
    check_pending(pending, report, stale_after=stale_after, now=now)
    return report


def _verify_in_slices(
    engine: Engine,
    snapshot: str | None,
    seqs: tuple[int, int],
    heads: list[tuple[int, str]],
    checkpoints: list[CheckpointRow],
    trusted_key: str | None,
    processes: int,
) -> ChainReport:
    report = ChainReport()
    signed = _check_signatures(checkpoints, report, trusted_key)
    low, high = seqs
    cuts = [low - 1 + (high - low + 1) * k // processes for k in range(1, processes)]
    bounds = [0, *cuts, high]
    url = engine.url.render_as_string(hide_password=False)
    jobs = [
        _Slice(url, after, upto, {s: h for s, h in signed.items() if after < s <= upto}, snapshot)
        for after, upto in itertools.pairwise(bounds)
    ]
    with ProcessPoolExecutor(len(jobs), mp_context=get_context("spawn")) as pool:
        parts = list(pool.map(_verify_slice, jobs))
    _join(parts, report)
    for part in parts:
        signed = {s: h for s, h in signed.items() if s not in part.met}
    _unmet(signed, report)
    _check_head(heads, report)
    return report


@dataclass(frozen=True)
class _Slice:
    url: str
    after: int
    upto: int
    signed: dict[int, str]
    snapshot: str | None


@dataclass
class _SliceResult:
    report: ChainReport
    first_seq: int | None
    first_prev: str | None
    met: set[int]


def _walk_database(
    engine: Engine,
    report: ChainReport,
    signed: dict[int, str],
    progress: Progress | None,
    *,
    snapshot: str | None,
    start: tuple[int, str | None] = (0, GENESIS_HASH),
    after: int | None = None,
    upto: int | None = None,
) -> tuple[int | None, str | None]:
    """Walk the log behind ``engine`` (``after`` < seq <= ``upto`` if given): on PostgreSQL
    as COPY lines (``lines``), elsewhere row by row; the first entry's seq and previous hash."""
    if engine.dialect.name == "postgresql":
        blocks = iter_copy_blocks(engine, after=after, upto=upto, snapshot=snapshot)
        return walk_lines(blocks, report, signed, progress, start=start)
    first_seq: list[int] = []

    def rows() -> Iterator[EventRow]:
        for row in iter_event_rows(engine, after=after, upto=upto, snapshot=snapshot):
            if not first_seq:
                first_seq.append(row[0])
            yield row

    first_prev = _walk(rows(), report, signed, progress, start=start)
    return (first_seq[0] if first_seq else None), first_prev


def _verify_slice(job: _Slice) -> _SliceResult:
    """Walk one slice of the log (in a process of its own)."""
    engine = make_engine(job.url)
    try:
        report = ChainReport()
        signed = dict(job.signed)
        start: tuple[int, str | None] = (0, GENESIS_HASH) if job.after == 0 else (job.after, None)
        first_seq, first_prev = _walk_database(
            engine,
            report,
            signed,
            None,
            snapshot=job.snapshot,
            start=start,
            after=job.after,
            upto=job.upto,
        )
        met = set(job.signed) - set(signed)
        return _SliceResult(report, first_seq, first_prev, met)
    finally:
        engine.dispose()


def _join(parts: list[_SliceResult], report: ChainReport) -> None:
    """Join the slices' reports: counts, problems, and the link between slices."""
    last_hash, last_seq = GENESIS_HASH, 0
    for k, part in enumerate(parts):
        for problem in part.report.problems:
            report.add(problem.seq, problem.kind, problem.detail)
        if part.report.entries == 0:
            continue
        first = part.first_seq
        if k > 0 and first is not None:
            if first != last_seq + 1:
                kind = "gap" if first > last_seq + 1 else "order"
                report.add(first, kind, f"sequence jumps from {last_seq} to {first}")
            if part.first_prev != last_hash:
                report.add(first, "broken_link", "previous hash does not match the entry before")
        report.entries += part.report.entries
        last_hash, last_seq = part.report.last_hash, part.report.last_seq
    report.last_seq, report.last_hash = last_seq, last_hash


def _seq_range(conn: Connection) -> tuple[int, int, int]:
    """(lowest seq, highest seq, number of sealed entries) of the log."""
    low, high, count = conn.execute(
        select(
            func.min(EventLogEntry.seq), func.max(EventLogEntry.seq), func.count(EventLogEntry.seq)
        )
    ).one()
    return int(low or 0), int(high or 0), int(count)
