"""Cutting the link in the middle of voting (issue 4, item 6), on SQLite and PostgreSQL.

A real station (journal on disk, signed retrying client) talks to a real server (uvicorn)
through ``tests/link_proxy.LinkProxy``. The test cuts the link three ways — connections refused,
answers lost after the server acted, and the server process stopped and started again on another
port — while voters keep coming, then restores it, reconciles and closes the branch. For both
offline policies it proves: every vote acknowledged to a voter (a printed receipt) is counted
exactly once by the server, or held apart under an incident for the board; none is lost, none
counted twice; the station's closing count and Merkle root match the server's.

Ballots need no link (they stay in the station until closing), and the closing itself survives
a cut: refused, then with its answer lost, it is sent again with the same key and applied once.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import select

from entekhab.api.app import create_app
from entekhab.domain.ballot import ContestSelection
from entekhab.domain.definition import ElectionDefinition
from entekhab.errors import EntekhabError
from entekhab.service.election_day.held_ballots import held_ballots
from entekhab.settings import Settings
from entekhab.station.client import RetryPolicy, ServerUnreachable, StationClient
from entekhab.station.identity import SimulatedIdentityVerifier
from entekhab.station.journal import Journal
from entekhab.station.offline import OfflineBranch
from entekhab.station.outcomes import CastReceipt
from entekhab.station.station import Station
from entekhab.store.tables.election_day import BallotRecordRow, Participation
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import HQ_KEY, add_citizens, definition_document, load_election
from tests.http_support import StationClient as SignedTestClient
from tests.http_support import free_port
from tests.link_proxy import LinkProxy
from tests.station_support import enrol_station_and_head

pytestmark = pytest.mark.slow

QUICK = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02)
BALLOTS = (
    [ContestSelection(contest="TEH", list_code="L1"), ContestSelection(contest="EXP")],
    [
        ContestSelection(contest="TEH", candidates=("103",)),
        ContestSelection(contest="EXP", candidates=("301",)),
    ],
)


class Server:
    """uvicorn in a thread that the test can stop and start again (on a new port)."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> int:
        settings = Settings(database_url=str(self.uow_factory.engine.url))
        app = create_app(settings, uow_factory=self.uow_factory)
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            assert time.monotonic() < deadline and self._thread.is_alive(), "uvicorn did not start"
            time.sleep(0.02)
        return self.port

    def stop(self) -> None:
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(20)


@contextmanager
def polling_place(
    uow_factory: UnitOfWorkFactory,
    tmp_path: Path,
    policy: str,
    *,
    probe_interval: float | None = None,
    retry: RetryPolicy = QUICK,
    timeout: float = 3.0,
) -> Iterator[tuple[OfflineBranch, SimulatedIdentityVerifier, LinkProxy, Server]]:
    """A station behind a link the test can cut. ``probe_interval`` None: every request tries
    the network (so a cut with lost answers reaches the server, as these tests need); a number:
    the client's own link state (down after a failure, probed in the background)."""
    digest = load_election(uow_factory, policy)
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    server = Server(uow_factory)
    with LinkProxy(server.start()) as proxy:
        verifier = SimulatedIdentityVerifier(0, random.Random(2))
        client = StationClient(
            proxy.url,
            keys.station,
            retry=retry,
            timeout=timeout,
            rng=random.Random(1),
            probe_interval=probe_interval,
        )
        station = Station(
            journal=Journal(tmp_path / "b1.journal"),
            client=client,
            definition=ElectionDefinition.model_validate(definition_document(policy)),
            branch="B1",
            station_key=keys.station,
            hq_public_key=HQ_KEY.public_hex,
            head_key=keys.head,
            verifier=verifier,
        )
        assert station.definition_hash == digest
        station.open("head")
        try:
            yield OfflineBranch(station), verifier, proxy, server
        finally:
            client.close()
            server.stop()


def vote(branch: OfflineBranch, verifier: SimulatedIdentityVerifier, code: str, i: int):
    """One voter: check in and cast; the receipt, or the coded refusal the operator sees."""
    verifier.present(code, f"SER-{code}")
    checked = branch.check_in()
    return branch.cast(checked.ticket, BALLOTS[i % 2])


def server_ballots(uow_factory: UnitOfWorkFactory) -> dict[str, bool]:
    """ballot id -> held, of every ballot the server stored."""
    with uow_factory() as uow:
        rows = uow.session.execute(select(BallotRecordRow.ballot_id, BallotRecordRow.held))
        return {r.ballot_id: bool(r.held) for r in rows}


