"""The branch station's use cases: open, check in, cast, close, and recovery at start-up.

``Station`` is the one Python API used by ``entekhab station run`` (a subprocess per station),
by the branch console and by simulations that run many stations in one process. Every server
request goes through the journal first (``Journal.add_request``) and is sent by the signed,
retrying ``StationClient``; its answer is applied to the journal in one commit, and only then
returned (acknowledged).

The ballot never goes to headquarters during the day (docs/ballot-secrecy.md): ``check_in``
asks the server whether the voter may vote; ``cast`` records the ballot here — in the removable
copy (``mirror``) and then the journal, both fsynced — and returns the receipt; ``close`` sends
every ballot once, with the signed bulletins.

    station = Station(journal=..., client=..., definition=..., branch="B1",
                      station_key=kp, head_key=head_kp, verifier=SimulatedIdentityVerifier(),
                      mirror=BallotMirror(media_dir))
    station.recover(report)                 # replay what a crash left unanswered; reprint
                                            # receipts and re-show check-ins it interrupted
    station.open("head")                    # -> Opened
    verifier.present(code, serial)          # (simulation) a voter hands in the card
    checked = station.check_in()            # -> CheckedIn(ticket, contests, ...)
    station.shown(checked)                  # the operator's screen showed it
    receipt = station.cast(checked.ticket, selections)   # -> CastReceipt(ballot_id, digest)
    station.printed(receipt)                # the receipt came out of the printer
    station.close("head")                   # -> Closed (ballots and signed bulletins sent)

Errors: local refusals (identity not verified, invalid national code, bad selections, unknown
ticket, branch closing) are coded ``EntekhabError``s raised before anything is journalled; the
server's coded refusals come through as ``ServerRefusal`` (the request is then forgotten);
``ServerUnreachable`` leaves the request in the journal, to be replayed by ``recover()``. The
offline layer (``station/offline``) decides what a branch does meanwhile (refuse or
provisional).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from entekhab.crypto.signing import KeyPair
from entekhab.domain.ballot import BallotRecord, ContestSelection
from entekhab.domain.ballot_rules import validate_ballot
from entekhab.domain.branch_state import require_open as branch_open
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import definition_hash
from entekhab.domain.error_codes.election_day import (
    STATION_JOURNAL_MISMATCH,
    STATION_NOT_OPEN,
    STATION_TICKET_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import require_valid
from entekhab.domain.station_protocol import CHECKINS, api_path, branch_route, check_in_body
from entekhab.domain.voter_identity import require_identity
from entekhab.station import closing
from entekhab.station.client import ServerRefusal, ServerUnreachable, StationClient
from entekhab.station.definition_check import require_signed_definition
from entekhab.station.identity import FingerprintOutcome, IdentityVerifier
from entekhab.station.journal import Journal, PendingRequest
from entekhab.station.mirror import BallotMirror
from entekhab.station.outcomes import CastReceipt, CheckedIn, Closed, Opened, Outcome, Refused

__all__ = ["Report", "Station"]

Report = Callable[[Outcome], None]

OWN_KINDS = frozenset({"open", "check_in", "close", "incident"})
"""The request kinds ``Station.recover`` replays and applies."""


def hour_of(moment: datetime) -> str:
    """The UTC hour (``2026-06-18T07``): the finest time a ballot record carries."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H")


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
        hq_public_key: str,
        head_key: KeyPair | None = None,
        fingerprint_attempts: int = 3,
        mirror: BallotMirror | None = None,
        bulletin_dir: Path | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """``mirror``: the second copy of the ballots on removable media (a real branch always
        has one; simulations of many stations on one machine may leave it out).
        ``bulletin_dir``: where the signed bulletins and wall sheets are written at closing
        (default: ``bulletins/`` beside the journal). ``clock``: the station's clock (the hour
        of each ballot, the closing moment)."""
        self.journal = journal
        self.client = client
        self.definition = definition
        self.definition_hash = definition_hash(definition)
        self.hq_public_key = hq_public_key
        """Headquarters' public key, given at enrolment: it must have signed the definition."""
        self.branch = branch
        self.station_key = station_key
        self.head_key = head_key
        self.verifier = verifier
        self.fingerprint_attempts = fingerprint_attempts
        self.mirror = mirror
        self.bulletin_dir = bulletin_dir or journal.path.parent / "bulletins"
        self.clock = clock
        self._interruptions_reported = False
        self._claim_journal()
        if mirror is not None:  # the journal is authoritative (see station.mirror)
            mirror.sync(journal.all_ballot_records())

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
        """Headquarters answered the closing."""
        return self.journal.get_meta("closing") is not None

    @property
    def is_closing(self) -> bool:
        """The bulletins are signed: no more check-ins or ballots here."""
        return self.journal.get_meta("signed_bulletins") is not None

    def require_open(self) -> dict[str, Any]:
        """The open session, or STATION_NOT_OPEN / BRANCH_CLOSED (closing started)."""
        session = self.session
        if session is None:
            raise EntekhabError(STATION_NOT_OPEN, {})
        branch_open(self.branch, opened=True, closed=self.is_closing or self.is_closed)
        return session

    _require_open = require_open

    # -- sending and applying answers -----------------------------------------------------------
    def deliver(
        self, request: PendingRequest, *, recovered: bool = False, force: bool = False
    ) -> Outcome | None:
        """Send a journalled request; apply and return its outcome, or raise the refusal.

        A final refusal forgets the request; ``ServerUnreachable`` leaves it journalled (at once
        while the link is known down, unless ``force``: see ``StationClient``)."""
        if request.kind == "open":  # first or replayed: the definition must be signed
            self._require_signed_definition(request)
        try:
            answer = self.client.send(
                request.method,
                request.path,
                request.body,
                idempotency_key=request.idempotency_key,
                force=force,
            )
        except ServerRefusal:
            self.journal.finish_request(request)
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
            )
            return CheckedIn(
                request.payload()["national_code"],
                ticket.ticket,
                ticket.ballot_style,
                ticket.contests,
                body["hour"],
                recovered,
            )
        if request.kind == "close":
            with self.journal.transaction() as conn:
                self.journal.set_meta("closing", body, conn)
                self.journal.finish_request(request, conn)
            return None
        self.journal.finish_request(request)  # incidents
        return None

    def interrupted(self) -> list[Outcome]:
        """What a crash kept from the voter or the operator: receipts committed but never
        printed (``reprint``) and check-ins committed but never shown (``unshown``)."""
        found: list[Outcome] = [
            CastReceipt(None, r.ballot_id, r.digest, r.hour, recovered=True, reprint=True)
            for r in self.journal.unprinted()
        ]
        found += [
            CheckedIn(None, t.ticket, t.ballot_style, t.contests, "", recovered=True, unshown=True)
            for t in self.journal.tickets(unshown=True)
        ]
        return found

    def shown(self, checked: CheckedIn) -> None:
        """The operator's screen showed this check-in (so recovery need not show it again)."""
        self.journal.mark_shown(checked.ticket)

    def printed(self, receipt: CastReceipt) -> None:
        """The printer printed this receipt (so recovery need not print it again)."""
        self.journal.mark_printed(receipt.ballot_id)

    def recover(self, report: Report | None = None, *, force: bool = True) -> list[Outcome]:
        """Replay every unanswered journalled request of the station's own kinds, oldest first;
        ``report`` sees each outcome as soon as it is committed. Raises ``ServerUnreachable``
        if the link is down (what is left stays journalled). Requests of other kinds (the
        offline layer's ``provisional`` batches) are left to their owner, which applies them.
        Receipts and check-ins a crash interrupted (``interrupted()``) are reported first:
        the caller prints and shows them, saying so on the branch console."""
        outcomes: list[Outcome] = []
        if not self._interruptions_reported:  # once per start-up
            self._interruptions_reported = True
            for found in self.interrupted():
                outcomes.append(found)
                if report is not None:
                    report(found)
        for request in self.journal.pending():
            if request.kind not in OWN_KINDS:
                continue
            outcome: Outcome | None
            try:
                outcome = self.deliver(request, recovered=True, force=force)
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
        path = api_path(branch_route("open"), branch=self.branch)
        outcome = self.deliver(self.journal.add_request("open", "POST", path, body), force=True)
        assert isinstance(outcome, Opened)
        return outcome

    def _require_signed_definition(self, opening: PendingRequest) -> None:
        """The definition must be the one headquarters signed (station/definition_check.py).
        A refusal forgets the opening, is kept in the journal and reported to headquarters as
        an incident; an unreachable server leaves the opening journalled, checked on replay."""
        try:
            require_signed_definition(
                self.client, self.definition.id, self.definition_hash, self.hq_public_key
            )
        except ServerUnreachable:
            raise
        except EntekhabError as refused:
            self.journal.finish_request(opening)
            self.journal.set_meta("definition_refused", refused.to_dict())
            body = {"kind": "definition_refused", "description": refused.message_en[:500]}
            request = self.journal.add_request("incident", "POST", "/api/v1/incidents", body)
            with suppress(EntekhabError):  # kept in the journal; the refusal is what matters
                self.deliver(request)
            raise

    def verify_identity(self, override_reason: str | None) -> tuple[str, str, str]:
        """Read the card and match the fingerprint (a few tries); (code, serial, outcome)."""
        card = self.verifier.read_card()
        national_code = require_valid(card.national_code)
        outcome = FingerprintOutcome.NOT_CAPTURED
        for _ in range(max(1, self.fingerprint_attempts)):
            outcome = self.verifier.match_fingerprint(card)
            if outcome is FingerprintOutcome.MATCH:
                break
        require_identity(outcome, override_reason)
        return national_code, card.card_serial, str(outcome)

    def check_in(self, *, override_reason: str | None = None) -> CheckedIn:
        """Authenticate the voter at the devices and check them in at the server."""
        self._require_open()
        national_code, serial, fingerprint = self.verify_identity(override_reason)
        body = check_in_body(national_code, serial, fingerprint, override_reason)
        request = self.journal.add_request("check_in", "POST", api_path(CHECKINS), body)
        outcome = self.deliver(request)
        assert isinstance(outcome, CheckedIn)
        return outcome

    def new_record(
        self, contests: Sequence[str], selections: Sequence[ContestSelection], *, provisional: bool
    ) -> BallotRecord:
        """A ballot record of this branch: a fresh random 128-bit id, the hour only."""
        session = self.session or {}
        return BallotRecord(
            ballot_id=secrets.token_hex(16),
            election_id=self.definition.id,
            branch=self.branch,
            ballot_style=str(session.get("ballot_style", "")),
            hour=hour_of(self.clock()),
            selections=validate_ballot(self.definition, contests, selections),
            provisional=provisional,
        )

    def keep_ballot(self, record: BallotRecord) -> None:
        """Write the ballot to the removable copy (fsynced) before the journal acknowledges it."""
        if self.mirror is not None:
            self.mirror.add(record)

    def cast(self, ticket: str, selections: Sequence[ContestSelection]) -> CastReceipt:
        """Validate the selections and record the ballot here (removable copy, then journal; no
        server request): the receipt is the printout. A provisional ticket is the offline
        layer's (``OfflineBranch.cast``)."""
        self._require_open()
        open_ticket = self.journal.ticket(ticket)
        if open_ticket is None or open_ticket.provisional:
            raise EntekhabError(STATION_TICKET_UNKNOWN, {"ticket": ticket})
        record = self.new_record(open_ticket.contests, selections, provisional=False)
        self.keep_ballot(record)
        self.journal.cast(ticket, record)
        return CastReceipt(ticket, record.ballot_id, record.digest(), record.hour)

    def close(self, closed_by: str, report: Report | None = None) -> Closed:
        """Close the branch: answer everything pending, sign the bulletins from the station's
        own records (kept in the journal and as files), then send every ballot and the
        bulletins to headquarters in one request. Raises ``ServerUnreachable`` while the link
        is down (run it again: it resumes)."""
        if self.session is None:
            raise EntekhabError(STATION_NOT_OPEN, {})
        self.recover(report)
        if not self.is_closed:
            self.deliver(closing.closing_request(self, closed_by), force=True)
        closing.bulletin_files(self, closing.signed_bulletins(self))
        self.journal.scrub()
        if self.mirror is not None:
            self.mirror.scrub()
        return closing.closed_outcome(self)
