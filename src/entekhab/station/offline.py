"""What a branch station does when headquarters cannot be reached (docs/offline.md).

``OfflineBranch`` wraps a ``Station`` and follows the election's offline policy, which the server
gave at opening (``session["offline_policy"]``):

``refuse``
    A check-in the server did not answer is *parked* (taken out of the replay queue, kept with its
    idempotency key and exact body) and the operator is told to let the voter wait
    (``OFFLINE_REFUSED``): nothing is recorded for the voter. When the same person comes back,
    the parked request is sent again with the same key, so a check-in the server did receive is
    answered as the same request, never counted twice. Parked requests of people who never came
    back are dropped at closing.
``provisional``
    The station checks what it can alone — the national code (check digit), the identity devices,
    and that the person was not already checked in *at this station* — then records a
    provisional check-in (journal, fsync) and lets the voter cast: the ballot record is made
    like any other (random ballot id, hour only, ``provisional: true``), kept on the removable
    copy and in the journal (state ``pending``) before the receipt is shown. ``reconcile()``
    sends the provisional check-ins — never the ballots, only whether one was cast — to the
    server when the link is back; the ballot of an accepted check-in becomes ``counted``, that
    of a held one ``held`` under the server's incident, and goes to headquarters at closing
    apart from the counted ones, for the board.

Casting needs no link under either policy: ballots stay in the station until closing.

Journal tables added here (secrecy: no table links a voter to a counted ballot):

``offline_seen``
    A keyed hash (HMAC under a key derived from the station's private key) of each national code
    checked in here: the "not already checked in at this station" check, offline.
``offline_parked``
    Refused check-ins waiting for their voter (refuse policy): hash, idempotency key, body.
``offline_items``
    Provisional items until the server has reconciled them: an item holds the national code and
    the id of the ballot cast after it (in the journal's ``ballots``, state ``pending``),
    because the station must be able to hold the ballot of someone who also voted elsewhere.
    Deleted (``secure_delete``) as soon as the server's answer is applied.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from typing import Any

from entekhab.domain.ballot import ContestSelection
from entekhab.domain.error_codes.election_day import (
    ALREADY_CHECKED_IN_HERE,
    OFFLINE_REFUSED,
    STATION_TICKET_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.station_protocol import CHECKINS, api_path, branch_route, check_in_body
from entekhab.station.client import ServerRefusal, ServerUnreachable
from entekhab.station.journal import PendingRequest
from entekhab.station.outcomes import CastReceipt, CheckedIn, Closed
from entekhab.station.station import Report, Station, hour_of

__all__ = ["PROVISIONAL_BATCH", "OfflineBranch"]

PROVISIONAL_BATCH = 1_000
"""Items per reconciliation request (the server's limit)."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS offline_seen (code_mac TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS offline_parked (code_mac TEXT PRIMARY KEY, "
    "idempotency_key TEXT NOT NULL, body BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS offline_items (provisional_id TEXT PRIMARY KEY, "
    "item TEXT NOT NULL, ticket TEXT, ballot_id TEXT) WITHOUT ROWID",
)