def assert_every_receipt_counted_once_or_held(
    uow_factory: UnitOfWorkFactory, receipts: list[CastReceipt], closed
) -> set[str]:
    """Receipts are counted exactly once (ids unique, stored, not held) or held; the set of held
    receipt ids."""
    stored = server_ballots(uow_factory)
    ids = [r.ballot_id for r in receipts]
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(stored), "an acknowledged ballot was lost"
    held = {b for b in ids if stored[b]}
    counted = {b for b, is_held in stored.items() if not is_held}
    assert counted == set(ids) - held, "the server counts a ballot nobody was given a receipt for"
    assert closed.matches and closed.ballots_cast == len(counted)
    return held


def close_through_cuts(uow_factory: UnitOfWorkFactory, branch: OfflineBranch, proxy: LinkProxy):
    """Close while the link is cut, then with the closing's answer lost, then for real: the
    same journalled request each time, applied once."""
    proxy.set_mode("refuse")
    with pytest.raises(ServerUnreachable):
        branch.close("head")
    assert server_ballots(uow_factory) == {}
    proxy.set_mode("lose_answers")
    with pytest.raises(ServerUnreachable):
        branch.close("head")
    assert server_ballots(uow_factory) != {}, "the server acted; only its answer was lost"
    proxy.set_mode("pass")
    return branch.close("head")


def assert_journal_forgot_every_voter(journal: Journal, codes: list[str]) -> None:
    """After closing no national code is left in the journal file, not even in freed pages or
    the write-ahead log (``secure_delete``, checkpointed at closing)."""
    path = Path(journal.path)
    stored = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    assert not [c for c in codes if c.encode() in stored]


def test_refuse_policy_voters_wait_and_nothing_acknowledged_is_lost(
    uow_factory, tmp_path: Path
) -> None:
    codes = add_citizens(uow_factory, 16, seed=21)
    with polling_place(uow_factory, tmp_path, "refuse") as (branch, verifier, proxy, server):
        receipts = [vote(branch, verifier, c, i) for i, c in enumerate(codes[:5])]
        # A voter checked in online; the link dies before they cast: casting needs no link.
        verifier.present(codes[5], "SER")
        late = branch.check_in()
        proxy.set_mode("refuse")
        receipts.append(branch.cast(late.ticket, BALLOTS[0]))
        journal = branch.journal
        before = (journal.checkin_count(), len(journal.tickets()), journal.ballot_count())
        waiting = codes[6:9]
        for code in waiting:  # told to wait; nothing recorded for them
            with pytest.raises(EntekhabError) as refused:
                vote(branch, verifier, code, 0)
            assert refused.value.code == "OFFLINE_REFUSED"
        assert (journal.checkin_count(), len(journal.tickets()), journal.ballot_count()) == before
        # The server acts but its answers are lost: the voter is told to wait, the request kept.
        proxy.set_mode("lose_answers")
        with pytest.raises(EntekhabError) as lost:
            vote(branch, verifier, codes[9], 1)
        assert lost.value.code == "OFFLINE_REFUSED"
        # The server itself stops, and comes back on another port.
        proxy.set_mode("pass")
        server.stop()
        with pytest.raises(EntekhabError):
            vote(branch, verifier, codes[10], 0)
        proxy.set_mode("pass", upstream_port=server.start())
        recovered = branch.reconnect()
        assert recovered == {"accepted": 0, "held": 0}
        assert journal.ballot_count() == len(receipts)
        assert server_ballots(uow_factory) == {}, "no ballot reaches HQ before closing"
        # The waiting voters come back and vote, including the one whose answer was lost.
        for i, code in enumerate([*waiting, codes[9], codes[10], *codes[11:]]):
            receipts.append(vote(branch, verifier, code, i))
        closed = close_through_cuts(uow_factory, branch, proxy)
    all_receipts = receipts + [
        CastReceipt(None, r.ballot_id, r.digest(), r.hour)
        for r in journal.ballot_records()
        if r.ballot_id not in {x.ballot_id for x in receipts}
    ]
    assert len(all_receipts) == len(codes)
    held = assert_every_receipt_counted_once_or_held(uow_factory, all_receipts, closed)
    assert held == set()
    assert_journal_forgot_every_voter(journal, codes)
    with uow_factory() as uow:
        participations = uow.session.scalars(select(Participation)).all()
        assert len(participations) == len(codes)
        assert not any(p.provisional for p in participations)


