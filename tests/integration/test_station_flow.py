"""The branch station against a real server (uvicorn on a free port) on SQLite and PostgreSQL:
open, check in, cast (in the station: journal and removable copy), close with the ballots and
signed bulletins sent at once; recovery replays the journal without counting twice and prints
what a crash kept from the voter; every refusal is coded and changes nothing."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import func, select

from entekhab.domain.ballot import ContestSelection
from entekhab.domain.errors import EntekhabError
from entekhab.domain.results import SignedBulletin
from entekhab.station.client import ServerRefusal, ServerUnreachable
from entekhab.station.identity import SimulatedIdentityVerifier
from entekhab.station.journal import Journal, encode_body
from entekhab.station.prompt import persian_hour, run_prompt
from entekhab.station.runner import JsonLinesDriver
from entekhab.station.wall_sheet import print_wall_sheets
from entekhab.store.tables.counting import BulletinRow
from entekhab.store.tables.election_day import BallotRecordRow, Participation
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import add_citizens, load_election, table_counts
from tests.http_support import free_port, running_server
from tests.station_support import enrol_station_and_head, make_station


@pytest.fixture
def server(uow_factory: UnitOfWorkFactory) -> Iterator[str]:
    load_election(uow_factory)
    with running_server(uow_factory) as url:
        yield url


def rows(uow_factory: UnitOfWorkFactory, table: type) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def ballot(teh: dict, exp: list[str]) -> list[ContestSelection]:
    return [
        ContestSelection.model_validate({"contest": "TEH", **teh}),
        ContestSelection(contest="EXP", candidates=tuple(exp)),
    ]


BALLOTS = [
    ballot({"list_code": "L1", "candidates": ["101"]}, ["301"]),
    ballot({"list_code": "L1"}, ["302"]),
    ballot({"candidates": ["103", "104"]}, []),
    ballot({}, []),
    ballot({"list_code": "L2", "candidates": ["103"]}, ["301"]),
]


def test_station_opens_checks_in_casts_and_closes_with_signed_bulletins(
    uow_factory, server, tmp_path: Path
) -> None:
    voters = add_citizens(uow_factory, len(BALLOTS))
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    verifier = SimulatedIdentityVerifier(0, random.Random(3))
    station = make_station(server, keys, tmp_path / "b1.journal", "B1", verifier=verifier)
    opened = station.open("head")
    assert opened.session["contests"] == ["TEH", "EXP"]
    receipts = []
    for voter, selections in zip(voters, BALLOTS, strict=True):
        verifier.present(voter, "SER-" + voter)
        checked = station.check_in()
        assert checked.national_code == voter and checked.contests == ("TEH", "EXP")
        receipts.append(station.cast(checked.ticket, selections))
    assert len({r.ballot_id for r in receipts}) == len(BALLOTS)
    # Until closing, no ballot is at headquarters; every one is in the journal and on the media.
    assert rows(uow_factory, BallotRecordRow) == 0
    assert station.mirror.records() == station.journal.ballot_records()
    assert {r.ballot_id for r in receipts} == station.mirror.ballot_ids()
    closed = station.close("head")
    assert closed.matches and closed.ballots_cast == len(BALLOTS)
    assert closed.closing["ballots"] == len(BALLOTS) == rows(uow_factory, BallotRecordRow)
    assert closed.merkle_root == closed.closing["merkle_root"]
    assert [r["status"] for r in closed.closing["bulletins"]] == ["accepted", "accepted"]
    with uow_factory() as uow:
        docs = {
            r.contest: SignedBulletin.model_validate(r.document).bulletin
            for r in uow.session.scalars(select(BulletinRow))
        }
    teh, exp = docs["TEH"], docs["EXP"]
    lists = Counter(b[0].list_code for b in BALLOTS if b[0].list_code)
    assert {k: v for k, v in teh.list_votes.items() if v} == dict(lists)
    personal = Counter(c for b in BALLOTS for c in b[0].candidates)
    assert {k: v for k, v in teh.candidate_votes.items() if v} == dict(personal)
    assert teh.blank == sum(b[0].is_blank for b in BALLOTS)
    assert exp.blank == sum(b[1].is_blank for b in BALLOTS)
    assert teh.voters_checked_in == exp.voters_checked_in == len(BALLOTS)
    assert teh.merkle_root == closed.merkle_root and teh.ballot_records == len(BALLOTS)
    assert closed.bulletins == {c: b.digest() for c, b in docs.items()}
    # The branch prints its wall sheet from its own data, offline: the digest on it is the
    # digest of the bulletin headquarters counted.
    sheets = print_wall_sheets(station)
    for contest, bulletin in docs.items():
        html = next(p for p in sheets if p.name.endswith(f"-{contest}.html")).read_text()
        pdf = next(p for p in sheets if p.name.endswith(f"-{contest}.pdf")).read_bytes()
        assert bulletin.digest() in html and "<svg" in html and pdf.startswith(b"%PDF")
        kept = station.bulletin_dir / f"bulletin-E7-B1-{contest}.json"
        assert SignedBulletin.model_validate_json(kept.read_text()).bulletin == bulletin
    # Closing again (e.g. after a crash during closing) repeats nothing and changes nothing.
    again = station.close("head")
    assert again.bulletins == closed.bulletins and rows(uow_factory, BulletinRow) == 2
    with pytest.raises(EntekhabError) as refused:
        station.check_in()
    assert refused.value.code == "BRANCH_CLOSED"


def test_recovery_replays_the_journal_and_counts_nothing_twice(
    uow_factory, server, tmp_path: Path
) -> None:
    a, b = add_citizens(uow_factory, 2, seed=4)
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    path = tmp_path / "b1.journal"
    first = make_station(server, keys, path, "B1")
    first.open("head")
    # Crash 1: a check-in journalled, never sent.
    first.journal.add_request(
        "check_in",
        "POST",
        "/api/v1/checkins",
        {"national_code": a, "card_serial": "S", "fingerprint": "match", "override_reason": None},
    )
    # Crash 2: a check-in sent and done at the server, its answer lost before it was journalled.
    lost = first.journal.add_request(
        "check_in",
        "POST",
        "/api/v1/checkins",
        {"national_code": b, "card_serial": "S", "fingerprint": "match", "override_reason": None},
    )
    answer = first.client.send("POST", lost.path, lost.body, idempotency_key=lost.idempotency_key)
    assert answer.body["may_vote"] is True and "token" not in answer.body
    first.journal.close()

    second = make_station(server, keys, path, "B1")  # the restarted station
    recovered = second.recover()
    assert [(o.national_code, o.recovered) for o in recovered] == [(a, True), (b, True)]
    assert rows(uow_factory, Participation) == 2
    for outcome in recovered:
        second.shown(outcome)
    # Crash 3: a ballot written to the media, the journal commit never made: the voter's
    # ticket is still open and the media copy is put back in step with the journal.
    ticket = recovered[1].ticket
    orphan = second.new_record(("TEH", "EXP"), ballot({}, []), provisional=False)
    second.keep_ballot(orphan)
    # Crash 4: a ballot committed, its receipt never printed.
    receipt = second.cast(recovered[0].ticket, ballot({}, ["301"]))
    second.journal.close()
    third = make_station(server, keys, path, "B1")
    assert third.mirror.ballot_ids() == {receipt.ballot_id}
    [reprint] = third.recover()
    assert reprint.reprint and reprint.ballot_id == receipt.ballot_id
    assert reprint.digest == receipt.digest
    assert third.journal.ticket(ticket) is not None and third.journal.pending() == []
    third.printed(reprint)
    assert third.journal.unprinted() == []
    assert rows(uow_factory, BallotRecordRow) == 0  # no ballot leaves before closing
    second = third
    # Another layer's request (offline reconciliation) is left to that layer.
    path = "/api/v1/branches/B1/provisional"
    foreign = second.journal.add_request("provisional", "POST", path, {"items": []})
    assert second.recover() == [] and second.journal.pending() == [foreign]


def test_refusals_are_coded_and_change_nothing(uow_factory, server, tmp_path: Path) -> None:
    [voter] = add_citizens(uow_factory, 1, seed=5)
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    verifier = SimulatedIdentityVerifier(1, random.Random(1))  # every fingerprint rejected
    station = make_station(server, keys, tmp_path / "j", "B1", verifier=verifier)
    station.open("head")

    def refused(action, code: str, *, recorded: tuple[str, ...] = ()) -> None:
        before, journal = table_counts(uow_factory), station.journal
        state = (journal.pending(), journal.checkin_count(), journal.tickets())
        with pytest.raises(EntekhabError) as caught:
            action()
        assert caught.value.code == code, caught.value
        after = table_counts(uow_factory)
        assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == dict.fromkeys(
            recorded, 1
        )
        assert (journal.pending(), journal.checkin_count(), journal.tickets()) == state

    verifier.present("1111111111", "S")
    refused(station.check_in, "INVALID_NATIONAL_CODE")
    verifier.present(voter, "S")
    refused(station.check_in, "IDENTITY_NOT_VERIFIED")
    refused(station.check_in, "STATION_CARD_UNREADABLE")  # no card on the reader
    verifier.present("0499370899", "S")  # valid, but not in the registry
    refused(lambda: station.check_in(override_reason="head saw the card"), "CITIZEN_UNKNOWN")
    verifier.present(voter, "S")
    checked = station.check_in(override_reason="worn fingertips; branch head checked the card")
    too_many = ballot({"candidates": ["101", "102", "103", "104"]}, [])
    refused(lambda: station.cast(checked.ticket, too_many), "TOO_MANY_SELECTIONS")
    refused(lambda: station.cast(checked.ticket, ballot({}, ["999"])), "UNKNOWN_CANDIDATE")
    refused(lambda: station.cast("00" * 8, ballot({}, [])), "STATION_TICKET_UNKNOWN")
    verifier.present(voter, "S")
    # The one refusal that writes: the incident (and its stored answer, for a retry).
    refused(
        lambda: station.check_in(override_reason="again"),
        "ALREADY_VOTED",
        recorded=("incidents", "idempotency_keys"),
    )
    assert station.cast(checked.ticket, ballot({}, [])).ballot_id  # the ticket stayed open
    body = encode_body({"opened_by": "h", "definition_hash": station.definition_hash})
    with pytest.raises(ServerRefusal) as closed:  # the server's refusal, passed through
        station.client.send("POST", "/api/v1/branches/B2/open", body, idempotency_key="a" * 32)
    assert closed.value.code == "WRONG_BRANCH" and closed.value.http_status == 403


def test_unreachable_server_keeps_the_request_for_later(
    uow_factory, server, tmp_path: Path
) -> None:
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    path = tmp_path / "j"
    offline = make_station(f"http://127.0.0.1:{free_port()}", keys, path, "B1")
    with pytest.raises(ServerUnreachable) as caught:
        offline.open("head")
    assert caught.value.code == "STATION_SERVER_UNREACHABLE"
    assert [r.kind for r in offline.journal.pending()] == ["open"]
    offline.journal.close()
    online = make_station(server, keys, path, "B1")
    [opened] = online.recover()
    assert opened.recovered and online.session["status"] == "open"


def test_a_journal_belongs_to_one_branch(uow_factory, server, tmp_path: Path) -> None:
    keys1 = enrol_station_and_head(uow_factory, "B1", 1)
    keys2 = enrol_station_and_head(uow_factory, "B2", 2)
    make_station(server, keys1, tmp_path / "j", "B1").journal.close()
    with pytest.raises(EntekhabError) as caught:
        make_station(server, keys2, tmp_path / "j", "B2")
    assert caught.value.code == "STATION_JOURNAL_MISMATCH"
    assert Journal(tmp_path / "j").get_meta("identity")["branch"] == "B1"


def test_the_agent_prompt_serves_a_voter_and_prints_the_receipt(
    uow_factory, server, tmp_path: Path
) -> None:
    [voter] = add_citizens(uow_factory, 1, seed=6)
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    verifier = SimulatedIdentityVerifier(1, random.Random(1))  # the finger is rejected
    station = make_station(server, keys, tmp_path / "j", "B1", verifier=verifier)
    station.open("head")
    answers = iter([voter, "SER1", "worn fingertips", "L1", "101", "301", "999", "status", "quit"])
    console = Console(record=True, width=200)
    run_prompt(station, verifier, console, ask=lambda _prompt: next(answers))
    text = console.export_text()
    [record] = station.journal.ballot_records()
    assert record.ballot_id in text and record.digest() in text
    assert persian_hour(record.hour) in text and "INVALID_NATIONAL_CODE" in text
    assert record.selection_for("TEH") == ContestSelection(
        contest="TEH", list_code="L1", candidates=("101",)
    )
    assert record.selection_for("EXP").candidates == ("301",)
    assert "STATION_CARD_UNREADABLE" not in text and "'ballots': 1" in text


def test_the_jsonl_driver_follows_the_offline_policy(uow_factory, server, tmp_path: Path) -> None:
    [voter] = add_citizens(uow_factory, 1, seed=7)
    keys = enrol_station_and_head(uow_factory, "B1", 1)
    make_station(server, keys, tmp_path / "j", "B1").open("head")  # policy: refuse
    cut = make_station(f"http://127.0.0.1:{free_port()}", keys, tmp_path / "j", "B1")
    events: list[dict] = []
    driver = JsonLinesDriver(cut, cut.verifier, events.append)
    before = table_counts(uow_factory)
    driver.run([json.dumps({"action": "check_in", "national_code": voter, "card_serial": "S"})])
    driver.run(['{"action": "status"}', "not json"])
    assert [e["event"] for e in events] == ["error", "status", "error"]
    assert events[0]["error"]["code"] == "OFFLINE_REFUSED"
    assert events[1]["checkins"] == 0 and events[1]["pending"] == 0
    assert events[2]["error"]["code"] == "INVALID_INPUT"
    assert table_counts(uow_factory) == before
