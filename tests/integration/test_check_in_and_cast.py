"""Check-in and closing through the service layer, on SQLite and PostgreSQL: the happy path,
every refusal with its code, and proof that a refusal wrote nothing.

There is no casting at headquarters: the check-in tells the station the voter may vote, the
ballot stays in the station, and the branch's ballots arrive once, at closing, with its
bulletins (docs/ballot-secrecy.md)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from entekhab.crypto.signing import KeyPair
from entekhab.domain.ballot import ContestSelection
from entekhab.errors import EntekhabError
from entekhab.service.election_day.ballots import branch_root
from entekhab.service.election_day.branches import open_branch, turnout
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.closing import close_branch
from entekhab.store.tables.election_day import IncidentRow, Participation
from entekhab.store.uow import UnitOfWorkFactory
from tests.closing_support import ballot, closing, enrol_head
from tests.election_day_support import NOW, POLLING_DAY, add_citizens, enrol, load_election
from tests.election_day_support import table_counts as counts

BLANK = [{"contest": "TEH"}, {"contest": "EXP"}]


@pytest.fixture
def day(uow_factory: UnitOfWorkFactory) -> dict[str, object]:
    digest = load_election(uow_factory)
    stations: dict[str, object] = {"digest": digest}
    for i, branch in enumerate(("B1", "B2", "B3"), start=1):
        kp, info = enrol(uow_factory, branch, i)
        open_branch(uow_factory, info, opened_by="head", definition_hash=digest, now=NOW)
        stations[branch] = info
        stations[f"{branch}-keys"] = (kp, enrol_head(uow_factory, branch))
    return stations


def req(code: str, fingerprint: str = "match", reason: str | None = None) -> CheckInRequest:
    return CheckInRequest(code, "SER123", fingerprint, reason)


def refused(uow_factory: UnitOfWorkFactory, code: str, call: object) -> EntekhabError:
    before = counts(uow_factory)
    with pytest.raises(EntekhabError) as info:
        call()  # type: ignore[operator]
    assert info.value.code == code
    assert counts(uow_factory) == before, "a refusal must write nothing"
    return info.value


def keys(day: dict[str, object], branch: str) -> tuple[KeyPair, KeyPair]:
    return day[f"{branch}-keys"]  # type: ignore[return-value]


def test_check_in_says_the_voter_may_vote_and_writes_no_token(uow_factory, day) -> None:
    [code] = add_citizens(uow_factory, 1)
    before = counts(uow_factory)
    result = check_in(uow_factory, day["B1"], req(code), now=NOW)
    assert result.ballot_style == "ST1" and result.contests == ("TEH", "EXP")
    assert result.as_json() == {
        "branch": "B1",
        "ballot_style": "ST1",
        "contests": ["TEH", "EXP"],
        "hour": "2026-06-18T07",
        "may_vote": True,
    }
    after = counts(uow_factory)
    assert after["participations"] == before["participations"] + 1
    assert {k: v for k, v in after.items() if k != "participations"} == {
        k: v for k, v in before.items() if k != "participations"
    }, "a check-in writes its participation and nothing else"
    assert turnout(uow_factory, "E7")["by_hour"] == [{"hour": "2026-06-18T07", "count": 1}]


def test_bad_check_ins_are_refused_and_write_nothing(uow_factory, day) -> None:
    [adult] = add_citizens(uow_factory, 1, seed=2)
    [minor] = add_citizens(uow_factory, 1, seed=3, birth=POLLING_DAY - timedelta(days=365 * 18 - 3))
    [newcomer] = add_citizens(uow_factory, 1, seed=4, division="S", since=date(2025, 12, 1))
    b1, b3 = day["B1"], day["B3"]
    refused(
        uow_factory,
        "INVALID_NATIONAL_CODE",
        lambda: check_in(uow_factory, b1, req("0012345678"), now=NOW),
    )
    refused(
        uow_factory, "INVALID_NATIONAL_CODE", lambda: check_in(uow_factory, b1, req("abc"), now=NOW)
    )
    refused(
        uow_factory,
        "CITIZEN_UNKNOWN",
        lambda: check_in(uow_factory, b1, req("0012345679"), now=NOW),
    )
    refused(uow_factory, "UNDER_AGE", lambda: check_in(uow_factory, b1, req(minor), now=NOW))
    refused(uow_factory, "NOT_ENTITLED", lambda: check_in(uow_factory, b3, req(adult), now=NOW))
    err = refused(
        uow_factory, "NOT_ENTITLED", lambda: check_in(uow_factory, b3, req(newcomer), now=NOW)
    )
    assert err.details["rule"] == "one_year_residence"
    refused(
        uow_factory,
        "IDENTITY_NOT_VERIFIED",
        lambda: check_in(uow_factory, b1, req(adult, "no_match"), now=NOW),
    )


def test_second_check_in_is_already_voted_naming_the_first_branch(uow_factory, day) -> None:
    [code] = add_citizens(uow_factory, 1, seed=5)
    check_in(uow_factory, day["B1"], req(code), now=NOW)
    before = counts(uow_factory)
    with pytest.raises(EntekhabError) as info:
        check_in(uow_factory, day["B2"], req(code), now=NOW)
    assert info.value.code == "ALREADY_VOTED"
    assert info.value.details["first_branch"] == "B1"
    after = counts(uow_factory)
    assert after["incidents"] == before["incidents"] + 1
    assert {k: v for k, v in after.items() if k != "incidents"} == {
        k: v for k, v in before.items() if k != "incidents"
    }
    with uow_factory() as uow:
        incident = uow.session.scalars(select(IncidentRow)).one()
        assert incident.kind == "ALREADY_VOTED" and incident.details["first"]["branch"] == "B1"
        assert uow.session.get(Participation, ("E7", code)).branch == "B1"


def test_override_of_a_failed_fingerprint_is_an_incident(uow_factory, day) -> None:
    [code] = add_citizens(uow_factory, 1, seed=6)
    check_in(uow_factory, day["B1"], req(code, "no_match", "head checked the card photo"), now=NOW)
    with uow_factory() as uow:
        assert uow.session.scalars(select(IncidentRow.kind)).all() == ["IDENTITY_OVERRIDE"]


def test_closing_stores_the_ballots_and_bulletins_at_once(uow_factory, day) -> None:
    codes = add_citizens(uow_factory, 3, seed=8)
    b1 = day["B1"]
    for code in codes[:2]:
        check_in(uow_factory, b1, req(code), now=NOW)
    sel = [
        ContestSelection(contest="TEH", list_code="L1", candidates=("101", "103")),
        ContestSelection(contest="EXP", candidates=("301",)),
    ]
    records = [ballot("B1", sel), ballot("B1", BLANK)]
    station_key, head = keys(day, "B1")
    upload = closing(day["digest"], "B1", records, station_key=station_key, head=head)
    done = close_branch(uow_factory, b1, upload, now=NOW)
    count, root = branch_root(uow_factory, "E7", "B1")
    assert (done.ballots, done.merkle_root, done.participations) == (2, root, 2) and count == 2
    assert [b["status"] for b in done.bulletins] == ["accepted", "accepted"]
    assert done.incident_id is None
    refused(uow_factory, "BRANCH_CLOSED", lambda: check_in(uow_factory, b1, req(codes[2]), now=NOW))
    refused(uow_factory, "BRANCH_CLOSED", lambda: close_branch(uow_factory, b1, upload, now=NOW))


def test_bad_closings_are_refused_and_write_nothing(uow_factory, day) -> None:
    codes = add_citizens(uow_factory, 2, seed=9)
    b1 = day["B1"]
    for code in codes:
        check_in(uow_factory, b1, req(code), now=NOW)
    station_key, head = keys(day, "B1")
    digest = day["digest"]

    def upload(records, **kw):
        return closing(digest, "B1", records, station_key=station_key, head=head, **kw)

    def close(up):
        return lambda: close_branch(uow_factory, b1, up, now=NOW)

    two = [ballot("B1", BLANK), ballot("B1", BLANK)]
    three = [*two, ballot("B1", BLANK)]
    err = refused(uow_factory, "CLOSING_BALLOTS_EXCEED_PARTICIPATIONS", close(upload(three)))
    assert err.details == {"branch": "B1", "ballots": 3, "participations": 2}
    good = upload(two)
    other = upload([ballot("B1", BLANK)])
    mixed = replace(good, bulletins=[good.bulletins[0], other.bulletins[1]])
    refused(uow_factory, "CLOSING_ROOT_MISMATCH", close(mixed))
    refused(uow_factory, "CLOSING_ROOT_MISMATCH", close(replace(good, records=two[:1])))
    refused(uow_factory, "CLOSING_BULLETINS_INCOMPLETE", close(replace(good, bulletins=[])))
    refused(
        uow_factory,
        "CLOSING_BULLETINS_INCOMPLETE",
        close(replace(good, bulletins=good.bulletins[:1])),
    )
    stranger = ballot("B3", [{"contest": "SML"}, {"contest": "EXP"}])
    refused(uow_factory, "BALLOT_RECORD_INVALID", close(upload([two[0], stranger])))
    twice = upload([two[0], two[0]])
    refused(uow_factory, "BALLOT_RECORD_INVALID", close(twice))
    too_many = ballot(
        "B1", [{"contest": "TEH", "candidates": ["101", "102", "103", "104"]}, {"contest": "EXP"}]
    )
    refused(uow_factory, "TOO_MANY_SELECTIONS", close(upload([two[0], too_many])))
    wrong = ballot("B1", [{"contest": "EXP"}])
    refused(uow_factory, "WRONG_CONTESTS", close(upload([two[0], wrong])))
    refused(
        uow_factory,
        "CLOSING_HELD_BALLOT_INVALID",
        close(upload(two, held=[(999, ballot("B1", BLANK, provisional=True))])),
    )
    forged_head = replace(
        good,
        bulletins=[
            good.bulletins[0].model_copy(update={"head_signature": "00" * 64}),
            good.bulletins[1],
        ],
    )
    refused(uow_factory, "BULLETIN_HEAD_SIGNATURE_INVALID", close(forged_head))
    assert close_branch(uow_factory, b1, good, now=NOW).ballots == 2  # the good one still closes


def test_turnout_that_differs_from_participations_is_an_incident(uow_factory, day) -> None:
    codes = add_citizens(uow_factory, 2, seed=10)
    for code in codes:
        check_in(uow_factory, day["B2"], req(code), now=NOW)
    station_key, head = keys(day, "B2")
    up = closing(
        day["digest"],
        "B2",
        [ballot("B2", BLANK)],
        station_key=station_key,
        head=head,
        voters_checked_in=3,
    )
    done = close_branch(uow_factory, day["B2"], up, now=NOW)
    with uow_factory() as uow:
        incident = uow.session.get(IncidentRow, done.incident_id)
        assert incident.kind == "TURNOUT_MISMATCH"
        assert incident.details == {"bulletins_voters_checked_in": [3], "participations": 2}
