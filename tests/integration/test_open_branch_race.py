"""Two openings of one branch at once (a station's retry overlapping its first attempt)."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select

from entekhab.service.election_day.branches import open_branch
from entekhab.store.tables.election_day import BranchSession
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import NOW, enrol, load_election


def test_overlapping_openings_both_answer_the_same_open_session(
    uow_factory: UnitOfWorkFactory,
) -> None:
    digest = load_election(uow_factory)
    _keys, info = enrol(uow_factory, "B1", seed=1)
    for _round in range(10):
        with uow_factory() as uow:
            uow.session.query(BranchSession).delete()
            uow.commit()
        barrier = threading.Barrier(2)
        answers: list[dict[str, Any]] = []
        failures: list[BaseException] = []

        def attempt(
            barrier: threading.Barrier = barrier,
            answers: list[dict[str, Any]] = answers,
            failures: list[BaseException] = failures,
        ) -> None:
            barrier.wait()
            try:
                answers.append(
                    open_branch(
                        uow_factory, info, opened_by="head", definition_hash=digest, now=NOW
                    )
                )
            except BaseException as error:  # the test reports any failure
                failures.append(error)

        threads = [threading.Thread(target=attempt) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert len(answers) == 2 and answers[0] == answers[1]
        with uow_factory() as uow:
            assert uow.session.scalar(select(func.count()).select_from(BranchSession)) == 1
