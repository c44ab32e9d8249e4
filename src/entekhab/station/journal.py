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
    Requests not yet answered: idempotency key, kind, method, path, body bytes. A check-in body
    holds the national code, so a row lives only until its answer is applied; it is then
    deleted, and ``secure_delete`` overwrites the freed bytes. This is the only place a national
    code is kept, and only while its check-in is unanswered. (The closing request holds the
    branch's ballots, which never name a voter.)
``checkins``
    One row per acknowledged check-in: hour and ballot style only (no national code), at a
    random rowid. It proves the count of check-ins (the bulletin's ``voters_checked_in``).
``tickets``
    Checked-in voters not yet cast: a random local ticket id → the ballot style. No voter, no
    check-in row id. ``shown`` is set once the operator's screen showed the check-in (so a
    crash in between is reported at recovery). Deleted when the ballot is recorded.
``ballots``
    Every ballot cast at this station, keyed by its random ballot id (a ``WITHOUT ROWID`` table:
    stored in ballot-id order, never in cast order); no ticket, no voter. ``state`` is
    ``counted`` (online, or provisional and accepted by headquarters), ``pending`` (provisional,
    not reconciled yet) or ``held`` (provisional, held by headquarters for the board under
    ``incident_id``). The ballots stay here (and in the second copy on removable media,
    ``station.mirror``) until the branch closes: headquarters receives them once, at closing,
    with the bulletins (docs/ballot-secrecy.md).
``unprinted``
    Receipts committed but not printed yet (ballot id, digest, hour): the printer's queue, so a
    receipt a crash kept from the printer is printed at recovery. Deleted once printed.

``checkins`` and ``ballots`` share no key and no order, so the journal cannot link a voter (nor
even a check-in) to a ballot. Known limit: until a WAL checkpoint overwrites them, old frames of
the write-ahead log may still hold deleted request bodies and the order of commits;
``scrub()`` checkpoints and truncates the log (done at closing).

API for the station and the offline layer (all methods commit before they return)::

    j = Journal(path)                       # creates or opens; pragmas set
    r = j.add_request(kind, method, path, body_dict, ticket=None)   # journal BEFORE sending
    j.pending()                             # unanswered requests, oldest first (replay order)
    t = j.complete_checkin(r, hour, ballot_style, contests)  # -> Ticket
    j.mark_shown(ticket_id)                 # the operator's screen showed the check-in
    j.cast(ticket_id, record)               # ballot stored, ticket gone, receipt queued
    j.mark_printed(ballot_id)               # the receipt came out of the printer
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
from entekhab.domain.error_codes.station_console import PRACTICE_STORE_MISMATCH
from entekhab.domain.errors import EntekhabError
from entekhab.domain.practice import PRACTICE_APPLICATION_ID

__all__ = ["Journal", "PendingRequest", "Ticket", "UnprintedReceipt", "encode_body"]

SCHEMA_VERSION = 2
"""2: no ballot tokens; ballots stay in the station until closing (state); receipt queue."""

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
    ballot_style TEXT NOT NULL,
    contests TEXT NOT NULL,
    provisional INTEGER NOT NULL DEFAULT 0,
    shown INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ballots (
    ballot_id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    digest TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'counted',
    incident_id INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unprinted (
    ballot_id TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    hour TEXT NOT NULL
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
    """A checked-in voter's open ballot: the style and its contests."""

    ticket: str
    ballot_style: str
    contests: tuple[str, ...]
    provisional: bool = False
    shown: bool = False


@dataclass(frozen=True)
class UnprintedReceipt:
    """A receipt committed but not printed yet."""

    ballot_id: str
    digest: str
    hour: str


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
            if self._conn.execute("PRAGMA application_id").fetchone()[0] == PRACTICE_APPLICATION_ID:
                self._conn.close()  # practice ballots never enter a station's journal
                raise EntekhabError(
                    PRACTICE_STORE_MISMATCH, {"path": str(self.path), "what": "a practice store"}
                )
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise ValueError(
                    f"journal {self.path} has schema {version}, this station writes "
                    f"{SCHEMA_VERSION}: close the old branch with the version that opened it"
                )
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
        ticket = Ticket(secrets.token_hex(8), ballot_style, tuple(contests), provisional)
        conn.execute(
            "INSERT INTO tickets (ticket, ballot_style, contests, provisional) VALUES (?, ?, ?, ?)",
            (ticket.ticket, ballot_style, json.dumps(list(contests)), int(provisional)),
        )
        return ticket

    def complete_checkin(
        self,
        request: PendingRequest,
        *,
        hour: str,
        ballot_style: str,
        contests: Sequence[str],
    ) -> Ticket:
        """The server checked the voter in: record it and forget the request, in one commit."""
        with self.transaction() as conn:
            ticket = self.record_checkin(
                conn, hour=hour, ballot_style=ballot_style, contests=contests
            )
            self.finish_request(request, conn)
        return ticket

    def ticket(self, ticket: str) -> Ticket | None:
        with self._lock:
            row = self._conn.execute(_TICKET_COLUMNS + " WHERE ticket = ?", (ticket,)).fetchone()
        return None if row is None else _ticket(row)

    def tickets(self, *, unshown: bool = False) -> list[Ticket]:
        """Open tickets (checked in, not yet cast), in random (ticket id) order; ``unshown``:
        only those the operator's screen never showed."""
        query = _TICKET_COLUMNS + (" WHERE shown = 0" if unshown else "")
        with self._lock:
            rows = self._conn.execute(query).fetchall()
        return [_ticket(r) for r in rows]

    def mark_shown(self, ticket: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE tickets SET shown = 1 WHERE ticket = ?", (ticket,))

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
    def add_ballot(
        self,
        conn: sqlite3.Connection,
        record: BallotRecord,
        *,
        state: str = "counted",
        incident_id: int | None = None,
    ) -> None:
        conn.execute(
            "INSERT INTO ballots (ballot_id, record, digest, state, incident_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                record.ballot_id,
                json.dumps(record.as_json(), sort_keys=True),
                record.digest(),
                state,
                incident_id,
            ),
        )

    def set_ballot_state(
        self, conn: sqlite3.Connection, ballot_id: str, state: str, incident_id: int | None = None
    ) -> None:
        """A pending (provisional) ballot reconciled: ``counted``, or ``held`` under an incident."""
        conn.execute(
            "UPDATE ballots SET state = ?, incident_id = ? WHERE ballot_id = ?",
            (state, incident_id, ballot_id),
        )

    def cast(
        self,
        ticket: str,
        record: BallotRecord,
        *,
        state: str = "counted",
        conn: sqlite3.Connection | None = None,
    ) -> None:
        """Record the ballot of ``ticket``, close the ticket and queue its receipt; one commit."""
        if conn is None:
            with self.transaction() as c:
                self.cast(ticket, record, state=state, conn=c)
            return
        self.add_ballot(conn, record, state=state)
        conn.execute("DELETE FROM tickets WHERE ticket = ?", (ticket,))
        conn.execute(
            "INSERT INTO unprinted (ballot_id, digest, hour) VALUES (?, ?, ?)",
            (record.ballot_id, record.digest(), record.hour),
        )

    def unprinted(self) -> list[UnprintedReceipt]:
        """Receipts committed but never printed (in ballot-id order)."""
        with self._lock:
            rows = self._conn.execute("SELECT ballot_id, digest, hour FROM unprinted").fetchall()
        return [UnprintedReceipt(r[0], r[1], r[2]) for r in rows]

    def mark_printed(self, ballot_id: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM unprinted WHERE ballot_id = ?", (ballot_id,))

    def ballot_records(self, state: str = "counted") -> list[BallotRecord]:
        """The branch's ballot records in one state (counted by default), in ballot-id order."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT record FROM ballots WHERE state = ? ORDER BY ballot_id", (state,)
            ).fetchall()
        return [BallotRecord.model_validate_json(r[0]) for r in rows]

    def all_ballot_records(self) -> list[BallotRecord]:
        """Every ballot cast at this station, whatever its state (the removable copy's content)."""
        with self._lock:
            rows = self._conn.execute("SELECT record FROM ballots ORDER BY ballot_id").fetchall()
        return [BallotRecord.model_validate_json(r[0]) for r in rows]

    def held_ballots(self) -> list[tuple[int, BallotRecord]]:
        """(incident id, record) of the ballots headquarters holds for the board."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT incident_id, record FROM ballots WHERE state = 'held' ORDER BY ballot_id"
            ).fetchall()
        return [(int(r[0]), BallotRecord.model_validate_json(r[1])) for r in rows]

    def ballot_count(self, state: str = "counted") -> int:
        with self._lock:
            row = self._conn.execute("SELECT count(*) FROM ballots WHERE state = ?", (state,))
            return int(row.fetchone()[0])


_TICKET_COLUMNS = "SELECT ticket, ballot_style, contests, provisional, shown FROM tickets"


def _ticket(row: Sequence[Any]) -> Ticket:
    return Ticket(row[0], row[1], tuple(json.loads(row[2])), bool(row[3]), bool(row[4]))
