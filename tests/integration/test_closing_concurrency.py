"""Closing without global locks, and never half-done (issue 11, item 2).

* On PostgreSQL, with real threads on their own connections: check-ins at one branch go on —
  they start and finish — while other branches close with thousands of ballots each; no
  deadlock, no error. (The old closing ran ``CLUSTER`` on three whole tables under an ACCESS
  EXCLUSIVE lock: every check-in everywhere waited, and casts deadlocked against it.)
* On PostgreSQL, a closing held open after its last write, just before its commit: check-ins at
  another branch still start and finish meanwhile, and the closing's transaction holds no lock
  on a whole table beyond the row-level kinds every insert takes (``pg_locks``).
* Two copies of the same closing request (a station's retry racing its first attempt) on two
  connections: one closes, the other waits on the branch's row lock and gets the same answer.
* On both back ends: the idempotent answer is stored in the closing's own transaction, so a
  failure after it was written but before the commit leaves neither the answer nor anything
  else; the retry with the same key then closes the branch.
"""

from __future__ import annotations

import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from entekhab.errors import EntekhabError
from entekhab.service.election_day.branches import open_branch
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.closing import close_branch
from entekhab.service.election_day.idempotency import IdempotencySlot, IdempotentReplay
from entekhab.store.tables.election_day import BallotRecordRow, BranchSession
from entekhab.store.uow import UnitOfWorkFactory
from tests.closing_support import ballot, closing, enrol_head
from tests.election_day_support import NOW, add_citizens, enrol, load_election, table_counts

BLANK = {
    "B1": [{"contest": "TEH"}, {"contest": "EXP"}],
    "B3": [{"contest": "SML"}, {"contest": "EXP"}],
}
CLOSING_BALLOTS = 3_000


def _day(factory: UnitOfWorkFactory) -> dict[str, Any]:
    digest = load_election(factory)
    day: dict[str, Any] = {"digest": digest}
    for seed, branch in enumerate(("B1", "B2", "B3"), start=1):
        kp, info = enrol(factory, branch, seed)
        open_branch(factory, info, opened_by="head", definition_hash=digest, now=NOW)
        day[branch] = info
        day[f"{branch}-keys"] = (kp, enrol_head(factory, branch))
    return day


def _voted(factory: UnitOfWorkFactory, day: dict[str, Any], branch: str, n: int, seed: int):
    """``n`` voters checked in at ``branch``, and the closing upload of their ballots."""
    division = "S" if branch == "B3" else "T"
    for code in add_citizens(factory, n, seed=seed, division=division):
        check_in(factory, day[branch], CheckInRequest(code, "S", "match"), now=NOW)
    kp, head = day[f"{branch}-keys"]
    records = [ballot(branch, BLANK[branch]) for _ in range(n)]
    return closing(day["digest"], branch, records, station_key=kp, head=head)


def slot(day: dict[str, Any], branch: str, key: str) -> IdempotencySlot:
    identity = b"POST\n/api/v1/branches/" + branch.encode() + b"/close\nbody"
    return IdempotencySlot(day[branch].key_id, key, identity)


