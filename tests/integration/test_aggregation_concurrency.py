"""Concurrent acceptance on PostgreSQL: threads share total rows, and no update is lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from entekhab.errors import EntekhabError
from entekhab.service.counting.aggregation import area_totals
from entekhab.service.counting.bulletins import receive_bulletin
from entekhab.store.uow import UnitOfWorkFactory
from tests.results_support import setup_tiny_election

THREADS = 8
BRANCHES = 24


@pytest.mark.postgres
def test_concurrent_bulletins_lose_no_update_and_one_of_two_rivals_wins(
    pg_engine: Engine,
) -> None:
    uow_factory = UnitOfWorkFactory(pg_engine)
    tiny = setup_tiny_election(uow_factory, extra_city_branches=BRANCHES)
    keys = tiny.keys.directory()
    jobs = []
    for i in range(BRANCHES):
        branch = f"X{i}"
        jobs.append(tiny.sign(tiny.bulletin(branch, "CT1", candidate_votes={"101": i, "102": 1})))
        jobs.append(tiny.sign(tiny.bulletin(branch, "AE", candidate_votes={"501": 2})))
    # Two rival first bulletins of B1: exactly one may count.
    jobs.append(tiny.sign(tiny.bulletin("B1", "CT1", candidate_votes={"101": 100})))
    jobs.append(tiny.sign(tiny.bulletin("B1", "CT1", candidate_votes={"101": 200})))

    def send(signed: object) -> str:
        try:
            return receive_bulletin(uow_factory, signed, actor="t", keys=keys).status  # type: ignore[arg-type]
        except EntekhabError as error:
            return error.code

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(send, jobs))

    assert outcomes.count("BULLETIN_DUPLICATE") == 1
    assert outcomes.count("accepted") == len(jobs) - 1
    with uow_factory() as uow:
        ct1 = area_totals(uow.session, tiny.definition.id, "CT1")
        ae = area_totals(uow.session, tiny.definition.id, "AE", "province", "P1")
    rival = ct1.candidates["101"] - sum(range(BRANCHES))
    assert rival in (100, 200)
    assert ct1.candidates["102"] == BRANCHES
    assert ct1.meta["branches_reported"] == BRANCHES + 1
    assert ae.candidates["501"] == 2 * BRANCHES
    assert ae.meta["ballots_cast"] == 100 * BRANCHES
