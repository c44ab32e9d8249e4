"""A station's retry can reach the server while its first attempt is still running (the station
was killed and restarted mid-request). The twin must get the first attempt's answer, never a
refusal caused by the first attempt itself (TOKEN_USED, BRANCH_CLOSED). Both back ends."""

from __future__ import annotations

import secrets

import pytest

from entekhab.domain.ballot import ContestSelection
from entekhab.errors import EntekhabError
from entekhab.service.election_day.ballots import cast_ballot
from entekhab.service.election_day.branches import close_branch, open_branch
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.idempotency import IdempotencySlot, IdempotentReplay
from entekhab.store.uow import UnitOfWorkFactory
from tests.election_day_support import NOW, add_citizens, enrol, load_election

BLANK = [ContestSelection(contest="TEH"), ContestSelection(contest="EXP")]


def slot(key_id: str, path: str, body: bytes) -> IdempotencySlot:
    return IdempotencySlot(key_id, secrets.token_hex(16), b"POST\n" + path.encode() + b"\n" + body)


def test_twin_of_a_cast_or_close_gets_the_first_answer(uow_factory: UnitOfWorkFactory) -> None:
    digest = load_election(uow_factory)
    _kp, station = enrol(uow_factory, "B1", 1)
    open_branch(uow_factory, station, opened_by="h", definition_hash=digest, now=NOW)
    [voter] = add_citizens(uow_factory, 1)
    token = check_in(uow_factory, station, CheckInRequest(voter, "S", "match", None), now=NOW).token
    cast = slot(station.key_id, "/api/v1/ballots", b"cast")
    receipt = cast_ballot(uow_factory, station, token, BLANK, now=NOW, idem=cast)
    # The twin passed the route's first look-up before the first attempt stored its answer.
    with pytest.raises(IdempotentReplay) as twin:
        cast_ballot(uow_factory, station, token, BLANK, now=NOW, idem=cast)
    assert twin.value.stored.body == receipt.as_json()
    with pytest.raises(EntekhabError) as other:  # another request with the same token
        cast_ballot(
            uow_factory, station, token, BLANK, now=NOW, idem=slot(station.key_id, "/x", b"")
        )
    assert other.value.code == "TOKEN_USED"

    close = slot(station.key_id, "/api/v1/branches/B1/close", b"close")
    args = {"closed_by": "h", "ballots_cast": 1, "merkle_root": "0" * 64, "now": NOW}
    closing = close_branch(uow_factory, station, idem=close, **args)
    with pytest.raises(IdempotentReplay) as twin_close:
        close_branch(uow_factory, station, idem=close, **args)
    assert twin_close.value.stored.body == closing.as_json()
    with pytest.raises(EntekhabError) as closed:
        close_branch(uow_factory, station, idem=slot(station.key_id, "/y", b""), **args)
    assert closed.value.code == "BRANCH_CLOSED"
