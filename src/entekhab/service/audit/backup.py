"""``entekhab backup`` and ``entekhab restore``: take a consistent copy of the database, and put
one back only if its event log verifies.

A backup first records ``BACKUP_TAKEN`` in the log (so the copy holds the record of its own
taking), then dumps (``pg_dump -Fc`` on PostgreSQL, the online backup API on SQLite). A restore
first checks the backup's event-log chain *in the file* — nothing is written when it does not
verify (BACKUP_CHAIN_INVALID) — then restores, verifies the restored database's chain once more
and records ``DATABASE_RESTORED``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from entekhab.domain.error_codes.audit import (
    BACKUP_CHAIN_INVALID,
    BACKUP_FILE_INVALID,
    CHAIN_INVALID,
    RESTORE_TARGET_NOT_EMPTY,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import security as events
from entekhab.service.audit.chain import (
    EVENT_COLUMNS,
    ChainReport,
    CheckpointRow,
    EventRow,
    PendingRow,
    Progress,
    check_pending,
    verify_chain,
    verify_rows,
)
from entekhab.service.audit.events import record_event_apart
from entekhab.service.audit.sealer import seal_pending
from entekhab.store import dump
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["BackupSummary", "restore_backup", "take_backup", "verify_backup"]


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    backend: str
    size: int


def take_backup(
    uow_factory: UnitOfWorkFactory, out: Path, *, actor: str, now: datetime
) -> BackupSummary:
    """Record the backup in the log, then dump the whole database into ``out``."""
    engine = uow_factory.engine
    backend = engine.dialect.name
    record_event_apart(
        uow_factory,
        events.BACKUP_TAKEN,
        actor=actor,
        payload={"file": out.name, "backend": backend, "at": now.isoformat()},
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    if backend == "postgresql":
        dump.pg_dump(engine, out)
    else:
        dump.sqlite_backup(dump.sqlite_path(engine.url), out)
    return BackupSummary(out, backend, out.stat().st_size)


class _OutOfOrder(Exception):
    pass


def _event_row(row: dict[str, str | None]) -> EventRow:
    seq, at, actor, code, payload, digest, prev, hashed = (row[c] or "" for c in EVENT_COLUMNS)
    return (int(seq), at, actor, code, payload, digest, prev, hashed)


def _pg_rows(backup: Path, *, strict_order: bool, pending: list[PendingRow]) -> Iterator[EventRow]:
    """The sealed entries of the dump; the unsealed ones go to ``pending``."""
    last = 0
    for _table, row in dump.iter_copy_rows(backup, ["event_log"]):
        if row["seq"] is None:  # committed but not yet sealed when the dump was taken
            pending.append(
                (
                    int(row["id"] or 0),
                    row["recorded_at"] or "",
                    row["payload"] or "",
                    row["payload_digest"] or "",
                )
            )
            continue
        entry = _event_row(row)
        if strict_order and entry[0] < last:
            raise _OutOfOrder
        last = entry[0]
        yield entry


def _pg_anchors(backup: Path) -> tuple[list[tuple[int, str]], list[CheckpointRow]]:
    heads: list[tuple[int, str]] = []
    checkpoints: list[CheckpointRow] = []
    for table, row in dump.iter_copy_rows(backup, ["event_log_head", "event_log_checkpoints"]):
        if table == "event_log_head":
            heads.append((int(row["seq"] or 0), row["hash"] or ""))
        else:
            checkpoints.append(
                (
                    int(row["seq"] or 0),
                    row["hash"] or "",
                    row["public_key"] or "",
                    row["signature"] or "",
                )
            )
    return heads, sorted(checkpoints)


def _verify_pg_file(
    backup: Path, trusted_key: str | None, progress: Progress | None
) -> ChainReport:
    heads, checkpoints = _pg_anchors(backup)
    if not heads:
        raise EntekhabError(
            BACKUP_FILE_INVALID, {"path": str(backup), "reason": "no event log in the backup"}
        )
    pending: list[PendingRow] = []
    try:  # rows come in storage order, which is sequence order unless rows were rewritten
        report = verify_rows(
            _pg_rows(backup, strict_order=True, pending=pending),
            heads,
            checkpoints,
            trusted_key=trusted_key,
            progress=progress,
        )
    except _OutOfOrder:  # (the sealer rewrites every row it seals: expect this path)
        pending.clear()
        rows = sorted(_pg_rows(backup, strict_order=False, pending=pending))
        report = verify_rows(rows, heads, checkpoints, trusted_key=trusted_key, progress=progress)
    check_pending(pending, report)
    return report


def _verify_sqlite_file(
    backup: Path, trusted_key: str | None, progress: Progress | None
) -> ChainReport:
    engine = dump.read_only_sqlite(backup)
    try:
        if "event_log" not in set(dump.table_names(engine)):
            raise EntekhabError(
                BACKUP_FILE_INVALID, {"path": str(backup), "reason": "no event log in the backup"}
            )
        return verify_chain(engine, trusted_key=trusted_key, progress=progress)
    finally:
        engine.dispose()


def verify_backup(
    backup: Path, *, trusted_key: str | None = None, progress: Progress | None = None
) -> ChainReport:
    """Check the event-log chain inside a backup file, writing nothing anywhere."""
    if dump.backend_of_file(backup) == "postgresql":
        return _verify_pg_file(backup, trusted_key, progress)
    return _verify_sqlite_file(backup, trusted_key, progress)


def _refusal(spec_report: ChainReport, chain_in_file: bool) -> EntekhabError:
    first = spec_report.problems[0]
    details = {
        "problems": len(spec_report.problems),
        "first_seq": first.seq,
        "first_kind": first.kind,
    }
    return EntekhabError(BACKUP_CHAIN_INVALID if chain_in_file else CHAIN_INVALID, details)


def restore_backup(
    backup: Path,
    target: Engine,
    *,
    replace: bool,
    actor: str,
    now: datetime,
    trusted_key: str | None = None,
) -> ChainReport:
    """Restore ``backup`` into ``target`` if its chain verifies; verify again once restored."""
    backend = dump.backend_of_file(backup)
    if backend != target.dialect.name:
        reason = f"a {backend} backup cannot be restored into {target.dialect.name}"
        raise EntekhabError(BACKUP_FILE_INVALID, {"path": str(backup), "reason": reason})
    if not replace and dump.has_tables(target):
        raise EntekhabError(RESTORE_TARGET_NOT_EMPTY)
    in_file = verify_backup(backup, trusted_key=trusted_key)
    if not in_file.ok:
        raise _refusal(in_file, chain_in_file=True)
    if backend == "postgresql":
        dump.pg_restore(target, backup, replace=replace)
    else:
        target.dispose()  # no pooled connection may hold the file while pages are replaced
        dump.sqlite_restore(backup, dump.sqlite_path(target.url))
    restored = verify_chain(target, trusted_key=trusted_key)
    if not restored.ok:
        raise _refusal(restored, chain_in_file=False)
    seal_pending(target, wait=True)  # entries the dump caught before the sealer did
    record_event_apart(
        UnitOfWorkFactory(target),
        events.DATABASE_RESTORED,
        actor=actor,
        payload={
            "file": backup.name,
            "entries": restored.entries,
            "last_hash": restored.last_hash,
            "at": now.isoformat(),
        },
    )
    return restored
