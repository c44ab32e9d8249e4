"""Driving a real station process with a voter script and killing it (SIGKILL) at random points.

Two kinds of station process, both speaking the JSON-lines protocol of ``station.runner``:

* ``CliStation``: ``entekhab station run --jsonl`` exactly as an operator starts it;
* ``ZygoteStation``: the same start-up and driver code in a child forked from a zygote process
  that has the station modules imported already (``tests.station_zygote``), so a restart costs
  milliseconds instead of seconds of imports. It is a separate OS process with its own journal
  connection, killed with SIGKILL like the other.

``VoterDriver`` plays the voters: one after another it checks a voter in and casts the ballot,
logging every acknowledgement the station printed. After a kill it restarts the station and
carries on from what the station reports (recovered outcomes and open tickets).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from entekhab.station.client import RetryPolicy
from entekhab.station.runner import StationConfig
from tests.election_day_support import HQ_KEY, definition_document
from tests.station_support import StationKeys

EOF_EVENT: dict[str, Any] = {"event": "eof"}


def write_station_files(directory: Path, keys: StationKeys, url: str, branch: str) -> StationConfig:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "station.key").write_text(keys.station.secret_hex + "\n")
    (directory / "head.key").write_text(keys.head.secret_hex + "\n")
    (directory / "definition.json").write_text(json.dumps(definition_document()))
    return StationConfig(
        branch=branch,
        server=url,
        key_file=directory / "station.key",
        head_key_file=directory / "head.key",
        journal=directory / "station.journal",
        definition=directory / "definition.json",
        hq_public_key=HQ_KEY.public_hex,
        retry=RetryPolicy(attempts=50, base_delay=0.02, max_delay=0.5, timeouts=50),
    )


class CliStation:
    """``entekhab station run --jsonl`` as a subprocess."""

    def __init__(self, config: StationConfig) -> None:
        self.config = config
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        c = self.config
        entekhab = str(Path(sys.executable).parent / "entekhab")
        args = [entekhab, "station", "run", "--jsonl", "--branch", c.branch, "--server", c.server]
        args += ["--key", str(c.key_file), "--head-key", str(c.head_key_file)]
        args += ["--journal", str(c.journal), "--definition", str(c.definition)]
        args += ["--hq-key", c.hq_public_key]
        self.events = queue.Queue()
        self.proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        threading.Thread(target=self._read, args=(self.proc, self.events), daemon=True).start()

    @staticmethod
    def _read(proc: subprocess.Popen[str], events: queue.Queue[dict[str, Any]]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            events.put(json.loads(line))
        events.put(EOF_EVENT)

    def send(self, action: dict[str, Any]) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(action) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # killed meanwhile

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        self.send({"action": "quit"})
        assert self.proc is not None
        self.proc.wait(timeout=60)


class ZygoteStation:
    """The station forked from a zygote (``tests.station_zygote``): fast restarts, SIGKILL."""

    _zygote: subprocess.Popen[str] | None = None

    def __init__(self, config: StationConfig) -> None:
        self.config = config
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.pid = 0
        self.actions: Any = None
        self.starts = 0

    @classmethod
    def zygote(cls) -> subprocess.Popen[str]:
        if cls._zygote is None or cls._zygote.poll() is not None:
            root = Path(__file__).resolve().parent.parent
            cls._zygote = subprocess.Popen(
                [sys.executable, "-m", "tests.station_zygote"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=root,
            )
            assert cls._zygote.stdout is not None
            assert cls._zygote.stdout.readline().strip() == "ready"
        return cls._zygote

    def start(self) -> None:
        zygote = self.zygote()
        assert zygote.stdin is not None and zygote.stdout is not None
        self.starts += 1
        fifo_in = self.config.journal.parent / f"in.{self.starts}"
        fifo_out = self.config.journal.parent / f"out.{self.starts}"
        os.mkfifo(fifo_in)
        os.mkfifo(fifo_out)
        config = {k: str(v) if isinstance(v, Path) else v for k, v in self.config.__dict__.items()}
        config["retry"] = self.config.retry.__dict__
        request = {"config": config, "stdin": str(fifo_in), "stdout": str(fifo_out)}
        zygote.stdin.write(json.dumps(request) + "\n")
        zygote.stdin.flush()
        self.pid = int(zygote.stdout.readline())
        self.actions = open(fifo_in, "w", encoding="utf-8")  # noqa: SIM115 (closed in kill/stop)
        events = open(fifo_out, encoding="utf-8")  # noqa: SIM115 (the reader thread closes it)
        self.events = queue.Queue()
        threading.Thread(target=self._read, args=(events, self.events), daemon=True).start()

    @staticmethod
    def _read(lines: Any, events: queue.Queue[dict[str, Any]]) -> None:
        with lines:
            for line in lines:
                events.put(json.loads(line))
        events.put(EOF_EVENT)

    def send(self, action: dict[str, Any]) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.actions.write(json.dumps(action) + "\n")
            self.actions.flush()

    def _gone(self) -> None:
        """Wait until the process no longer exists (never two stations on one journal)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.002)
        with contextlib.suppress(BrokenPipeError, OSError):
            self.actions.close()

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self._gone()

    def stop(self) -> None:
        self.send({"action": "quit"})
        self._gone()


