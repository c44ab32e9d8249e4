"""Races: the same person checked in at two branches at the same moment, 1,000 times, on
PostgreSQL with real concurrency (threads, each on its own pooled connection).

The database's unique key on (election, citizen) decides each race: exactly one check-in
succeeds, the other gets ALREADY_VOTED naming the winner's branch, and an incident holding both
records is written. Each pair of threads meets at a barrier before every attempt, so the two
INSERTs of a pair are in flight together (the second blocks on the first's uncommitted key).
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func, select

from entekhab.errors import EntekhabError
from entekhab.service.election_day.branches import open_branch
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.provisional import reconcile_provisional
from entekhab.service.election_day.stations import StationInfo
from entekhab.store.tables.election_day import BallotRecordRow, IncidentRow, Participation
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import NOW, add_citizens, enrol, load_election
from tests.provisional_support import provisional_item

PAIRS = 1_000
LANES = 4  # pairs of threads racing side by side (8 threads, 8 connections)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _race_lane(
    factory: UnitOfWorkFactory, station: StationInfo, codes: list[str], barrier: threading.Barrier
) -> dict[str, str]:
    """Check in every code at ``station``, meeting the rival thread before each attempt;
    code -> "ok" or the winning branch named by ALREADY_VOTED."""
    outcome: dict[str, str] = {}
    for code in codes:
        barrier.wait(timeout=60)
        try:
            check_in(factory, station, CheckInRequest(code, "SER", "match"), now=NOW)
            outcome[code] = "ok"
        except EntekhabError as error:
            assert error.code == "ALREADY_VOTED", error.to_dict()
            outcome[code] = str(error.details["first_branch"])
    return outcome


def test_thousand_racing_pairs_one_wins_the_other_is_already_voted(pg_engine: Engine) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    digest = load_election(factory)
    stations = {}
    for seed, branch in enumerate(("B1", "B2"), start=1):
        _kp, info = enrol(factory, branch, seed)
        open_branch(factory, info, opened_by="head", definition_hash=digest, now=NOW)
        stations[branch] = info
    codes = add_citizens(factory, PAIRS, seed=42)
    lanes = [codes[i::LANES] for i in range(LANES)]
    with ThreadPoolExecutor(2 * LANES) as pool:
        futures = []
        for lane in lanes:
            barrier = threading.Barrier(2)
            for branch in ("B1", "B2"):
                futures.append(
                    (branch, pool.submit(_race_lane, factory, stations[branch], lane, barrier))
                )
        results: dict[str, dict[str, str]] = {"B1": {}, "B2": {}}
        for branch, future in futures:
            results[branch].update(future.result(timeout=600))

    winners: Counter[str] = Counter()
    for code in codes:
        at_b1, at_b2 = results["B1"][code], results["B2"][code]
        assert sorted((at_b1, at_b2)) in (["B1", "ok"], ["B2", "ok"]), (code, at_b1, at_b2)
        winner = "B1" if at_b1 == "ok" else "B2"
        loser_saw = at_b2 if winner == "B1" else at_b1
        assert loser_saw == winner, "ALREADY_VOTED must name the winner's branch"
        winners[winner] += 1

    with factory() as uow:
        s = uow.session
        participations = {
            r.national_code: r.branch
            for r in s.execute(select(Participation.national_code, Participation.branch))
        }
        incidents = s.execute(
            select(IncidentRow.branch, IncidentRow.details).where(
                IncidentRow.kind == "ALREADY_VOTED"
            )
        ).all()
        ballots = s.scalar(select(func.count()).select_from(BallotRecordRow))
    # One participation per person; no ballot (nor token) is written at check-in any more.
    assert len(participations) == PAIRS and ballots == 0
    for code in codes:
        winner = "B1" if results["B1"][code] == "ok" else "B2"
        assert participations[code] == winner
    assert len(incidents) == PAIRS
    by_code = {i.details["national_code"]: i for i in incidents}
    assert set(by_code) == set(codes)
    for code, incident in by_code.items():
        winner = participations[code]
        loser = "B2" if winner == "B1" else "B1"
        assert incident.details["first"]["branch"] == winner
        assert incident.details["second"]["branch"] == loser == incident.branch
    # Both stations won races: the barrier made them genuinely concurrent, not taking turns.
    assert winners["B1"] > 0 and winners["B2"] > 0, winners


def test_provisional_reconciliation_racing_online_check_ins_keeps_one_participation(
    pg_engine: Engine,
) -> None:
    """B1's provisional batches and B2's online check-ins of the same people, at once: each
    person ends with one participation; whoever lost is held (provisional) or ALREADY_VOTED
    (online), naming the winner."""
    factory = UnitOfWorkFactory(pg_engine)
    digest = load_election(factory, "provisional")
    stations = {}
    for seed, branch in enumerate(("B1", "B2"), start=1):
        _kp, info = enrol(factory, branch, seed)
        open_branch(factory, info, opened_by="head", definition_hash=digest, now=NOW)
        stations[branch] = info
    codes = add_citizens(factory, 200, seed=43)
    batches = [codes[i : i + 10] for i in range(0, len(codes), 10)]
    barrier = threading.Barrier(2)

    def offline_station() -> dict[str, dict]:
        out = {}
        for batch in batches:
            barrier.wait(timeout=60)
            items = [provisional_item(c) for c in batch]
            results = reconcile_provisional(factory, stations["B1"], items, now=NOW)["results"]
            out.update({i.national_code: r for i, r in zip(items, results, strict=True)})
        return out

    def online_station() -> dict[str, str]:
        out = {}
        for batch in batches:
            barrier.wait(timeout=60)
            for code in reversed(batch):  # meet the batch from its other end
                try:
                    check_in(factory, stations["B2"], CheckInRequest(code, "S", "match"), now=NOW)
                    out[code] = "ok"
                except EntekhabError as error:
                    assert error.code == "ALREADY_VOTED", error.to_dict()
                    out[code] = str(error.details["first_branch"])
        return out

    with ThreadPoolExecutor(2) as pool:
        offline_future, online_future = pool.submit(offline_station), pool.submit(online_station)
        offline, online = offline_future.result(600), online_future.result(600)
    with factory() as uow:
        where = {
            r.national_code: r.branch
            for r in uow.session.execute(select(Participation.national_code, Participation.branch))
        }
    assert set(where) == set(codes)
    outcomes: Counter[str] = Counter()
    for code in codes:
        if where[code] == "B1":
            assert offline[code]["status"] == "accepted" and online[code] == "B1"
        else:
            assert online[code] == "ok" and offline[code]["status"] == "held"
            assert offline[code]["error"]["details"]["first_branch"] == "B2"
        outcomes[where[code]] += 1
    assert outcomes["B1"] > 0 and outcomes["B2"] > 0, outcomes
