"""The branch station's local journal: one SQLite file, WAL, ``synchronous=FULL``.

Rule: nothing is acknowledged to a voter (or to the operator) before the transaction recording
it has committed, and with ``synchronous=FULL`` a commit returns only after the write-ahead log
is fsync'ed. A request to the server is journalled — its idempotency key and exact body bytes —
*before* the first send, so after a crash or a power cut the very same request is sent again
(``pending()``) and the server answers it as the same request.

Tables (and what each may hold, for ballot secrecy):

``meta``
    name → value: the branch, the station key id, the open session, the closing state.
``requests``
    Requests not yet answered: idempotency key, kind, method, path, body bytes, and for a cast the
    local ticket it consumes. A check-in body holds the national code and a cast body the ballot
    token, so a row lives only until its answer is applied; it is then deleted, and
    ``secure_delete`` overwrites the freed bytes. This is the only place a national code is kept,
    and only while its check-in is unanswered.
``checkins``
    One row per acknowledged check-in: hour and ballot style only (no national code, no token),
    at a random rowid. It proves the count of check-ins (the bulletin's ``voters_checked_in``).
``tickets``
    Checked-in voters not yet cast: a random local ticket id → the ballot token and style. No
    voter, no check-in row id. Deleted when the cast is recorded.
``ballots``
    The branch's ballot records (needed at closing), keyed by their random ballot id (a
    ``WITHOUT ROWID`` table: stored in ballot-id order, never in cast order). No ticket, no token.

``checkins`` and ``ballots`` share no key and no order, so the journal cannot link a voter (nor
even a check-in) to a ballot. Known limit: until a WAL checkpoint overwrites them, old frames of
the write-ahead log may still hold deleted request bodies; ``scrub()`` checkpoints and truncates
the log (done at closing).

API for the station and the offline layer (all methods commit before they return)::

    j = Journal(path)                       # creates or opens; pragmas set
    r = j.add_request(kind, method, path, body_dict, ticket=None)   # journal BEFORE sending
    j.pending()                             # unanswered requests, oldest first (replay order)
    t = j.complete_checkin(r, hour, ballot_style, contests, token)  # -> Ticket
    r = j.begin_cast(ticket_id, body_dict)  # the cast request (ticket kept until recorded)
    j.complete_cast(r, record)              # ballot stored, ticket and request gone
    j.finish_request(r)                     # a request answered with a final refusal
    with j.transaction() as conn: ...       # compose several writes in one commit
    j.record_checkin(conn, ...) / j.add_ballot(conn, record)   # building blocks (offline)
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entekhab.domain.ballot import BallotRecord

__all__ = ["Journal", "PendingRequest", "Ticket", "encode_body"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body BLOB NOT NULL,
    ticket TEXT
);
CREATE TABLE IF NOT EXISTS checkins (
    id INTEGER PRIMARY KEY,
    hour TEXT NOT NULL,
    ballot_style TEXT NOT NULL,
    provisional INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tickets (
    ticket TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    ballot_style TEXT NOT NULL,
    contests TEXT NOT NULL,
    provisional INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ballots (
    ballot_id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    digest TEXT NOT NULL
) WITHOUT ROWID;
"""


def encode_body(body: Any) -> bytes:
    """The exact bytes sent (and signed) for a JSON body; journalled as they are."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class PendingRequest:
    """A journalled request not yet answered by the server."""

    seq: int
    idempotency_key: str
    kind: str
    method: str
    path: str
    body: bytes
    ticket: str | None = None

    def payload(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Ticket:
    """A checked-in voter's open ballot: the token and the contests of the style."""

    ticket: str
    token: str
    ballot_style: str
    contests: tuple[str, ...]
    provisional: bool = False