@pytest.mark.postgres
@pytest.mark.slow
def test_check_ins_go_on_while_branches_close(pg_engine: Engine) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    day = _day(factory)
    uploads = {
        "B1": _voted(factory, day, "B1", CLOSING_BALLOTS, 1),
        "B3": _voted(factory, day, "B3", CLOSING_BALLOTS // 3, 2),
    }
    b2_voters = add_citizens(factory, 400, seed=3)
    closing_window: dict[str, float] = {}
    done = threading.Event()
    finished: list[tuple[float, float]] = []

    def check_ins_at_b2() -> None:
        for code in b2_voters:
            started = time.monotonic()
            check_in(factory, day["B2"], CheckInRequest(code, "S", "match"), now=NOW)
            finished.append((started, time.monotonic()))
            if done.is_set() and len(finished) > 20:
                return

    def close_both() -> None:
        time.sleep(0.2)  # check-ins are flowing
        closing_window["start"] = time.monotonic()
        for branch, upload in uploads.items():
            close_branch(
                factory, day[branch], upload, now=NOW, idem=slot(day, branch, secrets.token_hex(16))
            )
        closing_window["end"] = time.monotonic()
        done.set()

    with ThreadPoolExecutor(2) as pool:
        voters = pool.submit(check_ins_at_b2)
        closer = pool.submit(close_both)
        closer.result(timeout=600)
        voters.result(timeout=600)
    start, end = closing_window["start"], closing_window["end"]
    inside = [(s, e) for s, e in finished if s >= start and e <= end]
    print(f"closings took {end - start:.2f} s; {len(inside)} check-ins started and finished inside")
    assert inside, "no check-in at another branch completed while branches were closing"
    with factory() as uow:
        stored = uow.session.scalar(select(func.count()).select_from(BallotRecordRow))
        closed = uow.session.scalars(
            select(BranchSession.branch).where(BranchSession.closed_at.is_not(None))
        ).all()
    assert stored == CLOSING_BALLOTS + CLOSING_BALLOTS // 3 and sorted(closed) == ["B1", "B3"]


class _PausedBeforeCommit(IdempotencySlot):
    """Stores the answer (the closing's last write), then waits before the commit, noting the
    relation locks its transaction holds."""

    def __init__(self, slot: IdempotencySlot) -> None:
        super().__init__(slot.station_key_id, slot.key, slot.request)
        object.__setattr__(self, "paused", threading.Event())
        object.__setattr__(self, "resume", threading.Event())
        object.__setattr__(self, "locks", [])

    def store(self, session: Any, status: int, body: dict[str, Any]) -> None:
        super().store(session, status, body)
        held = session.execute(
            text(
                "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                " WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'"
            )
        ).all()
        self.locks.extend(held)
        self.paused.set()
        assert self.resume.wait(timeout=300), "the test never let the closing commit"


ROW_LEVEL = {"AccessShareLock", "RowShareLock", "RowExclusiveLock"}
"""Table lock modes that conflict with no insert or update of other rows (a closing must take
nothing stronger: SHARE, EXCLUSIVE or ACCESS EXCLUSIVE would stop every branch's check-ins)."""


@pytest.mark.postgres
def test_check_ins_finish_while_a_closing_holds_its_transaction_open(pg_engine: Engine) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    day = _day(factory)
    upload = _voted(factory, day, "B1", 500, 6)
    b2_voters = add_citizens(factory, 20, seed=7)
    paused = _PausedBeforeCommit(slot(day, "B1", secrets.token_hex(16)))

    def check_ins_at_b2() -> int:
        for code in b2_voters:
            check_in(factory, day["B2"], CheckInRequest(code, "S", "match"), now=NOW)
        return len(b2_voters)

    with ThreadPoolExecutor(2) as pool:
        closer = pool.submit(close_branch, factory, day["B1"], upload, now=NOW, idem=paused)
        try:
            assert paused.paused.wait(timeout=300), "the closing never reached its commit"
            # The closing has written everything and not committed: B2 checks its voters in.
            assert pool.submit(check_ins_at_b2).result(timeout=120) == len(b2_voters)
            assert not closer.done()
        finally:
            paused.resume.set()
        assert closer.result(timeout=300).ballots == 500
    strong = [(table, mode) for table, mode in paused.locks if mode not in ROW_LEVEL]
    assert paused.locks and not strong, strong
    with factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(BallotRecordRow)) == 500


@pytest.mark.postgres
def test_a_retry_racing_its_closing_gets_the_same_answer(pg_engine: Engine) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    day = _day(factory)
    upload = _voted(factory, day, "B1", 300, 4)
    key = secrets.token_hex(16)
    barrier = threading.Barrier(2)

    def attempt() -> dict[str, Any]:
        barrier.wait(timeout=30)
        try:
            return close_branch(
                factory, day["B1"], upload, now=NOW, idem=slot(day, "B1", key)
            ).as_json()
        except IdempotentReplay as replay:
            return replay.stored.body

    with ThreadPoolExecutor(2) as pool:
        answers = [f.result(timeout=120) for f in [pool.submit(attempt), pool.submit(attempt)]]
    assert answers[0] == answers[1] and answers[0]["ballots"] == 300
    with factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(BallotRecordRow)) == 300


class _CrashAfterStoring(IdempotencySlot):
    """Writes the answer, then fails before the transaction commits (a crash, a lost
    connection): the answer must not survive."""

    def store(self, session: Any, status: int, body: dict[str, Any]) -> None:
        super().store(session, status, body)
        session.flush()
        raise RuntimeError("the server died before the commit")


def test_an_answer_is_never_stored_before_the_closing_completed(
    uow_factory: UnitOfWorkFactory,
) -> None:
    day = _day(uow_factory)
    upload = _voted(uow_factory, day, "B1", 20, 5)
    key = secrets.token_hex(16)
    good = slot(day, "B1", key)
    crashing = _CrashAfterStoring(good.station_key_id, good.key, good.request)
    before = table_counts(uow_factory)
    with pytest.raises(RuntimeError):
        close_branch(uow_factory, day["B1"], upload, now=NOW, idem=crashing)
    assert table_counts(uow_factory) == before, "a closing that did not complete wrote nothing"
    assert good.replay_if_stored(uow_factory) is None
    answer = close_branch(uow_factory, day["B1"], upload, now=NOW, idem=good)  # the retry
    assert answer.ballots == 20
    assert good.replay_if_stored(uow_factory).body == answer.as_json()
    with pytest.raises(EntekhabError) as again:
        close_branch(uow_factory, day["B1"], upload, now=NOW, idem=slot(day, "B1", "f" * 32))
    assert again.value.code == "BRANCH_CLOSED"
