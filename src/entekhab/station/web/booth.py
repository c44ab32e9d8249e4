"""The branch console's state between its two screens: the agent's and the voter's booth.

``BranchConsole`` wraps the one ``Station`` of the process (through ``OfflineBranch``, so the
election's offline policy applies as at the prompt) and serialises every call to it with a lock
(a ``Station`` is not thread-safe; the web server answers from a thread pool). It adds only
what two screens need and the prompt did not:

* **who may open which screen.** The agent's screen needs the console token, a random value
  printed in the terminal by ``entekhab station run --web`` (the address ``/agent?token=…``); the
  voter's screen needs to be *paired*: it asks for the booth code shown on the agent's screen,
  a random 8-digit code used once, and then holds a random booth token in an HttpOnly,
  SameSite=Strict cookie. A page of another site or another local program has neither, so it
  can neither check a voter in nor cast; five wrong codes and the code changes.
* **the ballot waiting at the booth.** A check-in puts its ticket *here*, never in a page: the
  agent's screen learns only "waiting", then "voted, receipt printed"; the booth learns only the
  contests. One voter at a time (STATION_BOOTH_BUSY).
* **what the identity adapter said** (``ObservedVerifier``): the card read and each fingerprint
  outcome, shown to the agent beside the check-in.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from entekhab.domain.ballot import ContestSelection
from entekhab.domain.error_codes.station_console import (
    STATION_BOOTH_BUSY,
    STATION_BOOTH_CODE_WRONG,
    STATION_BOOTH_EMPTY,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import require_valid
from entekhab.station.client import ServerUnreachable
from entekhab.station.identity import (
    FingerprintOutcome,
    IdentityVerifier,
    NationalCard,
    SimulatedIdentityVerifier,
)
from entekhab.station.offline import OfflineBranch
from entekhab.station.outcomes import CastReceipt, CheckedIn, Closed, Opened, Outcome
from entekhab.station.station import Station
from entekhab.station.wall_sheet import print_wall_sheets

__all__ = ["BranchConsole", "IdentitySeen", "ObservedVerifier"]

_LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
"""Persian and Arabic-Indic digits, as a booth's keyboard may type the code."""
WRONG_CODES_ALLOWED = 5


@dataclass
class IdentitySeen:
    """What the devices reported for the last voter (no template, no image: outcomes only)."""

    card_serial: str = ""
    fingerprints: list[str] = field(default_factory=list)


class ObservedVerifier:
    """The station's identity adapter, passed through, remembering what it reported."""

    def __init__(self, inner: IdentityVerifier) -> None:
        self.inner = inner
        self.seen = IdentitySeen()

    def read_card(self) -> NationalCard:
        card = self.inner.read_card()
        self.seen = IdentitySeen(card_serial=card.card_serial)
        return card

    def match_fingerprint(self, card: NationalCard) -> FingerprintOutcome:
        outcome = self.inner.match_fingerprint(card)
        self.seen.fingerprints.append(str(outcome))
        return outcome


def _booth_code() -> str:
    return f"{secrets.randbelow(10**8):08d}"


@dataclass
class AgentView:
    """Everything the agent's screen may show (never a choice, never a ballot id)."""

    branch: str
    opened: bool
    closed: bool
    closing: bool
    checkins: int
    ballots: int
    pending: int
    waiting: bool
    last_voted: bool
    booth_paired: bool
    booth_code: str
    open_tickets: list[str]
    session: dict[str, Any] | None