class Journal:
    """The station's journal file (see the module docstring). Thread-safe (one lock)."""

    def __init__(self, path: str | Path, *, synchronous: str = "FULL") -> None:
        """Open (or create) the journal. ``synchronous="FULL"`` (the default, and the only
        setting for a real branch) fsyncs every commit; ``"NORMAL"`` (WAL) still survives a
        killed process but not a power cut — for demos and load simulations on one machine."""
        if synchronous not in ("FULL", "NORMAL"):
            raise ValueError("synchronous is FULL or NORMAL")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(f"PRAGMA synchronous={synchronous}")
        self._conn.execute("PRAGMA secure_delete=ON")
        self._conn.execute("PRAGMA busy_timeout=10000")
        with self._lock:  # idempotent statements: a crash half-way is harmless
            self._conn.executescript(_SCHEMA)
            self._conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # -- plumbing -------------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def pragma(self, name: str) -> Any:
        with self._lock:
            return self._conn.execute(f"PRAGMA {name}").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; committed (and fsync'ed) when the block ends without error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def scrub(self) -> None:
        """Checkpoint and truncate the write-ahead log, so deleted request bodies are gone."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- meta -----------------------------------------------------------------------------------
    def get_meta(self, name: str) -> Any:
        """The JSON value stored under ``name``, or None."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_meta(self, name: str, value: Any, conn: sqlite3.Connection | None = None) -> None:
        if conn is None:
            with self.transaction() as c:
                self.set_meta(name, value, c)
            return
        conn.execute(
            "INSERT INTO meta (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (name, json.dumps(value, ensure_ascii=False, sort_keys=True)),
        )

    # -- requests -------------------------------------------------------------------------------
    def add_request(
        self,
        kind: str,
        method: str,
        path: str,
        body: Any,
        *,
        ticket: str | None = None,
        conn: sqlite3.Connection | None = None,
        idempotency_key: str | None = None,
    ) -> PendingRequest:
        """Journal a request with a fresh 128-bit idempotency key (or, for a request taken up
        again, its earlier one), before it is ever sent."""
        if conn is None:
            with self.transaction() as c:
                return self.add_request(
                    kind, method, path, body, ticket=ticket, conn=c, idempotency_key=idempotency_key
                )
        data = body if isinstance(body, bytes) else encode_body(body)
        key = idempotency_key or secrets.token_hex(16)
        cur = conn.execute(
            "INSERT INTO requests (idempotency_key, kind, method, path, body, ticket) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (key, kind, method.upper(), path, data, ticket),
        )
        assert cur.lastrowid is not None
        return PendingRequest(cur.lastrowid, key, kind, method.upper(), path, data, ticket)

    def pending(self, kind: str | None = None) -> list[PendingRequest]:
        """Unanswered requests (of one kind, or all), in the order they were journalled."""
        query = "SELECT seq, idempotency_key, kind, method, path, body, ticket FROM requests"
        args: tuple[Any, ...] = ()
        if kind is not None:
            query, args = query + " WHERE kind = ?", (kind,)
        with self._lock:
            rows = self._conn.execute(query + " ORDER BY seq", args).fetchall()
        return [PendingRequest(r[0], r[1], r[2], r[3], r[4], bytes(r[5]), r[6]) for r in rows]

    def finish_request(
        self, request: PendingRequest, conn: sqlite3.Connection | None = None
    ) -> None:
        """Forget an answered request (its body is overwritten: ``secure_delete``)."""
        if conn is None:
            with self.transaction() as c:
                self.finish_request(request, c)
            return
        conn.execute("DELETE FROM requests WHERE seq = ?", (request.seq,))

    # -- check-ins and tickets ------------------------------------------------------------------
    def record_checkin(
        self,
        conn: sqlite3.Connection,
        *,
        hour: str,
        ballot_style: str,
        contests: Sequence[str],
        token: str,
        provisional: bool = False,
    ) -> Ticket:
        """Store an acknowledged check-in (random rowid) and open its ticket (no link between)."""
        while True:  # a random rowid, so the table's order is not the order of check-ins
            try:
                conn.execute(
                    "INSERT INTO checkins (id, hour, ballot_style, provisional) "
                    "VALUES (?, ?, ?, ?)",
                    (secrets.randbits(62) + 1, hour, ballot_style, int(provisional)),
                )
                break
            except sqlite3.IntegrityError:  # pragma: no cover - a 1 in 2**62 collision
                continue
        ticket = Ticket(secrets.token_hex(8), token, ballot_style, tuple(contests), provisional)
        conn.execute(
            "INSERT INTO tickets (ticket, token, ballot_style, contests, provisional) "
            "VALUES (?, ?, ?, ?, ?)",
            (ticket.ticket, token, ballot_style, json.dumps(list(contests)), int(provisional)),
        )
        return ticket

    def complete_checkin(
        self,
        request: PendingRequest,
        *,
        hour: str,
        ballot_style: str,
        contests: Sequence[str],
        token: str,
    ) -> Ticket:
        """The server checked the voter in: record it and forget the request, in one commit."""
        with self.transaction() as conn:
            ticket = self.record_checkin(
                conn, hour=hour, ballot_style=ballot_style, contests=contests, token=token
            )
            self.finish_request(request, conn)
        return ticket

    def ticket(self, ticket: str) -> Ticket | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT ticket, token, ballot_style, contests, provisional FROM tickets "
                "WHERE ticket = ?",
                (ticket,),
            ).fetchone()
        return None if row is None else _ticket(row)

    def tickets(self) -> list[Ticket]:
        """Open tickets (checked in, not yet cast), in random (ticket id) order."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT ticket, token, ballot_style, contests, provisional FROM tickets"
            ).fetchall()
        return [_ticket(r) for r in rows]

    def checkin_count(self, ballot_style: str | None = None) -> int:
        query, args = "SELECT count(*) FROM checkins", tuple[str, ...]()
        if ballot_style is not None:
            query, args = query + " WHERE ballot_style = ?", (ballot_style,)
        with self._lock:
            return int(self._conn.execute(query, args).fetchone()[0])

    def checkins_by_style(self) -> dict[str, int]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT ballot_style, count(*) FROM checkins GROUP BY ballot_style"
            ).fetchall()
        return {str(style): int(n) for style, n in rows}

    # -- casting and ballots --------------------------------------------------------------------
    def begin_cast(self, ticket: str, body: Any) -> PendingRequest:
        """Journal the cast of ``ticket`` (the ticket stays open until the ballot is recorded)."""
        return self.add_request("cast", "POST", "/api/v1/ballots", body, ticket=ticket)

    def add_ballot(self, conn: sqlite3.Connection, record: BallotRecord) -> None:
        conn.execute(
            "INSERT INTO ballots (ballot_id, record, digest) VALUES (?, ?, ?)",
            (record.ballot_id, json.dumps(record.as_json(), sort_keys=True), record.digest()),
        )

    def complete_cast(self, request: PendingRequest, record: BallotRecord) -> None:
        """The ballot is recorded: store it, close the ticket, forget the request; one commit."""
        with self.transaction() as conn:
            self.add_ballot(conn, record)
            if request.ticket is not None:
                conn.execute("DELETE FROM tickets WHERE ticket = ?", (request.ticket,))
            self.finish_request(request, conn)

    def ballot_records(self) -> list[BallotRecord]:
        """Every ballot record of the branch, in ballot-id order."""
        with self._lock:
            rows = self._conn.execute("SELECT record FROM ballots ORDER BY ballot_id").fetchall()
        return [BallotRecord.model_validate_json(r[0]) for r in rows]

    def ballot_count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM ballots").fetchone()[0])


def _ticket(row: Sequence[Any]) -> Ticket:
    return Ticket(row[0], row[1], row[2], tuple(json.loads(row[3])), bool(row[4]))
