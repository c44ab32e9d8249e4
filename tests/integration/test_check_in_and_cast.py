"""Check-in and casting through the service layer, on SQLite and PostgreSQL: the happy path,
every refusal with its code, and proof that a refusal wrote nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from entekhab.domain.ballot import ContestSelection
from entekhab.errors import EntekhabError
from entekhab.service.election_day.ballots import branch_root, cast_ballot
from entekhab.service.election_day.branches import close_branch, open_branch, turnout
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.stations import StationInfo
from entekhab.store.tables.election_day import IncidentRow, Participation
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import NOW, POLLING_DAY, add_citizens, enrol, load_election
from tests.election_day_support import table_counts as counts


@pytest.fixture
def day(uow_factory: UnitOfWorkFactory) -> dict[str, StationInfo]:
    digest = load_election(uow_factory)
    stations = {}
    for i, branch in enumerate(("B1", "B2", "B3"), start=1):
        _kp, info = enrol(uow_factory, branch, i)
        open_branch(uow_factory, info, opened_by="head", definition_hash=digest, now=NOW)
        stations[branch] = info
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


def test_check_in_then_cast_gives_a_receipt(uow_factory, day) -> None:
    [code] = add_citizens(uow_factory, 1)
    result = check_in(uow_factory, day["B1"], req(code), now=NOW)
    assert result.ballot_style == "ST1" and result.contests == ("TEH", "EXP")
    assert len(result.token) == 32
    sel = [
        ContestSelection(contest="EXP", candidates=("301",)),
        ContestSelection(contest="TEH", list_code="L1", candidates=("101", "103")),
    ]
    receipt = cast_ballot(uow_factory, day["B1"], result.token, sel, now=NOW)
    assert receipt.record.hour == "2026-06-18T07"
    assert [s.contest for s in receipt.record.selections] == ["TEH", "EXP"]
    assert receipt.as_json()["digest"] == receipt.record.digest()
    assert branch_root(uow_factory, "E7", "B1")[0] == 1
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


def test_bad_casts_are_refused_and_write_nothing(uow_factory, day) -> None:
    [code] = add_citizens(uow_factory, 1, seed=7)
    b1, b2 = day["B1"], day["B2"]
    token = check_in(uow_factory, b1, req(code), now=NOW).token
    exp = ContestSelection(contest="EXP", candidates=())

    def cast(sel, tok=token, st=b1):
        return lambda: cast_ballot(uow_factory, st, tok, sel, now=NOW)

    teh = ContestSelection
    refused(
        uow_factory,
        "TOO_MANY_SELECTIONS",
        cast([teh(contest="TEH", candidates=("101", "102", "103", "104")), exp]),
    )
    refused(uow_factory, "UNKNOWN_CANDIDATE", cast([teh(contest="TEH", candidates=("999",)), exp]))
    refused(uow_factory, "UNKNOWN_CANDIDATE", cast([teh(contest="TEH", candidates=("201",)), exp]))
    refused(
        uow_factory,
        "REPEATED_SELECTION",
        cast([teh(contest="TEH", candidates=("101", "101")), exp]),
    )
    refused(uow_factory, "UNKNOWN_LIST", cast([teh(contest="TEH", list_code="L9"), exp]))
    refused(uow_factory, "WRONG_CONTESTS", cast([exp]))
    refused(uow_factory, "WRONG_CONTESTS", cast([teh(contest="SML"), exp]))
    refused(uow_factory, "TOKEN_UNKNOWN", cast([teh(contest="TEH"), exp], tok="00" * 16))
    refused(uow_factory, "TOKEN_UNKNOWN", cast([teh(contest="TEH"), exp], tok="not-a-token"))
    refused(uow_factory, "TOKEN_UNKNOWN", cast([teh(contest="TEH"), exp], st=b2))
    cast([teh(contest="TEH"), exp])()  # a blank ballot is a ballot
    refused(uow_factory, "TOKEN_USED", cast([teh(contest="TEH"), exp]))


def test_closing_compares_roots_and_then_refuses_more_voting(uow_factory, day) -> None:
    codes = add_citizens(uow_factory, 3, seed=8)
    b1 = day["B1"]
    for code in codes[:2]:
        token = check_in(uow_factory, b1, req(code), now=NOW).token
        sel = [ContestSelection(contest="TEH", list_code="L2"), ContestSelection(contest="EXP")]
        cast_ballot(uow_factory, b1, token, sel, now=NOW)
    count, root = branch_root(uow_factory, "E7", "B1")
    closing = close_branch(
        uow_factory, b1, closed_by="head", ballots_cast=2, merkle_root=root, now=NOW
    )
    assert closing.matches and closing.server_count == count == 2
    refused(uow_factory, "BRANCH_CLOSED", lambda: check_in(uow_factory, b1, req(codes[2]), now=NOW))