def test_provisional_policy_votes_offline_and_reconciles_on_reconnection(
    uow_factory, tmp_path: Path
) -> None:
    codes = add_citizens(uow_factory, 16, seed=22)
    elsewhere = codes[15]  # votes online at B2 while B1 is offline, then turns up at B1 too
    with polling_place(uow_factory, tmp_path, "provisional") as (branch, verifier, proxy, server):
        b2_keys = enrol_station_and_head(uow_factory, "B2", 2)
        b2 = SignedTestClient(f"http://127.0.0.1:{server.port}", b2_keys.station)
        opened = b2.post(
            "/api/v1/branches/B2/open",
            {"opened_by": "h", "definition_hash": branch.station.definition_hash},
        )
        assert opened.status_code == 200
        receipts = [vote(branch, verifier, c, i) for i, c in enumerate(codes[:4])]
        proxy.set_mode("refuse")
        offline = [vote(branch, verifier, c, i) for i, c in enumerate(codes[4:8])]
        assert all(r.ballot_id for r in offline)
        with pytest.raises(EntekhabError) as twice:  # the same person again, offline
            vote(branch, verifier, codes[4], 0)
        assert twice.value.code == "ALREADY_CHECKED_IN_HERE"
        body = {"national_code": elsewhere, "card_serial": "S", "fingerprint": "match"}
        assert b2.post("/api/v1/checkins", body).status_code == 201
        offline.append(vote(branch, verifier, elsewhere, 1))  # held at reconciliation
        # Answers lost: the server checked the voter in, the station went provisional.
        proxy.set_mode("lose_answers")
        offline.append(vote(branch, verifier, codes[8], 0))
        # The server stops; voting goes on offline; it comes back on another port.
        proxy.set_mode("pass")
        server.stop()
        offline += [vote(branch, verifier, c, i) for i, c in enumerate(codes[9:12])]
        assert branch.waiting_items() == len(offline)
        with pytest.raises(AssertionError):  # the items hold their voters until reconciled
            assert_journal_forgot_every_voter(branch.journal, codes[4:8])
        new_port = server.start()
        proxy.set_mode("pass", upstream_port=new_port)
        b2.close()
        # The reconciliation's own answer is lost: the items stay, sent again, applied once.
        proxy.set_mode("lose_answers")
        with pytest.raises(ServerUnreachable):
            branch.reconnect()
        assert branch.waiting_items() == len(offline)
        proxy.set_mode("pass")
        totals = branch.reconnect()
        assert totals == {"accepted": len(offline) - 2, "held": 2}
        assert branch.waiting_items() == 0
        receipts += offline
        receipts += [vote(branch, verifier, c, i) for i, c in enumerate(codes[12:15])]
        closed = close_through_cuts(uow_factory, branch, proxy)
    held = assert_every_receipt_counted_once_or_held(uow_factory, receipts, closed)
    assert len(held) == 2
    assert branch.waiting_items() == 0
    assert_journal_forgot_every_voter(branch.journal, codes)
    board = held_ballots(uow_factory, "E7")
    assert sorted(h["details"]["first"]["branch"] for h in board) == ["B1", "B2"]
    assert {h["ballot"] for h in board} == {"held"}
    with uow_factory() as uow:
        participations = uow.session.scalars(select(Participation)).all()
        assert len(participations) == len(codes)


def test_a_black_holed_link_costs_one_voter_then_voters_go_offline_at_once(
    uow_factory, tmp_path: Path
) -> None:
    """Issue 10 item 12: the link swallows everything. The first voter waits for the client's
    timeouts (``RetryPolicy.timeouts`` of them, not every attempt); from then on the link is
    known down and the next voters go provisional without the network being tried at all; the
    background probe finds the link back and the station is online again by itself."""
    codes = add_citizens(uow_factory, 8, seed=23)
    retry = RetryPolicy(attempts=6, base_delay=0.01, max_delay=0.02, timeouts=2)
    with polling_place(
        uow_factory, tmp_path, "provisional", probe_interval=0.2, retry=retry, timeout=10.0
    ) as (branch, verifier, proxy, _server):
        client = branch.station.client
        client._http.timeout = httpx.Timeout(1.0)  # opened; now the voters' setting
        tries: list[str] = []
        real_attempt = client._attempt

        def counted(method, path, body, key):  # the real attempt, counted
            tries.append(path)
            return real_attempt(method, path, body, key)

        client._attempt = counted  # type: ignore[method-assign]
        assert vote(branch, verifier, codes[0], 0).ballot_id and client.link_up
        proxy.set_mode("drop")
        tries.clear()
        first = vote(branch, verifier, codes[1], 1)  # waits for two timeouts, then provisional
        assert tries == ["/api/v1/checkins"] * retry.timeouts and not client.link_up
        later = [vote(branch, verifier, c, i) for i, c in enumerate(codes[2:6])]
        assert tries == ["/api/v1/checkins"] * retry.timeouts, "the network was tried again"
        assert branch.waiting_items() == 5 and all(r.ballot_id for r in [first, *later])
        proxy.set_mode("pass")
        deadline = time.monotonic() + 30
        while not client.link_up:  # the background probe (GET /health) finds it back
            assert time.monotonic() < deadline, "the probe never found the link back"
            time.sleep(0.05)
        assert branch.reconnect() == {"accepted": 5, "held": 0}
        online = vote(branch, verifier, codes[6], 0)
        assert online.ballot_id and branch.waiting_items() == 0
        closed = branch.close("head")
    assert closed.matches and closed.ballots_cast == 7
    with uow_factory() as uow:
        assert len(uow.session.scalars(select(Participation)).all()) == 7
