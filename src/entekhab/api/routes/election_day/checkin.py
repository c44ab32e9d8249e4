"""Routes: voter check-in (signed station request)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from entekhab.api.deps import Uow
from entekhab.api.schemas.election_day import CheckInIn, CheckInOut
from entekhab.api.station_auth import Idempotency, StationCaller, respond_once, utc_now
from entekhab.service.election_day.check_in import CheckInRequest, check_in

router = APIRouter(tags=["checkin"])


@router.post("/checkins", status_code=201, response_model=CheckInOut)
def check_in_voter(
    payload: CheckInIn, station: StationCaller, idem: Idempotency, uow: Uow
) -> JSONResponse:
    """Check a voter in at the station's branch; returns the ballot style and a single-use
    ballot token (docs/station-api.md)."""
    request = CheckInRequest(
        payload.national_code, payload.card_serial, payload.fingerprint, payload.override_reason
    )
    return respond_once(
        201, lambda: check_in(uow, station, request, now=utc_now(), idem=idem).as_json()
    )
