"""The second copy of the branch's ballots, on removable media (Brazil's urna keeps one on its
memory card): a small SQLite file in a directory of its own, fsynced on every commit.

Why: the ballots stay in the station until the branch closes (docs/ballot-secrecy.md), so the
journal's disk is the only place they exist during the day. If that disk dies, the removable
copy still holds every ballot cast, and can be read on another machine (``records()``).

Rule: a ballot is written here, and fsynced, *before* the journal commit that acknowledges it.
A crash between the two leaves a ballot here that the journal does not know (its voter's ticket
is still open and they cast again); ``sync`` at start-up makes this copy equal the journal's,
which is authoritative. Same secrecy shape as the journal's ``ballots``: ``WITHOUT ROWID``,
keyed by the random ballot id (never in cast order), nothing of the voter or the ticket,
``secure_delete`` on.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from entekhab.domain.ballot import BallotRecord

__all__ = ["BallotMirror"]

FILE_NAME = "entekhab-ballots.sqlite"


class BallotMirror:
    """The removable copy (see the module docstring). Thread-safe (one lock)."""

    def __init__(self, directory: str | Path, *, synchronous: str = "FULL") -> None:
        if synchronous not in ("FULL", "NORMAL"):
            raise ValueError("synchronous is FULL or NORMAL")
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / FILE_NAME
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(f"PRAGMA synchronous={synchronous}")
        self._conn.execute("PRAGMA secure_delete=ON")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS ballots (ballot_id TEXT PRIMARY KEY, record TEXT NOT NULL)"
            " WITHOUT ROWID"
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def add(self, record: BallotRecord) -> None:
        """Write (and fsync) one ballot; writing the same ballot again does nothing."""
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO ballots (ballot_id, record) VALUES (?, ?)",
                (record.ballot_id, json.dumps(record.as_json(), sort_keys=True)),
            )

    def ballot_ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self._conn.execute("SELECT ballot_id FROM ballots")}

    def records(self) -> list[BallotRecord]:
        """Every ballot on the media, in ballot-id order."""
        with self._lock:
            rows = self._conn.execute("SELECT record FROM ballots ORDER BY ballot_id").fetchall()
        return [BallotRecord.model_validate_json(r[0]) for r in rows]

    def sync(self, expected: Iterable[BallotRecord]) -> tuple[int, int]:
        """Make the copy hold exactly ``expected`` (the journal's ballots): (added, removed)."""
        wanted = {r.ballot_id: r for r in expected}
        with self._lock:
            present = {r[0] for r in self._conn.execute("SELECT ballot_id FROM ballots")}
            extra = present - wanted.keys()
            missing = [wanted[b] for b in sorted(wanted.keys() - present)]
            if not extra and not missing:
                return 0, 0
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for ballot_id in extra:
                    self._conn.execute("DELETE FROM ballots WHERE ballot_id = ?", (ballot_id,))
                for record in missing:
                    self._conn.execute(
                        "INSERT INTO ballots (ballot_id, record) VALUES (?, ?)",
                        (record.ballot_id, json.dumps(record.as_json(), sort_keys=True)),
                    )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        return len(missing), len(extra)

    def scrub(self) -> None:
        """Checkpoint and truncate the write-ahead log (it holds commits in cast order)."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
