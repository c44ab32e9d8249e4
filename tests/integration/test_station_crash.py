"""Kill -9: a station process fed a voter script is killed with SIGKILL at random points, then
restarted; it recovers from its journal each time. At the end the branch is closed and the
driver's log of acknowledgements is compared with the server's participation and ballot tables:
every acknowledged check-in and ballot is there exactly once, nothing else is, and the station's
count and Merkle root equal the server's. On SQLite and PostgreSQL.

An acknowledgement can die with the process after its commit (killed between the commit and the
write to stdout). The restarted station then says so itself: it prints again every receipt
committed but never printed and shows every check-in committed but never shown (counted in
``reprinted``), so nothing is left for the driver to infer (``inferred`` stays empty).

Ballots stay in the station until closing: the server holds none of them before the branch
closes, and every acknowledged ballot is also on the removable copy (``<journal>.media``).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from entekhab.domain.results import SignedBulletin
from entekhab.station.journal import Journal
from entekhab.station.mirror import BallotMirror
from entekhab.station.runner import StationConfig
from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.tables.counting import BulletinRow
from entekhab.store.tables.election_day import BallotRecordRow, Participation
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import ELECTION, add_citizens, load_election
from tests.http_support import running_server
from tests.station_driver import (
    CliStation,
    VoterDriver,
    ZygoteStation,
    voter_script,
    write_station_files,
)
from tests.station_support import enrol_station_and_head

KILLS = int(os.environ.get("ENTEKHAB_CRASH_KILLS", "100"))


def server_state(uow_factory: UnitOfWorkFactory) -> tuple[list[str], list[str]]:
    with uow_factory() as uow:
        participants = list(
            uow.session.scalars(
                select(Participation.national_code).where(
                    Participation.election_id == ELECTION, Participation.branch == "B1"
                )
            )
        )
        ballots = list(
            uow.session.scalars(
                select(BallotRecordRow.ballot_id).where(BallotRecordRow.branch == "B1")
            )
        )
    return participants, ballots


def check_nothing_lost_nothing_doubled(
    uow_factory: UnitOfWorkFactory, driver: VoterDriver, journal_path: Path
) -> None:
    participants, ballots = server_state(uow_factory)
    assert driver.inferred == [], "a receipt or check-in was lost silently"
    checked_in = {v.national_code for v in driver.voters if v.checked_in}
    cast = [v for v in driver.voters if v.cast]
    # Acknowledgements: each at most once, and each on the server.
    assert len(driver.acked_checkins) == len(set(driver.acked_checkins))
    assert len(driver.acked_ballots) == len(set(driver.acked_ballots))
    assert set(driver.acked_checkins) <= set(participants)
    assert set(driver.acked_ballots) <= set(ballots)
    # The server holds exactly the voters who were checked in and one ballot per cast.
    assert sorted(participants) == sorted(checked_in)
    assert len(ballots) == len(set(ballots)) == len(cast)
    journal = Journal(journal_path)
    assert sorted(r.ballot_id for r in journal.ballot_records()) == sorted(ballots)
    media = BallotMirror(journal_path.with_name(journal_path.name + ".media"))
    assert media.records() == journal.ballot_records()
    assert journal.unprinted() == []  # every receipt printed, some of them again
    media.close()
    assert journal.checkin_count() == len(participants) and journal.pending() == []
    journal.close()
    closed = driver.closed
    assert closed is not None and closed["matches"] is True
    assert closed["ballots_cast"] == len(ballots)
    assert [r["status"] for r in closed["closing"]["bulletins"]] == ["accepted", "accepted"]
    with uow_factory() as uow:
        stored = {}
        for row in uow.session.scalars(select(BulletinRow)):
            bulletin = SignedBulletin.model_validate(row.document).bulletin
            assert bulletin.ballots_cast == len(ballots)
            assert bulletin.voters_checked_in == len(participants)
            stored[bulletin.contest] = row.digest
    assert closed["bulletins"] == stored  # the digests the branch printed on its wall sheet


def close_by_cli(config: StationConfig) -> dict[str, Any]:
    """``entekhab station close``; its last line is the ``closed`` event."""
    entekhab = str(Path(sys.executable).parent / "entekhab")
    args = [entekhab, "station", "close", "--branch", config.branch, "--server", config.server]
    args += ["--key", str(config.key_file), "--head-key", str(config.head_key_file)]
    args += ["--journal", str(config.journal), "--definition", str(config.definition)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    *_, printed, event = (json.loads(line) for line in done.stdout.strip().splitlines())
    assert event["event"] == "closed" and printed["event"] == "wall_sheet"
    for contest, digest in event["bulletins"].items():  # the wall sheet carries the digest
        [sheet] = [f for f in printed["files"] if f.endswith(f"-{contest}.html")]
        assert digest in Path(sheet).read_text(encoding="utf-8")
    assert sum(f.endswith(".pdf") for f in printed["files"]) == len(event["bulletins"])
    return event


def crash_run(
    uow_factory: UnitOfWorkFactory,
    tmp_path: Path,
    kind: type,
    kills: int,
    seed: int,
    during_start_up: float,
    close_with_cli: bool = False,
) -> VoterDriver:
    """``kills`` random kills; a share ``during_start_up`` of them while the station recovers
    (measured from its start), the others while it serves voters (measured from ``ready``)."""
    load_election(uow_factory)
    codes = add_citizens(uow_factory, 10 * kills + 50, seed=seed)
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    rng = random.Random(seed)
    driver = VoterDriver(voter_script(codes, rng))
    with running_server(uow_factory) as url:
        config = write_station_files(tmp_path / "station", keys, url, "B1")
        station = kind(config)
        while driver.kills < kills:
            early = rng.random() < during_start_up
            delay = rng.uniform(0.0, 0.4) if early else rng.uniform(0.0, 0.6)
            outcome = driver.run(station, delay, from_ready=not early)
            assert outcome == "killed", "the voter script ran out before the last kill"
            assert server_state(uow_factory)[1] == [], "no ballot reaches HQ before closing"
        # Finish the voter in progress, then close the branch.
        current = driver.current()
        driver.voters = [v for v in driver.voters if v.checked_in or v is current]
        if close_with_cli:
            assert driver.run(station, None) == "done"
            driver.closed = close_by_cli(config)
        else:
            assert driver.run(station, None, close_when_done=True) == "closed"
    check_nothing_lost_nothing_doubled(uow_factory, driver, config.journal)
    assert len(driver.acked_ballots) > kills // 4  # the station made progress between kills
    print(f"kills={driver.kills} voters={len(driver.voters)} reprinted={driver.reprinted}")
    return driver


@pytest.mark.slow
def test_station_killed_100_times_loses_nothing_and_counts_nothing_twice(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    crash_run(uow_factory, tmp_path, ZygoteStation, KILLS, 7, during_start_up=0.2)


@pytest.mark.slow
def test_station_cli_process_killed_and_restarted(sqlite_url: str, tmp_path: Path) -> None:
    """The same with ``entekhab station run`` itself (slower to start, so fewer kills), and
    the branch closed by ``entekhab station close``."""
    engine = make_engine(sqlite_url)  # SQLite only: the slow part is the CLI's start-up
    upgrade(engine)
    uow_factory = UnitOfWorkFactory(engine)
    crash_run(uow_factory, tmp_path, CliStation, 2, 8, during_start_up=0.0, close_with_cli=True)
    engine.dispose()
