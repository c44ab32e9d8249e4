"""The operator loop of ``entekhab station run``: start-up recovery, then voter actions.

Start-up: build the ``Station`` from a ``StationConfig``, replay the journal (each recovered
outcome is emitted as it is committed), open the branch if it is not open yet, and emit
``{"event": "ready", ...}`` with the open tickets. Then one action per input line.

JSON-lines driver (scripted and simulated use; one JSON object per line in, per line out)::

    {"action": "check_in", "national_code": "…", "card_serial": "…", "override_reason": null}
        -> {"event": "checked_in", "national_code", "ticket", "ballot_style", "contests", "hour"}
    {"action": "cast", "ticket": "…", "selections": [{"contest", "list_code", "candidates"}]}
        -> {"event": "cast", "ticket", "ballot_id", "digest", "hour"}        (the receipt)
    {"action": "vote", "national_code", "card_serial", "selections"}       (both, in a row)
    {"action": "status"}  -> {"event": "status", ...}
    {"action": "close", "closed_by": "…"}  -> {"event": "closed", ...}
    {"action": "quit"}
    any refusal -> {"event": "error", "action", "error": {"code", "message_fa", "message_en",
                    "details"}}

Every ``checked_in``/``cast`` event is printed only after the journal commit that records it
(an acknowledgement), and marked shown/printed once printed. At start-up a check-in or receipt a
crash kept from the screen or the printer is printed again, flagged ``"unshown": true`` or
``"reprint": true``, with a ``{"event": "console", ...}`` line saying so.

Check-in, cast and close go through ``OfflineBranch``, so when the server
cannot be reached the election's offline policy applies (``OFFLINE_REFUSED`` or a provisional
check-in, reconciled before the next action once the link is back).

``national_code``/``card_serial`` in an action stand for the voter handing the card to the
simulated reader; with a real device they are left out and the reader is read.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from entekhab.crypto.signing import KeyPair, keypair_from_seed
from entekhab.domain.ballot import ContestSelection
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.definition_io import definition_from_document, format_for_name, read_document
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.errors import EntekhabError
from entekhab.station.client import RetryPolicy, ServerUnreachable, StationClient
from entekhab.station.identity import SimulatedIdentityVerifier
from entekhab.station.journal import Journal
from entekhab.station.mirror import BallotMirror
from entekhab.station.offline import OfflineBranch
from entekhab.station.outcomes import CastReceipt, CheckedIn, Outcome
from entekhab.station.station import Station

__all__ = [
    "Emit",
    "JsonLinesDriver",
    "StationConfig",
    "build_station",
    "load_keypair",
    "start_up",
    "status",
]

Emit = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class StationConfig:
    """Everything a station process needs (the options of ``entekhab station run``)."""

    branch: str
    server: str
    key_file: Path
    journal: Path
    definition: Path
    hq_public_key: str = ""
    """Headquarters' public key (hex), given at enrolment: the definition must carry its
    signature, or the station does not open (station/definition_check.py)."""
    head_key_file: Path | None = None
    opened_by: str = "branch-head"
    false_reject_rate: float = 0.0
    seed: int | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 5.0
    probe_interval: float | None = 2.0
    """Seconds between probes of a link found down (``StationClient``)."""
    journal_sync: str = "FULL"
    """FULL for a real branch; NORMAL only for demos/simulations (see ``Journal``)."""
    media: Path | None = None
    """The removable media folder for the second copy of the ballots (``station.mirror``);
    default: ``<journal>.media`` beside the journal (point it at the removable card)."""
    bulletins: Path | None = None
    """Where the signed bulletins and the wall sheet go at closing (default ``bulletins/``
    beside the journal)."""


def load_keypair(path: Path) -> KeyPair:
    """A key pair from a file holding the 32-byte secret seed in hex (``station keygen``)."""
    return keypair_from_seed(bytes.fromhex(path.read_text().strip()))


def load_definition(path: Path) -> ElectionDefinition:
    """The definition file's model. Its shape is checked here; that it is *the* election's
    definition is checked by the server at opening (DEFINITION_HASH_MISMATCH)."""
    text = path.read_text(encoding="utf-8")
    return definition_from_document(read_document(text, format_for_name(path.name)))


def build_station(
    config: StationConfig, definition: ElectionDefinition | None = None
) -> tuple[Station, SimulatedIdentityVerifier]:
    """The station of ``config`` with a simulated identity verifier (the only adapter shipped)."""
    key = load_keypair(config.key_file)
    rng = random.Random(config.seed)
    verifier = SimulatedIdentityVerifier(config.false_reject_rate, rng)
    station = Station(
        journal=Journal(config.journal, synchronous=config.journal_sync),
        client=StationClient(
            config.server,
            key,
            retry=config.retry,
            timeout=config.timeout,
            rng=rng,
            probe_interval=config.probe_interval,
        ),
        definition=definition or load_definition(config.definition),
        branch=config.branch,
        station_key=key,
        hq_public_key=config.hq_public_key,
        head_key=load_keypair(config.head_key_file) if config.head_key_file else None,
        verifier=verifier,
        mirror=BallotMirror(
            config.media or config.journal.with_name(config.journal.name + ".media"),
            synchronous=config.journal_sync,
        ),
        bulletin_dir=config.bulletins,
    )
    return station, verifier


def acknowledged(station: Station, emit: Emit) -> Callable[[Outcome], None]:
    """An outcome reporter that prints the outcome, then marks it shown/printed (a receipt or
    check-in that a crash interrupted is announced on the console first)."""

    def report(outcome: Outcome) -> None:
        if isinstance(outcome, CastReceipt) and outcome.reprint:
            emit({"event": "console", "message": f"reprinting receipt {outcome.ballot_id}"})
        if isinstance(outcome, CheckedIn) and outcome.unshown:
            emit({"event": "console", "message": f"check-in never shown: {outcome.ticket}"})
        emit(outcome.as_event())
        if isinstance(outcome, CastReceipt):
            station.printed(outcome)
        elif isinstance(outcome, CheckedIn):
            station.shown(outcome)

    return report


def status(station: Station) -> dict[str, Any]:
    journal = station.journal
    return {
        "event": "status",
        "branch": station.branch,
        "open": station.session is not None and not station.is_closed,
        "closed": station.is_closed,
        "checkins": journal.checkin_count(),
        "ballots": journal.ballot_count(),
        "pending": len(journal.pending()),
        "open_tickets": [
            {"ticket": t.ticket, "ballot_style": t.ballot_style, "contests": list(t.contests)}
            for t in journal.tickets()
        ],
    }


def _error_event(action: str, error: EntekhabError) -> dict[str, Any]:
    return {"event": "error", "action": action, "error": error.to_dict()}


def start_up(station: Station, emit: Emit, opened_by: str) -> None:
    """Replay the journal, open the branch if needed, then emit ``ready``."""
    try:
        station.recover(acknowledged(station, emit))
        if station.session is None:
            emit(station.open(opened_by).as_event())
    except ServerUnreachable as error:  # the journal keeps it all; actions will retry
        emit(_error_event("start", error))
    emit({**status(station), "event": "ready"})


class JsonLinesDriver:
    """Reads actions (one JSON object per line) and emits events (one per line)."""

    def __init__(self, station: Station, verifier: SimulatedIdentityVerifier, emit: Emit) -> None:
        self.station = station
        self.branch = OfflineBranch(station)  # the election's offline policy (docs/offline.md)
        self.verifier = verifier
        self.emit = emit
        self.report = acknowledged(station, emit)

    def run(self, lines: Iterable[str]) -> None:
        for line in lines:
            if line.strip() and not self.handle(line):
                break

    def handle(self, line: str) -> bool:
        """Do one action; False when the driver asked to quit."""
        try:
            action = json.loads(line)
            if not isinstance(action, dict):
                raise ValueError("an action is a JSON object")
            name = str(action.get("action", ""))
        except ValueError as exc:
            self.emit(_error_event("?", EntekhabError(INVALID_INPUT, {"reason": str(exc)})))
            return True
        if name == "quit":
            return False
        try:
            self._catch_up()
            self._do(name, action)
        except EntekhabError as error:
            self.emit(_error_event(name, error))
        return True

    def _catch_up(self) -> None:
        """Send what an earlier outage left in the journal (and reconcile provisional items)
        before anything new."""
        waiting = self.station.journal.pending() or self.branch.waiting_items()
        if waiting and self.station.client.link_up:  # while down, voters go straight to the
            # offline policy; the client's background probe says when the link is back
            # Still down: the new action meets the same outage and says so.
            with suppress(ServerUnreachable):
                self.branch.reconnect(self.report)

    def _do(self, name: str, action: dict[str, Any]) -> None:
        if name == "check_in":
            self._check_in(action)
        elif name == "cast":
            self._cast(str(action.get("ticket", "")), action.get("selections"))
        elif name == "vote":
            checked = self._check_in(action)
            self._cast(checked, action.get("selections"))
        elif name == "status":
            self.emit({**status(self.station), "provisional": self.branch.waiting_items()})
        elif name == "close":
            closed = self.branch.close(str(action.get("closed_by") or "branch-head"), self.report)
            self.emit(closed.as_event())
        else:
            raise EntekhabError(INVALID_INPUT, {"reason": f"unknown action {name!r}"})

    def _check_in(self, action: dict[str, Any]) -> str:
        if action.get("national_code") is not None:
            self.verifier.present(str(action["national_code"]), str(action.get("card_serial", "")))
        checked = self.branch.check_in(override_reason=action.get("override_reason"))
        self.report(checked)
        return checked.ticket

    def _cast(self, ticket: str, selections: Any) -> None:
        try:
            parsed = [ContestSelection.model_validate(s) for s in selections or []]
        except (ValueError, TypeError) as exc:
            raise EntekhabError(INVALID_INPUT, {"reason": str(exc)[:300]}) from None
        self.report(self.branch.cast(ticket, parsed))
