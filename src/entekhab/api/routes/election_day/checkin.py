"""Routes: voter check-in (signed station request).

On PostgreSQL a plain check-in is served before it reaches this route, by the fast path
(``api/checkin_fast.py``: one statement on the event loop); everything else — and every
check-in on SQLite — comes here. This route is the endpoint's definition (permission matrix,
OpenAPI, coded errors), and both give a success the same answer.

Built for polling day's rate: the signature is checked on the event loop (no round trip once
the station's key is cached), then the route runs in one worker thread from start to end (one
hop), and the use case records the request's nonce in its own transaction
(service/election_day/check_in.py).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from entekhab.api.deps import Uow
from entekhab.api.schemas.election_day import CheckInIn, CheckInOut
from entekhab.api.station_auth import CheckedStationRequest, replayed, take_nonce
from entekhab.domain.station_protocol import CHECKINS
from entekhab.service.election_day.check_in import CheckInRequest, check_in
from entekhab.service.election_day.idempotency import IdempotentReplay
from entekhab.service.election_day.stations import forget_old_nonces, refusals_logged

router = APIRouter(tags=["checkin"])


@router.post(CHECKINS, status_code=201, response_model=CheckInOut)
def check_in_voter(
    payload: CheckInIn, checked: CheckedStationRequest, uow: Uow, request: Request
) -> CheckInOut | JSONResponse:
    """Check a voter in at the station's branch; says that the voter may vote, and with which
    ballot style (docs/station-api.md)."""
    station, now, nonce = checked.station, checked.now, take_nonce(request)
    election_now = request.app.state.clock()  # polling hours are judged on the election clock
    voter = CheckInRequest(
        payload.national_code, payload.card_serial, payload.fingerprint, payload.override_reason
    )
    # Logged if refused: a replayed nonce, a key revoked since it was cached.
    with refusals_logged(uow, checked.signed):
        try:
            result = check_in(
                uow, station, voter, now=now, idem=checked.idem, nonce=nonce, at=election_now
            )
        except IdempotentReplay as replay:
            return replayed(replay.stored)
        finally:
            forget_old_nonces(uow, nonce, now)
    return CheckInOut.model_validate(result.as_json())
