"""``entekhab demo``, reduced: the tiny sample, 2,000 people, on SQLite, end to end through a
real uvicorn process, real station journals and signed requests; then the database agrees with
what the simulated day counted."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from entekhab.cli.demo import run_demo
from entekhab.service.counting import certification
from entekhab.service.counting.recount import recount_ballots
from entekhab.service.election_day.day_figures import take_snapshot
from entekhab.sim.sample_election import make_election
from entekhab.store.db import make_engine
from entekhab.store.tables.election_day import BallotRecordRow, BranchSession, Participation
from entekhab.store.uow import UnitOfWorkFactory

pytestmark = pytest.mark.slow


def test_reduced_demo_runs_end_to_end(tmp_path: Path) -> None:
    var = tmp_path / "demo"
    tally = run_demo(
        var=var,
        database_url=None,
        sample="tiny",
        voters=2000,
        branches=4,
        turnout=0.5,
        false_reject_rate=0.3,
        parallel=4,
        workers=1,
        seed=7,
    )
    assert tally.errors == []
    assert tally.voted > 300
    assert tally.served == tally.planned
    assert tally.false_rejects > 0
    assert tally.refusals["UNDER_AGE"] > 0
    engine = make_engine(f"sqlite:///{var / 'entekhab.db'}")
    with engine.connect() as conn:
        participations = conn.scalar(select(func.count()).select_from(Participation))
        ballots = conn.scalar(select(func.count()).select_from(BallotRecordRow))
        open_branches = conn.scalar(
            select(func.count()).select_from(BranchSession).where(BranchSession.closed_at.is_(None))
        )
    assert participations == tally.voted
    assert ballots == tally.voted
    assert open_branches == 0
    definition = make_election("tiny", 7, 4)
    with Session(engine) as session:
        for contest in definition.contests:
            state = certification.status(session, definition.id, contest.code)
            assert state.state == "published", contest.code
            assert state.outcome is not None and state.outcome["elected"]
    # The headquarters dashboard's figures over the same day: counted in SQL, they agree.
    day = take_snapshot(UnitOfWorkFactory(engine), definition.id, datetime.now(UTC)).area(None)
    assert day.checked_in == sum(day.by_hour.values()) == tally.voted
    assert day.closed == day.reported == day.branches == len(definition.branches)
    # A recount of every stored ballot record gives what the stations' bulletins said.
    recount = recount_ballots(
        UnitOfWorkFactory(engine), definition.id, actor="auditor-demo", role="auditor"
    )
    assert recount.differences == [] and recount.ballots == tally.voted
    engine.dispose()
