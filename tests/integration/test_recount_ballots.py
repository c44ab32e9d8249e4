"""The recount from the stored ballot records, on SQLite and PostgreSQL: an election taken
through check-in and closing recounts to its bulletins exactly; an edited ballot record, an
edited bulletin and edited running totals are each reported; a refused recount writes
nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text, update
from typer.testing import CliRunner

from entekhab.cli import app
from entekhab.domain.access import Role
from entekhab.domain.ballot import ContestSelection
from entekhab.errors import EntekhabError
from entekhab.service.counting.recount import recount_ballots
from entekhab.service.election_day.branches import open_branch
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.closing import close_branch
from entekhab.service.security.accounts import add_user
from entekhab.store.tables.counting import BulletinRow, ResultTotal
from entekhab.store.tables.election_day import BallotRecordRow
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import person
from tests.closing_support import ballot, closing, enrol_head
from tests.election_day_support import ELECTION, NOW, add_citizens, enrol, load_election

TEH = [
    [ContestSelection(contest="TEH", list_code="L1", candidates=("101", "103"))],
    [ContestSelection(contest="TEH", list_code="L2")],
    [ContestSelection(contest="TEH", candidates=("102", "103", "104"))],
    [ContestSelection(contest="TEH")],
]
EXP = [
    ContestSelection(contest="EXP", candidates=("301",)),
    ContestSelection(contest="EXP", candidates=("302",)),
    ContestSelection(contest="EXP"),
]
SML = [
    ContestSelection(contest="SML", candidates=("201", "202")),
    ContestSelection(contest="SML", candidates=("203",)),
    ContestSelection(contest="SML"),
]


def _close(uow_factory: UnitOfWorkFactory, digest: str, branch: str, seed: int, n: int) -> None:
    station_key, info = enrol(uow_factory, branch, seed)
    head = enrol_head(uow_factory, branch)
    open_branch(uow_factory, info, opened_by="head", definition_hash=digest, now=NOW)
    division = "S" if branch == "B3" else "T"
    for code in add_citizens(uow_factory, n, seed=seed * 100, division=division):
        check_in(uow_factory, info, CheckInRequest(code, "SER123", "match", None), now=NOW)
    records = []
    for i in range(n):
        first = SML[i % 3] if branch == "B3" else TEH[i % 4][0]
        records.append(ballot(branch, [first, EXP[i % 3]]))
    upload = closing(digest, branch, records, station_key=station_key, head=head)
    close_branch(uow_factory, info, upload, now=NOW)


@pytest.fixture
def closed(uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    digest = load_election(uow_factory)
    _close(uow_factory, digest, "B1", 1, 9)
    _close(uow_factory, digest, "B3", 3, 7)
    return uow_factory


def _recount(uow_factory: UnitOfWorkFactory, **kwargs: object):
    return recount_ballots(uow_factory, ELECTION, actor="auditor-1", role="auditor", **kwargs)


def test_a_closed_election_recounts_to_its_bulletins(closed) -> None:
    report = _recount(closed, threads=1)
    assert report.differences == [] and report.matches
    assert (report.ballots, report.branches) == (16, 2)
    teh = report.totals["TEH"]
    # B1: 9 ballots cycling through TEH[0..3]: L1+101+103 x3, L2 x2, 102+103+104 x2, blank x2
    assert (teh.ballots_cast, teh.blank, teh.invalid) == (9, 2, 0)
    assert teh.list_votes == {"L1": 3, "L2": 2}
    assert teh.candidate_votes == {"101": 3, "102": 2, "103": 5, "104": 2}
    assert report.totals["EXP"].ballots_cast == 16
    assert report.marks == sum(sum(t.candidate_votes.values()) for t in report.totals.values())


def test_an_election_with_no_ballot_stored_recounts_to_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Before any branch closes there is nothing to read: an empty recount, not a 500 (DuckDB
    cannot reach into a record column it was given no type for)."""
    load_election(uow_factory)
    report = _recount(uow_factory, threads=1)
    assert report.differences == [] and report.matches
    assert (report.ballots, report.branches, report.marks) == (0, 0, 0)


def test_one_contest_is_recounted_alone(closed) -> None:
    report = _recount(closed, contest="SML", roots=False)
    assert report.matches and report.contests == ["SML"]
    assert report.totals["SML"].candidate_votes == {"201": 3, "202": 3, "203": 2}


def _edit_one_record(uow_factory: UnitOfWorkFactory, branch: str) -> None:
    with uow_factory() as uow:
        row = uow.session.scalars(
            select(BallotRecordRow)
            .where(BallotRecordRow.branch == branch)
            .order_by(BallotRecordRow.ballot_id)
        ).first()
        assert row is not None
        record = json.loads(json.dumps(row.record))
        exp = record["selections"][1]  # EXP: the vote moves to the other candidate
        exp["candidates"] = ["301"] if exp["candidates"] == ["302"] else ["302"]
        uow.session.execute(
            update(BallotRecordRow)
            .where(BallotRecordRow.ballot_id == row.ballot_id)
            .values(record=record)
        )
        uow.commit()


