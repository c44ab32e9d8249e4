"""The branch station's use cases: open, check in, cast, close, and recovery at start-up.

``Station`` is the one Python API used by ``entekhab station run`` (a subprocess per station)
and by simulations that run many stations in one process. Every server request goes through the
journal first (``Journal.add_request``) and is sent by the signed, retrying ``StationClient``;
its answer is applied to the journal in one commit, and only then returned (acknowledged).

    station = Station(journal=..., client=..., definition=..., branch="B1",
                      station_key=kp, head_key=head_kp, verifier=SimulatedIdentityVerifier())
    station.recover(report)                 # replay what a crash left unanswered
    station.open("head")                    # -> Opened
    verifier.present(code, serial)          # (simulation) a voter hands in the card
    checked = station.check_in()            # -> CheckedIn(ticket, contests, ...)
    receipt = station.cast(checked.ticket, selections)   # -> CastReceipt(ballot_id, digest)
    station.close("head")                   # -> Closed (records, close, signed bulletins)

Errors: local refusals (identity not verified, invalid national code, bad selections, unknown
ticket) are coded ``EntekhabError``s raised before anything is journalled; the server's coded
refusals come through as ``ServerRefusal`` (the request is then forgotten); ``ServerUnreachable``
leaves the request in the journal, to be replayed by ``recover()``. The offline layer
(``station/offline``) decides what a branch does meanwhile (refuse or provisional).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from entekhab.crypto.signing import KeyPair
from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.domain.ballot_rules import validate_ballot
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import definition_hash
from entekhab.domain.error_codes.election_day import (
    BRANCH_CLOSED,
    IDENTITY_NOT_VERIFIED,
    STATION_JOURNAL_MISMATCH,
    STATION_NOT_OPEN,
    STATION_TICKET_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import require_valid
from entekhab.station import closing
from entekhab.station.client import ServerRefusal, StationClient
from entekhab.station.identity import FingerprintOutcome, IdentityVerifier
from entekhab.station.journal import Journal, PendingRequest
from entekhab.station.outcomes import CastReceipt, CheckedIn, Closed, Opened, Outcome, Refused

__all__ = ["Report", "Station"]

Report = Callable[[Outcome], None]

OWN_KINDS = frozenset({"open", "check_in", "cast", "records", "close", "bulletin", "incident"})
"""The request kinds ``Station.recover`` replays and applies."""


class Station:
    """One branch station (one journal, one station key). Not thread-safe: one operator loop."""

    def __init__(
        self,
        *,
        journal: Journal,
        client: StationClient,
        definition: ElectionDefinition,
        branch: str,
        station_key: KeyPair,
        verifier: IdentityVerifier,
        head_key: KeyPair | None = None,
        fingerprint_attempts: int = 3,
    ) -> None:
        self.journal = journal
        self.client = client
        self.definition = definition
        self.definition_hash = definition_hash(definition)
        self.branch = branch
        self.station_key = station_key
        self.head_key = head_key
        self.verifier = verifier
        self.fingerprint_attempts = fingerprint_attempts
        self._claim_journal()

    def _claim_journal(self) -> None:
        """A journal belongs to one election, branch and station key, for good."""
        mine = {
            "election_id": self.definition.id,
            "branch": self.branch,
            "station_key_id": self.station_key.key_id,
        }
        theirs = self.journal.get_meta("identity")
        if theirs is None:
            self.journal.set_meta("identity", mine)
        elif theirs != mine:
            raise EntekhabError(STATION_JOURNAL_MISMATCH, {"journal": theirs, "given": mine})

    # -- state ----------------------------------------------------------------------------------
    @property
    def session(self) -> dict[str, Any] | None:
        """The branch session the server returned at opening (None before opening)."""
        value = self.journal.get_meta("session")
        return value if isinstance(value, dict) else None

    @property
    def is_closed(self) -> bool:
        return self.journal.get_meta("closing") is not None

    def _require_open(self) -> dict[str, Any]:
        session = self.session
        if session is None:
            raise EntekhabError(STATION_NOT_OPEN, {})
        if self.is_closed:
            raise EntekhabError(BRANCH_CLOSED, {"branch": self.branch})
        return session

    # -- sending and applying answers -----------------------------------------------------------
    def deliver(self, request: PendingRequest, *, recovered: bool = False) -> Outcome | None:
        """Send a journalled request; apply and return its outcome, or raise the refusal.

        A final refusal forgets the request (a cast's ticket stays open); ``ServerUnreachable``
        leaves it journalled."""
        try:
            answer = self.client.send(
                request.method, request.path, request.body, idempotency_key=request.idempotency_key
            )
        except ServerRefusal as error:
            self.journal.finish_request(request)
            if request.kind == "bulletin":
                closing.note_bulletin(self.journal, request, refusal=error)
            raise
        return self._apply(request, answer.body, recovered)

    def _apply(self, request: PendingRequest, body: Any, recovered: bool) -> Outcome | None:
        if request.kind == "open":
            self.journal.set_meta("session", body)
            self.journal.finish_request(request)
            return Opened(body, recovered)
        if request.kind == "check_in":
            ticket = self.journal.complete_checkin(
                request,
                hour=body["hour"],
                ballot_style=body["ballot_style"],
                contests=body["contests"],
                token=body["token"],
            )
            return CheckedIn(
                request.payload()["national_code"],
                ticket.ticket,
                ticket.ballot_style,
                ticket.contests,
                body["hour"],
                recovered,
            )
        if request.kind == "cast":
            record = BallotRecord.model_validate(body["record"])
            self.journal.complete_cast(request, record)
            return CastReceipt(
                request.ticket, record.ballot_id, record.digest(), record.hour, recovered
            )
        if request.kind == "close":
            with self.journal.transaction() as conn:
                self.journal.set_meta("closing", body, conn)
                self.journal.finish_request(request, conn)
            return None
        if request.kind == "bulletin":
            closing.note_bulletin(self.journal, request, receipt=body)
            return None
        self.journal.finish_request(request)  # records (read-only compare), incidents
        return None

    def recover(self, report: Report | None = None) -> list[Outcome]:
        """Replay every unanswered journalled request of the station's own kinds, oldest first;
        ``report`` sees each outcome as soon as it is committed. Raises ``ServerUnreachable``
        if the link is down (what is left stays journalled). Requests of other kinds (the
        offline layer's ``provisional`` batches) are left to their owner, which applies them."""
        outcomes: list[Outcome] = []
        for request in self.journal.pending():
            if request.kind not in OWN_KINDS:
                continue
            outcome: Outcome | None
            try:
                outcome = self.deliver(request, recovered=True)
            except ServerRefusal as error:
                code = (
                    request.payload().get("national_code") if request.kind == "check_in" else None
                )
                outcome = Refused(request.kind, error, code, request.ticket)
            if outcome is not None:
                outcomes.append(outcome)
                if report is not None:
                    report(outcome)
        return outcomes

    # -- the use cases --------------------------------------------------------------------------
    def open(self, opened_by: str) -> Opened:
        """Open the branch at the server (checks the definition hash); again: same session."""
        session = self.session
        if session is not None:
            return Opened(session, recovered=True)
        body = {"opened_by": opened_by, "definition_hash": self.definition_hash}
        path = f"/api/v1/branches/{self.branch}/open"
        outcome = self.deliver(self.journal.add_request("open", "POST", path, body))
        assert isinstance(outcome, Opened)
        return outcome

    def verify_identity(self, override_reason: str | None) -> tuple[str, str, str]:
        """Read the card and match the fingerprint (a few tries); (code, serial, outcome)."""
        card = self.verifier.read_card()
        national_code = require_valid(card.national_code)
        outcome = FingerprintOutcome.NOT_CAPTURED
        for _ in range(max(1, self.fingerprint_attempts)):
            outcome = self.verifier.match_fingerprint(card)
            if outcome is FingerprintOutcome.MATCH:
                break
        if outcome is not FingerprintOutcome.MATCH and not (override_reason or "").strip():
            raise EntekhabError(IDENTITY_NOT_VERIFIED, {"fingerprint": str(outcome)})
        return national_code, card.card_serial, str(outcome)

    def check_in(self, *, override_reason: str | None = None) -> CheckedIn:
        """Authenticate the voter at the devices and check them in at the server."""
        self._require_open()
        national_code, serial, fingerprint = self.verify_identity(override_reason)
        body = {
            "national_code": national_code,
            "card_serial": serial,
            "fingerprint": fingerprint,
            "override_reason": None if fingerprint == "match" else override_reason,
        }
        request = self.journal.add_request("check_in", "POST", "/api/v1/checkins", body)
        outcome = self.deliver(request)
        assert isinstance(outcome, CheckedIn)
        return outcome

    def cast(self, ticket: str, selections: Sequence[ContestSelection]) -> CastReceipt:
        """Validate the selections, journal and send the cast; the receipt is the printout."""
        self._require_open()
        open_ticket = self.journal.ticket(ticket)
        if open_ticket is None:
            raise EntekhabError(STATION_TICKET_UNKNOWN, {"ticket": ticket})
        already = [r for r in self.journal.pending("cast") if r.ticket == ticket]
        if already:  # the ballot of this ticket is journalled: send that one, never a second
            request = already[0]
        else:
            ordered = validate_ballot(self.definition, open_ticket.contests, selections)
            body = {
                "token": open_ticket.token,
                "selections": [s.model_dump(mode="json") for s in ordered],
            }
            request = self.journal.begin_cast(ticket, body)
        outcome = self.deliver(request)
        assert isinstance(outcome, CastReceipt)
        return outcome

    def close(self, closed_by: str, report: Report | None = None) -> Closed:
        """Close the branch: answer everything pending, upload and compare the records, close
        at the server with the count and Merkle root, then send a signed bulletin per contest."""
        if self.session is None:
            raise EntekhabError(STATION_NOT_OPEN, {})
        self.recover(report)
        if not self.is_closed:
            closing.compare_records(self)
            closing.close_at_server(self, closed_by)
        closing.journal_bulletins(self)
        self.recover(report)
        self.journal.scrub()
        return closing.closed_outcome(self)
