"""A station's retry can reach the server while its first attempt is still running (the station
was killed and restarted mid-request). The twin must get the first attempt's answer, never a
refusal caused by the first attempt itself (BRANCH_CLOSED). Both back ends.

There is no cast at headquarters any more (the ballot stays in the station until closing), so
the twin that matters is the closing's: it carries every ballot of the branch."""

from __future__ import annotations

import secrets

import pytest

from entekhab.errors import EntekhabError
from entekhab.service.election_day.branches import open_branch
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.closing import close_branch
from entekhab.service.election_day.idempotency import IdempotencySlot, IdempotentReplay
from entekhab.store.uow import UnitOfWorkFactory
from tests.closing_support import ballot, closing, enrol_head
from tests.election_day_support import NOW, add_citizens, enrol, load_election

BLANK = [{"contest": "TEH"}, {"contest": "EXP"}]


def slot(key_id: str, path: str, body: bytes) -> IdempotencySlot:
    return IdempotencySlot(key_id, secrets.token_hex(16), b"POST\n" + path.encode() + b"\n" + body)


def test_twin_of_a_close_gets_the_first_answer(uow_factory: UnitOfWorkFactory) -> None:
    digest = load_election(uow_factory)
    kp, station = enrol(uow_factory, "B1", 1)
    open_branch(uow_factory, station, opened_by="h", definition_hash=digest, now=NOW)
    [voter] = add_citizens(uow_factory, 1)
    check_in(uow_factory, station, CheckInRequest(voter, "S", "match", None), now=NOW)
    upload = closing(
        digest, "B1", [ballot("B1", BLANK)], station_key=kp, head=enrol_head(uow_factory, "B1")
    )
    close = slot(station.key_id, "/api/v1/branches/B1/close", b"close")
    done = close_branch(uow_factory, station, upload, now=NOW, idem=close)
    # The twin passed the route's first look-up before the first attempt stored its answer.
    with pytest.raises(IdempotentReplay) as twin_close:
        close_branch(uow_factory, station, upload, now=NOW, idem=close)
    assert twin_close.value.stored.body == done.as_json()
    with pytest.raises(EntekhabError) as closed:
        other = slot(station.key_id, "/y", b"")
        close_branch(uow_factory, station, upload, now=NOW, idem=other)
    assert closed.value.code == "BRANCH_CLOSED"