@dataclass
class Voter:
    national_code: str
    selections: list[dict[str, Any]]
    ticket: str | None = None
    checked_in: bool = False
    cast: bool = False
    ballot_id: str | None = None  # None with cast=True: the receipt was lost with the process


@dataclass
class VoterDriver:
    """Plays the voters against one station process; logs the acknowledgements."""

    voters: list[Voter]
    acked_checkins: list[str] = field(default_factory=list)
    acked_ballots: list[str] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    reprinted: list[str] = field(default_factory=list)
    """Receipts and check-ins the restarted station printed or showed again itself."""
    closed: dict[str, Any] | None = None
    kills: int = 0

    def current(self) -> Voter | None:
        return next((v for v in self.voters if not v.cast), None)

    def _by_ticket(self, ticket: str) -> Voter:
        return next(v for v in self.voters if v.ticket == ticket)

    def _on_event(self, event: dict[str, Any]) -> bool:
        """Apply one event; True when it answers the action in flight."""
        kind = event["event"]
        if kind == "console":
            return False
        if kind == "checked_in" and event.get("unshown"):
            if any(v.ticket == event["ticket"] for v in self.voters):
                return False  # shown, then killed before the station noted it (as a reprint)
            # Committed, never shown: the current voter's check-in, shown now by the station.
            voter = self.current()
            assert voter is not None and not voter.checked_in, f"unexpected: {event}"
            voter.checked_in, voter.ticket = True, event["ticket"]
            self.acked_checkins.append(voter.national_code)
            self.reprinted.append(f"checkin:{voter.national_code}")
            return False
        if kind == "cast" and event.get("reprint"):
            if event["ballot_id"] in self.acked_ballots:  # printed, then killed before noted
                return False
            voter = self.current()  # committed, never printed: the current voter's receipt
            assert voter is not None and voter.checked_in and not voter.cast, event
            voter.cast, voter.ballot_id = True, event["ballot_id"]
            self.acked_ballots.append(event["ballot_id"])
            self.reprinted.append(f"cast:{voter.national_code}")
            return False
        if kind == "checked_in":
            voter = next(v for v in self.voters if v.national_code == event["national_code"])
            assert not voter.checked_in, f"check-in acknowledged twice: {event}"
            voter.checked_in, voter.ticket = True, event["ticket"]
            self.acked_checkins.append(voter.national_code)
            return not event["recovered"]
        if kind == "cast":
            voter = self._by_ticket(event["ticket"])
            assert not voter.cast, f"ballot acknowledged twice: {event}"
            voter.cast, voter.ballot_id = True, event["ballot_id"]
            self.acked_ballots.append(event["ballot_id"])
            return not event["recovered"]
        if kind == "ready":
            self._reconcile(event["open_tickets"])
            return False
        if kind == "closed":
            self.closed = event
            return True
        assert kind == "opened", f"unexpected event {event}"
        return False

    def _reconcile(self, open_tickets: list[dict[str, Any]]) -> None:
        """After a restart: an acknowledgement may have died with the process, after its
        commit. An open ticket nobody knows is the current voter's check-in; a known ticket
        gone without a receipt is the current voter's cast."""
        tickets = {t["ticket"] for t in open_tickets}
        voter = self.current()
        unknown = tickets - {v.ticket for v in self.voters if v.ticket}
        assert len(unknown) <= 1, f"open tickets nobody was given: {unknown}"
        if unknown:
            assert voter is not None and not voter.checked_in
            voter.checked_in, voter.ticket = True, unknown.pop()
            self.inferred.append(f"checkin:{voter.national_code}")
        if voter is not None and voter.checked_in and voter.ticket not in tickets:
            voter.cast = True
            self.inferred.append(f"cast:{voter.national_code}")
        assert tickets <= {v.ticket for v in self.voters if v.checked_in and not v.cast}

    def _next_action(self, close_when_done: bool) -> dict[str, Any] | None:
        voter = self.current()
        if voter is None:
            return {"action": "close", "closed_by": "head"} if close_when_done else None
        if not voter.checked_in:
            return {
                "action": "check_in",
                "national_code": voter.national_code,
                "card_serial": "SER" + voter.national_code,
            }
        return {"action": "cast", "ticket": voter.ticket, "selections": voter.selections}

    def _drain(self, station: Any) -> None:
        """What the station printed before it died is acknowledged, even if read only now."""
        while (event := station.events.get(timeout=60)) is not EOF_EVENT:
            assert event["event"] != "error", f"refused: {event}"
            self._on_event(event)

    def run(
        self,
        station: Any,
        kill_after: float | None,
        *,
        from_ready: bool = False,
        close_when_done: bool = False,
    ) -> str:
        """Start ``station``, drive it, and kill it ``kill_after`` seconds after its start (or
        after it is ready, ``from_ready``), or run to the end. Returns "killed", "done" or
        "closed"."""
        station.start()
        deadline = None if kill_after is None else time.monotonic() + kill_after
        if from_ready:
            deadline = None
        ready, in_flight = False, False
        while True:
            if from_ready and ready and deadline is None and kill_after is not None:
                deadline = time.monotonic() + kill_after
            if ready and not in_flight:
                action = self._next_action(close_when_done)
                if action is None:
                    station.stop()
                    return "done"
                station.send(action)
                in_flight = True
            wait = 180.0 if deadline is None else deadline - time.monotonic()
            try:
                event = station.events.get(timeout=max(wait, 0.0))
            except queue.Empty:
                if deadline is None:
                    raise AssertionError("the station stopped answering") from None
                station.kill()
                self.kills += 1
                self._drain(station)
                return "killed"
            assert event is not EOF_EVENT, "the station process ended by itself"
            assert event["event"] != "error", f"refused: {event}"
            if event["event"] == "ready":
                ready = True
            if self._on_event(event):
                in_flight = False
                if event["event"] == "closed":
                    station.stop()
                    return "closed"


def voter_script(codes: list[str], rng: random.Random) -> list[Voter]:
    """Small random ballots for branch style ST1 (TEH list PR, EXP)."""
    voters = []
    for code in codes:
        teh: dict[str, Any] = {"contest": "TEH", "list_code": None, "candidates": []}
        if rng.random() < 0.5:
            teh["list_code"] = rng.choice(["L1", "L2"])
        teh["candidates"] = rng.sample(["101", "102", "103", "104"], rng.randint(0, 2))
        exp = {"contest": "EXP", "list_code": None, "candidates": rng.sample(["301", "302"], 1)}
        voters.append(Voter(code, [teh, exp]))
    return voters