class OfflineBranch:
    """A station that keeps working, by its election's policy, when the link is down."""

    def __init__(self, station: Station) -> None:
        self.station = station
        self.journal = station.journal
        signature = station.station_key.sign(b"entekhab/station/offline-seen")
        self._mac_key = hashlib.sha256(bytes.fromhex(signature)).digest()
        with self.journal.transaction() as conn:
            for statement in _SCHEMA:
                conn.execute(statement)

    @property
    def policy(self) -> str:
        session = self.station.session or {}
        return str(session.get("offline_policy", "refuse"))

    # -- check-in -------------------------------------------------------------------------------
    def check_in(self, *, override_reason: str | None = None) -> CheckedIn:
        """Check the voter in at the server; when it cannot be reached, follow the policy."""
        self.station.require_open()
        code, serial, fingerprint = self.station.verify_identity(override_reason)
        body = check_in_body(code, serial, fingerprint, override_reason)
        mac = self._mac(code)
        request = self._take_parked(mac) or self.journal.add_request(
            "check_in", "POST", api_path(CHECKINS), body
        )
        try:
            outcome = self.station.deliver(request)
        except ServerUnreachable:
            if self.policy == "provisional":
                return self._check_in_provisionally(request, mac, body)
            self._park(request, mac)
            raise EntekhabError(OFFLINE_REFUSED, {"national_code": code}) from None
        assert isinstance(outcome, CheckedIn)
        with self.journal.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO offline_seen (code_mac) VALUES (?)", (mac,))
        return outcome

    def _mac(self, code: str) -> str:
        return hmac.new(self._mac_key, code.encode(), hashlib.sha256).hexdigest()

    def _take_parked(self, mac: str) -> PendingRequest | None:
        """A parked check-in of this person, back in the replay queue with its own key."""
        with self.journal.transaction() as conn:
            row = conn.execute(
                "SELECT idempotency_key, body FROM offline_parked WHERE code_mac = ?", (mac,)
            ).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM offline_parked WHERE code_mac = ?", (mac,))
            return self.journal.add_request(
                "check_in",
                "POST",
                api_path(CHECKINS),
                bytes(row[1]),
                conn=conn,
                idempotency_key=row[0],
            )

    def _park(self, request: PendingRequest, mac: str) -> None:
        with self.journal.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO offline_parked (code_mac, idempotency_key, body) "
                "VALUES (?, ?, ?)",
                (mac, request.idempotency_key, request.body),
            )
            self.journal.finish_request(request, conn)

    def _check_in_provisionally(
        self, request: PendingRequest, mac: str, body: dict[str, Any]
    ) -> CheckedIn:
        session = self.station.session or {}
        style, contests = str(session["ballot_style"]), tuple(session["contests"])
        hour = hour_of(self.station.clock())
        provisional_id = secrets.token_hex(16)
        item = {"provisional_id": provisional_id, **body, "hour": hour, "cast": False}
        with self.journal.transaction() as conn:
            self.journal.finish_request(request, conn)  # the server never answered it
            seen = conn.execute("SELECT 1 FROM offline_seen WHERE code_mac = ?", (mac,))
            if seen.fetchone() is not None:
                already = EntekhabError(ALREADY_CHECKED_IN_HERE, {"branch": self.station.branch})
            else:
                already = None
                ticket = self.journal.record_checkin(
                    conn,
                    hour=hour,
                    ballot_style=style,
                    contests=contests,
                    provisional=True,
                )
                conn.execute(
                    "INSERT INTO offline_items (provisional_id, item, ticket) VALUES (?, ?, ?)",
                    (provisional_id, json.dumps(item, sort_keys=True), ticket.ticket),
                )
                conn.execute("INSERT INTO offline_seen (code_mac) VALUES (?)", (mac,))
        if already is not None:
            raise already
        return CheckedIn(body["national_code"], ticket.ticket, style, contests, hour)

    # -- casting --------------------------------------------------------------------------------
    def cast(self, ticket: str, selections: Sequence[ContestSelection]) -> CastReceipt:
        """Cast at the server, or — for a provisional check-in — record the ballot locally."""
        found = self.journal.ticket(ticket)
        if found is None or not found.provisional:
            return self.station.cast(ticket, selections)
        self.station.require_open()
        record = self.station.new_record(found.contests, selections, provisional=True)
        self.station.keep_ballot(record)
        with self.journal.transaction() as conn:
            row = conn.execute(
                "SELECT provisional_id, item FROM offline_items WHERE ticket = ?", (ticket,)
            ).fetchone()
            if row is None:  # pragma: no cover - a provisional ticket always has its item
                raise EntekhabError(STATION_TICKET_UNKNOWN, {"ticket": ticket})
            item = json.loads(row[1]) | {"cast": True}
            conn.execute(
                "UPDATE offline_items SET item = ?, ticket = NULL, ballot_id = ? "
                "WHERE provisional_id = ?",
                (json.dumps(item, sort_keys=True), record.ballot_id, row[0]),
            )
            self.journal.cast(ticket, record, state="pending", conn=conn)
        return CastReceipt(ticket, record.ballot_id, record.digest(), record.hour)

    # -- reconnection ---------------------------------------------------------------------------
    def waiting_items(self) -> int:
        """Provisional items the server has not reconciled yet."""
        with self.journal.transaction() as conn:
            return int(conn.execute("SELECT count(*) FROM offline_items").fetchone()[0])

    def reconnect(self, report: Report | None = None) -> dict[str, int]:
        """The link is back: replay the journal, then reconcile the provisional items.
        Raises ``ServerUnreachable`` if it is not (nothing is lost). An explicit act: it tries
        the network even while the link is marked down."""
        self.station.recover(report)
        return self.reconcile()

    def reconcile(self, *, closing: bool = False) -> dict[str, int]:
        """Send every cast provisional item (at closing also those whose voter left without
        casting) and apply the server's answers; the running totals of accepted and held."""
        for request in self.journal.pending("provisional"):  # a batch a crash left unanswered
            self._send_batch(request)
        while True:
            items = self._ready_items(closing)
            if not items:
                break
            path = api_path(branch_route("provisional"), branch=self.station.branch)
            request = self.journal.add_request("provisional", "POST", path, {"items": items})
            self._send_batch(request)
        return dict(self.journal.get_meta("provisional") or {"accepted": 0, "held": 0})

    def _ready_items(self, closing: bool) -> list[dict[str, Any]]:
        with self.journal.transaction() as conn:
            if closing:  # the voter left without casting: the check-in alone goes
                for (ticket,) in conn.execute(
                    "SELECT ticket FROM offline_items WHERE ticket IS NOT NULL"
                ).fetchall():
                    conn.execute("DELETE FROM tickets WHERE ticket = ?", (ticket,))
                conn.execute("UPDATE offline_items SET ticket = NULL")
            rows = conn.execute(
                "SELECT item FROM offline_items WHERE ticket IS NULL LIMIT ?",
                (PROVISIONAL_BATCH,),
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def _send_batch(self, request: PendingRequest) -> None:
        try:
            answer = self.station.client.send(
                request.method,
                request.path,
                request.body,
                idempotency_key=request.idempotency_key,
                force=True,
            )
        except ServerRefusal:  # final: the items stay, the operator sees the coded error
            self.journal.finish_request(request)
            raise
        with self.journal.transaction() as conn:
            totals = self.journal.get_meta("provisional") or {"accepted": 0, "held": 0}
            for result in answer.body["results"]:
                row = conn.execute(
                    "SELECT ballot_id FROM offline_items WHERE provisional_id = ?",
                    (result["provisional_id"],),
                ).fetchone()
                if row is None:  # already applied (an earlier answer to the same item)
                    continue
                conn.execute(
                    "DELETE FROM offline_items WHERE provisional_id = ?",
                    (result["provisional_id"],),
                )
                totals[result["status"]] = totals.get(result["status"], 0) + 1
                if row[0] is not None:  # the voter cast: the ballot is counted or held
                    held = result["status"] == "held"
                    self.journal.set_ballot_state(
                        conn,
                        row[0],
                        "held" if held else "counted",
                        result["incident_id"] if held else None,
                    )
            self.journal.set_meta("provisional", totals, conn)
            self.journal.finish_request(request, conn)

    # -- closing --------------------------------------------------------------------------------
    def close(self, closed_by: str, report: Report | None = None) -> Closed:
        """Reconcile everything provisional, drop parked check-ins, then close the branch."""
        self.station.recover(report)
        self.reconcile(closing=True)
        with self.journal.transaction() as conn:
            conn.execute("DELETE FROM offline_parked")
        return self.station.close(closed_by, report)
