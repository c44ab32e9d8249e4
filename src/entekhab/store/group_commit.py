"""Group commit for the embedded SQLite store: one fsync for every commit that waits on it.

With ``synchronous=FULL`` in WAL mode SQLite fsyncs the write-ahead log inside every COMMIT,
while it holds the database's one write lock: on a busy polling day every check-in waits for
every earlier check-in's fsync (about 2 ms each on this machine's disk, far more when the disk
is shared), and writers that find the lock taken sleep in SQLite's busy handler besides.

Here a connection runs with ``synchronous=NORMAL`` — the commit appends its frames to the WAL
and releases the lock without an fsync — and then, before ``commit()`` returns, waits for an
fsync of the WAL file that began after its frames were written (``WalSync.flush``). Whoever
finds no fsync running starts one, for every commit written so far; the commits that arrive
meanwhile wait for the next one. So an acknowledged commit is on disk exactly as with FULL (a
power cut loses nothing a caller was told is committed), and concurrent commits share fsyncs
instead of queueing behind each other's.

Why the WAL file alone is enough: in WAL mode a commit is durable once its WAL frames are on
disk (recovery replays them); ``synchronous=NORMAL`` still syncs the WAL before every checkpoint
and the database file after it, and SQLite keeps the database consistent in that mode. fsync
on any descriptor of a file flushes all of the file's written pages. If the WAL file is gone
(the last connection closed, which checkpoints and syncs), the commit is already in the
database file.

Only transactions that wrote (a BEGIN was issued) wait; read-only commits do not. A connection
switched to autocommit (SQLAlchemy's ``AUTOCOMMIT`` isolation, one statement per transaction
with no ``commit()`` call) goes back to ``synchronous=FULL`` for as long as it stays so. An
fsync failure is final: every later commit on that file raises it, since after a failed fsync
the kernel may have dropped the pages and a later fsync could falsely succeed.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

__all__ = ["GroupCommitConnection", "WalSync", "wal_sync_for"]


class WalSync:
    """The fsync of one database's WAL file, shared by every commit in this process."""

    def __init__(self, wal_path: str) -> None:
        self.wal_path = wal_path
        self._cond = threading.Condition()
        self._written = 0
        """Commits that asked for a flush (their frames were written before they asked)."""
        self._flushed = 0
        """Commits known to be on disk."""
        self._flushing = False
        self._failure: OSError | None = None
        self.fsyncs = 0
        """fsyncs done (for benchmarks and tests: commits / fsyncs is the grouping)."""
        self.turn = threading.Lock()
        """This process's turn to write: held from a transaction's first write to its commit
        (see ``GroupCommitConnection``)."""

    def flush(self) -> None:
        """Return once every commit written before this call is on disk."""
        with self._cond:
            self._written += 1
            ticket = self._written
            while self._flushed < ticket:
                if self._failure is not None:
                    raise self._failure
                if self._flushing:
                    self._cond.wait()
                    continue
                self._flushing = True
                covers = self._written
                self._cond.release()
                try:
                    self._fsync()
                except OSError as error:
                    self._failure = error
                finally:
                    self._cond.acquire()
                    self._flushing = False
                    self._cond.notify_all()
                if self._failure is None:
                    self._flushed = max(self._flushed, covers)
            if self._failure is not None and self._flushed < ticket:
                raise self._failure

    def _fsync(self) -> None:
        try:
            fd = os.open(self.wal_path, os.O_RDONLY)
        except FileNotFoundError:
            return  # checkpointed into the database file and synced when the WAL was removed
        try:
            os.fdatasync(fd)  # as SQLite itself syncs: the data, and the size if it grew
        finally:
            os.close(fd)
        self.fsyncs += 1


_syncs: dict[str, WalSync] = {}
_syncs_lock = threading.Lock()


def wal_sync_for(database: str | os.PathLike[str]) -> WalSync:
    """The process's ``WalSync`` of a database file."""
    key = os.path.realpath(database)
    with _syncs_lock:
        found = _syncs.get(key)
        if found is None:
            found = _syncs[key] = WalSync(key + "-wal")
        return found


class GroupCommitConnection(sqlite3.Connection):
    """A ``sqlite3`` connection whose ``commit()`` returns once the commit is on disk, sharing
    the fsync with concurrent commits (pass it as ``sqlite3.connect(..., factory=...)``).

    Writers of one process also take turns on a lock of their own (``WalSync.turn``) from their
    first write to their commit or rollback: a writer that finds SQLite's write lock taken would
    otherwise sleep in SQLite's busy handler (1, 2, 5, 10 ... 100 ms) however soon the lock is
    released, while the lock here wakes the next writer at once. The turn is given up before
    the commit waits for its fsync, so the next writers' commits join the same fsync. A writer
    that waits 30 s for its turn goes on and lets SQLite's own busy timeout decide."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._wal: WalSync | None = None
        self._turn = False
        if isinstance(database, str | os.PathLike) and str(database) not in ("", ":memory:"):
            path = Path(database)
            if not str(database).startswith("file:"):
                self._wal = wal_sync_for(path)
        super().execute("PRAGMA synchronous=" + ("NORMAL" if self._wal else "FULL"))

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or _TurnCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, parameters)

    def commit(self) -> None:
        wrote = self.in_transaction
        try:
            super().commit()
        finally:
            self._give_turn()
        if wrote and self._wal is not None:
            self._wal.flush()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._give_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._give_turn()

    @property  # type: ignore[override]
    def isolation_level(self) -> str | None:
        value: str | None = _ISOLATION.__get__(self)
        return value

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        _ISOLATION.__set__(self, value)
        if getattr(self, "_wal", None) is not None:  # autocommit: no commit() to wait in,
            # so SQLite syncs each statement itself, as before
            super().execute("PRAGMA synchronous=" + ("FULL" if value is None else "NORMAL"))

    def _take_turn(self, sql: str) -> None:
        if self._wal is None or self._turn or self.in_transaction or not _writes(sql):
            return
        self._turn = self._wal.turn.acquire(timeout=_TURN_TIMEOUT)

    def _after_statement(self) -> None:
        if self._turn and not self.in_transaction:  # an autocommit write, or nothing begun
            self._give_turn()

    def _give_turn(self) -> None:
        if self._turn:
            self._turn = False
            assert self._wal is not None
            self._wal.turn.release()


_TURN_TIMEOUT = 30.0
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "VACUUM")


def _writes(sql: str) -> bool:
    """Whether a statement writes (and so begins a write transaction)."""
    head = sql.lstrip()[:16].upper()
    if head.startswith(_WRITES) or head.startswith(("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")):
        return True
    if head.startswith("WITH"):
        upper = sql.upper()
        return any(word in upper for word in ("INSERT", "UPDATE", "DELETE"))
    return False


class _TurnCursor(sqlite3.Cursor):
    """A cursor that takes its connection's turn to write before a writing statement."""

    connection: GroupCommitConnection

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        self.connection._take_turn(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            self.connection._after_statement()

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any:
        self.connection._take_turn(sql)
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            self.connection._after_statement()


_ISOLATION: Any = vars(sqlite3.Connection)["isolation_level"]
"""sqlite3's own ``isolation_level`` descriptor, which the property above wraps."""
