"""Polling day and hours, enforced on both back ends (issue 10 item 2): a check-in at 06:59 or
after closing and a branch opening outside the hours get PHASE_NOT_OPEN, write nothing and are
logged; an extension of hours is a recorded decision with a reason, by headquarters only.

Through the service layer with explicit instants, and through real HTTP with a server whose
election clock is set (never with the check switched off)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from entekhab.api.app import create_app
from entekhab.domain.access import Role
from entekhab.errors import EntekhabError
from entekhab.service.election_day.branches import open_branch
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.polling_hours import extend_polling_hours, polling_hours
from entekhab.settings import Settings
from entekhab.store.tables.rules import PollingExtension
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.access_support import mint_user
from tests.election_day_support import add_citizens, enrol, load_election, table_counts
from tests.http_support import StationClient, running_server

TEHRAN = timedelta(hours=3, minutes=30)


def tehran(hour: int, minute: int = 0, day: int = 18) -> datetime:
    """Polling day (2026-06-18) at a Tehran wall-clock time, as an aware UTC instant."""
    return datetime(2026, 6, day, hour, minute, tzinfo=UTC) - TEHRAN


def events(uow_factory: UnitOfWorkFactory, code: str) -> list[dict[str, Any]]:
    import json

    with uow_factory() as uow:
        rows = uow.session.scalars(select(EventLogEntry).where(EventLogEntry.code == code)).all()
        return [json.loads(r.payload) for r in rows]


def refused_writing_nothing(uow_factory: UnitOfWorkFactory, call: Any) -> EntekhabError:
    before = table_counts(uow_factory)
    with pytest.raises(EntekhabError) as info:
        call()
    assert table_counts(uow_factory) == before, "a refusal must write nothing"
    return info.value


def req(code: str) -> CheckInRequest:
    return CheckInRequest(code, "SER1", "match")


def test_a_check_in_at_06_59_is_refused_writes_nothing_and_is_logged(uow_factory) -> None:
    digest = load_election(uow_factory)
    _kp, station = enrol(uow_factory, "B1", 1)
    open_branch(uow_factory, station, opened_by="head", definition_hash=digest, now=tehran(8))
    [voter] = add_citizens(uow_factory, 1)
    error = refused_writing_nothing(
        uow_factory, lambda: check_in(uow_factory, station, req(voter), now=tehran(6, 59))
    )
    assert error.code == "PHASE_NOT_OPEN" and error.status == 409
    assert error.details["state"] == "not_yet"
    assert "۰۸:۰۰" in error.message_fa
    [logged] = events(uow_factory, "PHASE_REFUSED")
    assert logged["operation"] == "check_in" and logged["branch"] == "B1"
    assert voter not in str(logged), "the log of a refusal never names the voter"


def test_a_check_in_after_closing_is_refused_but_one_a_minute_before_is_taken(
    uow_factory,
) -> None:
    digest = load_election(uow_factory)
    _kp, station = enrol(uow_factory, "B1", 1)
    open_branch(uow_factory, station, opened_by="head", definition_hash=digest, now=tehran(8))
    early, late = add_citizens(uow_factory, 2)
    check_in(uow_factory, station, req(early), now=tehran(17, 59))
    error = refused_writing_nothing(
        uow_factory, lambda: check_in(uow_factory, station, req(late), now=tehran(18, 0))
    )
    assert error.code == "PHASE_NOT_OPEN" and error.details["state"] == "over"


def test_a_check_in_on_another_day_is_refused(uow_factory) -> None:
    digest = load_election(uow_factory)
    _kp, station = enrol(uow_factory, "B1", 1)
    open_branch(uow_factory, station, opened_by="head", definition_hash=digest, now=tehran(8))
    [voter] = add_citizens(uow_factory, 1)
    december = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    error = refused_writing_nothing(
        uow_factory, lambda: check_in(uow_factory, station, req(voter), now=december)
    )
    assert error.code == "PHASE_NOT_OPEN"


def test_a_branch_cannot_open_before_polling_opens(uow_factory) -> None:
    digest = load_election(uow_factory)
    _kp, station = enrol(uow_factory, "B1", 1)
    error = refused_writing_nothing(
        uow_factory,
        lambda: open_branch(
            uow_factory, station, opened_by="head", definition_hash=digest, now=tehran(7, 0)
        ),
    )
    assert error.code == "PHASE_NOT_OPEN"
    assert events(uow_factory, "PHASE_REFUSED")[0]["operation"] == "open_branch"


def test_an_extension_with_a_reason_keeps_polling_open_until_the_new_closing(uow_factory) -> None:
    digest = load_election(uow_factory)
    _kp, station = enrol(uow_factory, "B1", 1)
    open_branch(uow_factory, station, opened_by="head", definition_hash=digest, now=tehran(8))
    voter, too_late = add_citizens(uow_factory, 2)
    hours = extend_polling_hours(
        uow_factory,
        "E7",
        closes=tehran(22),
        reason="long queues in Tehran",
        actor="user:hq",
        now=tehran(17, 30),
        role="hq_admin",
    )
    assert hours.closes == tehran(22) and hours.closes_by_definition == tehran(18)
    check_in(uow_factory, station, req(voter), now=tehran(21, 59))
    error = refused_writing_nothing(
        uow_factory, lambda: check_in(uow_factory, station, req(too_late), now=tehran(22))
    )
    assert error.code == "PHASE_NOT_OPEN" and "22:00" in error.message_en
    [logged] = events(uow_factory, "POLLING_HOURS_EXTENDED")
    assert logged["reason"] == "long queues in Tehran"
    assert polling_hours(uow_factory, "E7").extensions[0]["decided_by"] == "user:hq"


@pytest.mark.parametrize(
    ("closes", "reason", "decided", "code"),
    [
        (tehran(22), "  ", tehran(17), "EXTENSION_REASON_MISSING"),
        (tehran(17), "queues", tehran(16), "EXTENSION_NOT_LATER"),
        (tehran(22), "queues", tehran(18, 1), "EXTENSION_AFTER_CLOSING"),
        (tehran(9, day=19), "queues", tehran(17), "EXTENSION_TOO_LONG"),
    ],
)
def test_a_bad_extension_is_refused_writes_nothing_and_is_logged(
    uow_factory, closes: datetime, reason: str, decided: datetime, code: str
) -> None:
    load_election(uow_factory)
    with pytest.raises(EntekhabError) as info:
        extend_polling_hours(
            uow_factory,
            "E7",
            closes=closes,
            reason=reason,
            actor="user:hq",
            now=decided,
            role="hq_admin",
        )
    assert info.value.code == code
    with uow_factory() as uow:
        assert uow.session.scalars(select(PollingExtension)).all() == []
    assert [e["code"] for e in events(uow_factory, "POLLING_EXTENSION_REFUSED")] == [code]


class SetClock:
    """The server's election clock, set by the test (and moved by it)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def test_through_http_only_headquarters_extends_and_the_station_follows_the_clock(
    uow_factory,
) -> None:
    digest = load_election(uow_factory)
    kp, _station = enrol(uow_factory, "B1", 1)
    first, second = add_citizens(uow_factory, 2)
    clock = SetClock(tehran(7, 59))
    settings = Settings(database_url=str(uow_factory.engine.url))
    app = create_app(settings, uow_factory=uow_factory, clock=clock)
    hq = mint_user(uow_factory, "hq", Role.HQ_ADMIN, "country")
    board = mint_user(uow_factory, "board", Role.EXECUTIVE_BOARD, "country")
    with running_server(uow_factory, app=app) as url:
        station = StationClient(url, kp)
        opening = {"opened_by": "head", "definition_hash": digest}
        early = station.post("/api/v1/branches/B1/open", opening)
        assert early.status_code == 409
        assert early.json()["error"]["code"] == "PHASE_NOT_OPEN"
        clock.at = tehran(8)
        assert station.post("/api/v1/branches/B1/open", opening).status_code == 200
        body = {"national_code": first, "card_serial": "S", "fingerprint": "match"}
        assert station.post("/api/v1/checkins", body).status_code == 201
        clock.at = tehran(17, 50)
        extension = {"closes": tehran(20).isoformat(), "reason": "queues at closing"}
        path = "/api/v1/elections/E7/polling-hours/extensions"
        by_board = station.http.post(path, json=extension, headers=_bearer(board))
        assert by_board.status_code == 403
        assert by_board.json()["error"]["code"] == "ROLE_NOT_ALLOWED"
        by_hq = station.http.post(path, json=extension, headers=_bearer(hq))
        assert by_hq.status_code == 201, by_hq.text
        clock.at = tehran(19, 30)
        body = {"national_code": second, "card_serial": "S", "fingerprint": "match"}
        assert station.post("/api/v1/checkins", body).status_code == 201
        public = station.http.get("/api/v1/elections/E7/polling-hours").json()
        assert public["closes"] == tehran(20).isoformat()
        assert public["extensions"][0]["reason"] == "queues at closing"
        station.close()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_permission_table_decides_who_extends_even_without_http(uow_factory) -> None:
    load_election(uow_factory)
    with pytest.raises(EntekhabError) as refused:
        extend_polling_hours(
            uow_factory,
            "E7",
            closes=tehran(22),
            reason="queues",
            actor="user:county",
            role="county_officer",
            now=tehran(17),
        )
    assert refused.value.code == "ROLE_NOT_ALLOWED"
    with uow_factory() as uow:
        assert uow.session.scalars(select(PollingExtension)).all() == []
