"""Group commit of the SQLite store (``store.group_commit``), on a real SQLite file: every
commit that wrote returns only after an fsync of the WAL that began after its frames were
written; concurrent commits share fsyncs; autocommit statements get SQLite's own FULL sync; an
fsync failure is final."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from entekhab.store import group_commit
from entekhab.store.db import make_engine
from entekhab.store.group_commit import GroupCommitConnection, wal_sync_for


def _engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'hq.db'}", pool_size=20)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT)"))
    return engine


def test_every_acknowledged_commit_was_fsynced_after_it_was_written(tmp_path, monkeypatch):
    engine = _engine(tmp_path)
    events: list[tuple[str, int]] = []
    lock = threading.Lock()
    real_fsync = os.fdatasync
    commit = GroupCommitConnection.commit

    def fsync(fd: int) -> None:
        with lock:
            events.append(("fsync-start", -1))
        real_fsync(fd)

    def written_then_flushed(self: GroupCommitConnection) -> None:
        me = self.execute("SELECT max(id) FROM t").fetchone()[0] if self.in_transaction else -1
        sqlite3.Connection.commit(self)
        with lock:
            events.append(("written", me))
        if me != -1 and self._wal is not None:
            self._wal.flush()

    monkeypatch.setattr(group_commit.os, "fdatasync", fsync)
    monkeypatch.setattr(GroupCommitConnection, "commit", written_then_flushed)

    def work(who: int) -> None:
        for _ in range(20):
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO t (who) VALUES (:w)"), {"w": str(who)})
                row = conn.execute(text("SELECT max(id) FROM t")).scalar()
            with lock:
                events.append(("ack", int(row)))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    monkeypatch.setattr(GroupCommitConnection, "commit", commit)
    for position, (kind, row) in enumerate(events):
        if kind != "ack":
            continue
        written = events.index(("written", row))
        assert written < position
        assert ("fsync-start", -1) in events[written:position], f"row {row} acknowledged unsynced"
    with sqlite3.connect(tmp_path / "hq.db") as plain:
        assert plain.execute("SELECT count(*) FROM t").fetchone()[0] == 160


def test_concurrent_commits_share_fsyncs(tmp_path):
    engine = _engine(tmp_path)
    sync = wal_sync_for(tmp_path / "hq.db")
    before = sync.fsyncs

    def work() -> None:
        for _ in range(25):
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO t (who) VALUES ('x')"))

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 0 < sync.fsyncs - before < 400
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 400


def test_read_only_transactions_do_not_fsync_and_autocommit_syncs_itself(tmp_path):
    engine = _engine(tmp_path)
    sync = wal_sync_for(tmp_path / "hq.db")
    before = sync.fsyncs
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL + group fsync
        conn.execute(text("SELECT count(*) FROM t")).scalar()
        conn.commit()
    assert sync.fsyncs == before
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: SQLite's own
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1


def test_a_failed_fsync_fails_every_later_commit(tmp_path, monkeypatch):
    engine = _engine(tmp_path / "a")

    def broken(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(group_commit.os, "fdatasync", broken)
    with pytest.raises(OSError), engine.begin() as conn:
        conn.execute(text("INSERT INTO t (who) VALUES ('x')"))
    monkeypatch.undo()
    with pytest.raises(OSError), engine.begin() as conn:  # the kernel may have dropped pages
        conn.execute(text("INSERT INTO t (who) VALUES ('y')"))


def test_a_writer_holds_the_process_turn_from_its_first_write_to_its_end(tmp_path):
    engine = _engine(tmp_path)
    turn = wal_sync_for(tmp_path / "hq.db").turn
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM t")).scalar()
        assert not turn.locked()  # reading takes no turn
        conn.execute(text("INSERT INTO t (id, who) VALUES (1, 'a')"))
        assert turn.locked()
        conn.commit()
        assert not turn.locked()  # given up before waiting for the fsync
        conn.execute(text("UPDATE t SET who = 'b'"))
        with pytest.raises(Exception, match="UNIQUE"):
            conn.execute(text("INSERT INTO t (id, who) VALUES (1, 'c')"))
        assert turn.locked()  # the transaction is still open
        conn.rollback()
        assert not turn.locked()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DELETE FROM t"))
        assert not turn.locked()  # one statement, one transaction, given back at once