class BranchConsole:
    """One station's two screens. Every method takes the lock around the station."""

    def __init__(
        self,
        station: Station,
        verifier: SimulatedIdentityVerifier,
        *,
        opened_by: str = "branch-head",
        pdf_sheets: bool = True,
    ) -> None:
        self.station = station
        self.observed = ObservedVerifier(station.verifier)
        station.verifier = self.observed
        self.cards = verifier
        self.branch = OfflineBranch(station)
        self.opened_by = opened_by
        self.pdf_sheets = pdf_sheets
        self.lock = threading.RLock()
        self.agent_token = secrets.token_urlsafe(32)
        self.booth_code = _booth_code()
        self.booth_token: str | None = None
        self._wrong_codes = 0
        self.waiting: CheckedIn | None = None
        self.last_voted = False
        self.reprints: list[CastReceipt] = []
        self.notices: list[Outcome] = []
        self.start_error: EntekhabError | None = None
        self.ballot_nonce = ""
        """Names the ballot now at the booth: a form from an earlier voter's page cannot cast."""

    # -- start-up -------------------------------------------------------------------------------
    def start(self) -> list[Outcome]:
        """Replay the journal (as ``start_up`` does): interrupted receipts go to the booth to be
        printed again; open tickets wait for the agent to send them to the booth."""
        with self.lock:
            try:
                found = self.station.recover()
            except ServerUnreachable as error:  # the journal keeps it; the next action retries
                found, self.start_error = [], error
            for outcome in found:
                if isinstance(outcome, CastReceipt) and outcome.reprint:
                    self.reprints.append(outcome)
                elif isinstance(outcome, CheckedIn) and outcome.unshown:
                    self.station.shown(outcome)  # listed among the open tickets
                self.notices.append(outcome)
            return found

    # -- who is who -----------------------------------------------------------------------------
    def is_agent(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(str(token), self.agent_token)

    def is_booth(self, token: str | None) -> bool:
        return (
            bool(token)
            and self.booth_token is not None
            and hmac.compare_digest(str(token), self.booth_token)
        )

    def pair_booth(self, code: str) -> str:
        """The booth token for the right code (used once); STATION_BOOTH_CODE_WRONG otherwise."""
        with self.lock:
            typed = code.strip().translate(_LATIN_DIGITS)
            # Bytes: compare_digest refuses a str with non-ASCII characters (it raised, a 500).
            if not hmac.compare_digest(typed.encode(), self.booth_code.encode()):
                self._wrong_codes += 1
                if self._wrong_codes >= WRONG_CODES_ALLOWED:
                    self.new_booth_code()
                raise EntekhabError(STATION_BOOTH_CODE_WRONG, {})
            self.booth_token = secrets.token_urlsafe(32)
            self.new_booth_code()
            return self.booth_token

    def new_booth_code(self) -> None:
        """A fresh code (the old one, used or guessed at, no longer pairs)."""
        self.booth_code = _booth_code()
        self._wrong_codes = 0

    # -- the agent ------------------------------------------------------------------------------
    def view(self) -> AgentView:
        with self.lock:
            s, journal = self.station, self.station.journal
            at_booth = self.waiting.ticket if self.waiting else None
            return AgentView(
                branch=s.branch,
                opened=s.session is not None,
                closed=s.is_closed,
                closing=s.is_closing,
                checkins=journal.checkin_count(),
                ballots=journal.ballot_count(),
                pending=len(journal.pending()),
                waiting=self.waiting is not None,
                last_voted=self.last_voted,
                booth_paired=self.booth_token is not None,
                booth_code=self.booth_code,
                open_tickets=[
                    t.ticket
                    for t in journal.tickets()
                    if not t.provisional and t.ticket != at_booth
                ],
                session=s.session,
            )

    def open(self, opened_by: str) -> Opened:
        with self.lock:
            return self.station.open(opened_by or self.opened_by)

    def check_in(
        self, national_code: str, card_serial: str, override_reason: str | None
    ) -> tuple[CheckedIn, IdentitySeen]:
        """Check the voter in (card on the simulated reader, fingerprint by the adapter) and
        send the ballot to the booth. A refusal changes nothing here either."""
        with self.lock:
            if self.waiting is not None:
                raise EntekhabError(STATION_BOOTH_BUSY, {})
            code = require_valid(national_code)
            self.station.require_open()  # before the card is on the reader
            self.cards.present(code, card_serial.strip())
            try:
                checked = self.branch.check_in(override_reason=override_reason or None)
            finally:
                seen = self.observed.seen
            self.station.shown(checked)
            self._to_booth(checked)
            return checked, seen

    def _to_booth(self, checked: CheckedIn) -> None:
        self.waiting = checked
        self.ballot_nonce = secrets.token_urlsafe(16)
        self.last_voted = False

    def send_to_booth(self, ticket: str) -> None:
        """An open ticket (a crash, or a ballot taken back) sent to the booth again."""
        with self.lock:
            if self.waiting is not None:
                raise EntekhabError(STATION_BOOTH_BUSY, {})
            found = self.station.journal.ticket(ticket)
            if found is None or found.provisional:
                raise EntekhabError(STATION_BOOTH_EMPTY, {})
            self._to_booth(
                CheckedIn(None, found.ticket, found.ballot_style, found.contests, "", True)
            )

    def take_back(self) -> None:
        """The voter left without voting: the ballot leaves the booth; the ticket stays open
        (listed on the agent's screen)."""
        with self.lock:
            self.waiting = None

    def close(self, closed_by: str) -> Closed:
        """Close the branch (the station's closing, offline policy included), then print the
        wall sheets from the station's own signed bulletins."""
        with self.lock:
            if self.waiting is not None:
                raise EntekhabError(STATION_BOOTH_BUSY, {})
            closed = self.branch.close(closed_by or "branch-head")
            print_wall_sheets(self.station, pdf=self.pdf_sheets)
            return closed

    # -- the booth ------------------------------------------------------------------------------
    def ballot_waiting(self) -> tuple[str, tuple[str, ...]] | None:
        """(nonce, contests) of the ballot at the booth, or None."""
        with self.lock:
            return None if self.waiting is None else (self.ballot_nonce, self.waiting.contests)

    def cast(self, nonce: str, selections: Sequence[ContestSelection]) -> CastReceipt:
        """Record the waiting ballot (``Station.cast``: removable copy, then the journal, both
        fsynced); the receipt for the booth's printer."""
        with self.lock:
            waiting = self.waiting
            if waiting is None or not hmac.compare_digest(nonce, self.ballot_nonce):
                raise EntekhabError(STATION_BOOTH_EMPTY, {})
            receipt = self.branch.cast(waiting.ticket, selections)
            self.waiting = None
            self.last_voted = True
            return receipt

    def printed(self, receipt: CastReceipt) -> None:
        with self.lock:
            self.station.printed(receipt)
            self.reprints = [r for r in self.reprints if r.ballot_id != receipt.ballot_id]