def test_an_edited_ballot_record_is_reported(closed) -> None:
    with closed() as uow:
        before = uow.session.scalar(
            select(BallotRecordRow.record)
            .where(BallotRecordRow.branch == "B1")
            .order_by(BallotRecordRow.ballot_id)
        )
    _edit_one_record(closed, "B1")
    report = _recount(closed)
    items = {(d.contest, d.branch, d.item) for d in report.differences}
    assert ("TEH", "B1", "merkle_root") in items and ("EXP", "B1", "merkle_root") in items
    now = "301" if before["selections"][1]["candidates"] == ["302"] else "302"
    assert ("EXP", "B1", f"candidate:{now}") in items  # the bulletin counted otherwise
    assert ("EXP", "*", f"candidate:{now}") in items  # and so did the running totals
    assert ("EXP", "B1", "ballots_cast") not in items  # no ballot came or went


def test_an_edited_bulletin_and_edited_totals_are_reported(closed) -> None:
    with closed() as uow:
        row = uow.session.scalars(
            select(BulletinRow).where(BulletinRow.branch == "B3", BulletinRow.contest == "SML")
        ).one()
        document = json.loads(json.dumps(row.document))
        document["bulletin"]["candidate_votes"]["203"] += 5
        row.document = document
        uow.session.execute(
            update(ResultTotal)
            .where(
                ResultTotal.contest == "EXP",
                ResultTotal.level == "contest",
                ResultTotal.code == "301",
            )
            .values(value=ResultTotal.value + 1)
        )
        uow.commit()
    report = _recount(closed, roots=False)
    found = {(d.contest, d.branch, d.item): (d.recounted, d.reported) for d in report.differences}
    assert found[("SML", "B3", "candidate:203")] == (2, 7)
    assert ("SML", "B3", "bulletin_digest") in found
    assert found[("SML", "B3", "bulletin_signature")][1] == "BULLETIN_STATION_SIGNATURE_INVALID"
    assert found[("EXP", "*", "candidate:301")] == (6, 7)
    assert len(found) == 4


def _events(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(EventLogEntry)) or 0)


def test_a_refused_recount_writes_nothing_but_its_refusal(closed) -> None:
    before = _events(closed)
    with pytest.raises(EntekhabError) as info:
        _recount(closed, contest="NOPE")
    assert info.value.code == "NOT_FOUND"
    assert _events(closed) == before
    with pytest.raises(EntekhabError) as info:
        recount_ballots(closed, ELECTION, actor="agent", role="branch_agent")
    assert info.value.code == "ROLE_NOT_ALLOWED"
    with closed() as uow:
        codes = uow.session.execute(text("SELECT code FROM event_log")).scalars().all()
    assert "BALLOTS_RECOUNTED" not in codes
    _recount(closed, roots=False)
    with closed() as uow:
        codes = uow.session.execute(text("SELECT code FROM event_log")).scalars().all()
    assert codes.count("BALLOTS_RECOUNTED") == 1


PASSWORD = "a long enough passphrase 1405"


def _cli(factory: UnitOfWorkFactory, user: str, *args: str):
    url = factory.engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(
        app,
        [
            *("results", "recount-ballots", "--election", ELECTION, *args, "--user", user),
            *("--password-stdin", "--database-url", url),
        ],
        input=PASSWORD + "\n",
    )


def test_the_cli_recounts_signed_in_and_exits_1_on_a_difference(closed) -> None:
    with closed() as uow:
        secret = add_user(
            uow,
            username="aud1",
            full_name="aud1",
            role=Role.AUDITOR,
            jurisdiction="P",
            national_code=person(1),
            password=PASSWORD,
            actor="operator:test",
        ).totp_secret
    assert secret is None  # an auditor signs in without a second factor
    done = _cli(closed, "aud1", "--json")
    assert done.exit_code == 0, done.output
    assert '"matches": true' in done.output
    _edit_one_record(closed, "B3")
    done = _cli(closed, "aud1", "--contest", "EXP")
    assert done.exit_code == 1, done.output
    assert "merkle_root" in done.output and "difference(s)" in done.output


def test_records_the_bulk_engine_cannot_read_are_counted_by_the_domain_or_reported(
    closed,
) -> None:
    """A record with a contest twice goes through ``contest_bulletin`` itself (which counts the
    first); a record that is not JSON at all (possible on SQLite only) is reported unreadable."""
    with closed() as uow:
        ids = uow.session.scalars(
            select(BallotRecordRow.ballot_id)
            .where(BallotRecordRow.branch == "B1")
            .order_by(BallotRecordRow.ballot_id)
        ).all()
        row = uow.session.get(BallotRecordRow, ids[0])
        assert row is not None
        record = json.loads(json.dumps(row.record))
        record["selections"].append(dict(record["selections"][1], candidates=["301"]))
        uow.session.execute(
            update(BallotRecordRow).where(BallotRecordRow.ballot_id == ids[0]).values(record=record)
        )
        uow.commit()
    report = _recount(closed, roots=False)
    assert report.matches, report.differences  # the domain counts the first EXP selection
    if closed.engine.dialect.name != "sqlite":
        return
    with closed() as uow:
        uow.session.execute(
            text("UPDATE ballot_records SET record = '{not json' WHERE ballot_id = :i"),
            {"i": ids[1]},
        )
        uow.commit()
    found = {(d.contest, d.branch, d.item) for d in _recount(closed, roots=False).differences}
    assert ("TEH", "B1", "unreadable_records") in found
    assert ("TEH", "B1", "ballots_cast") in found  # the bulletin counted it, the recount cannot
