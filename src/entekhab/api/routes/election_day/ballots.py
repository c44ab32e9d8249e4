"""Routes: casting a ballot (consume the token, store the record) and the closing upload."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from entekhab.api.deps import Uow
from entekhab.api.schemas.election_day import CastIn, ReceiptOut, RecordsUploadIn, RecordsUploadOut
from entekhab.api.station_auth import (
    Idempotency,
    StationCaller,
    require_branch,
    respond_idempotently,
    utc_now,
)
from entekhab.service.election_day.ballots import cast_ballot, compare_records

router = APIRouter(tags=["ballots"])


@router.post("/ballots", status_code=201, response_model=ReceiptOut)
def cast(payload: CastIn, station: StationCaller, idem: Idempotency, uow: Uow) -> JSONResponse:
    """Consume a ballot token and store the ballot record; the receipt is its id and digest."""
    return respond_idempotently(
        uow,
        idem,
        201,
        lambda: cast_ballot(
            uow, station, payload.token, payload.selections, now=utc_now(), idem=idem
        ).as_json(),
    )


@router.post("/branches/{branch}/records", response_model=RecordsUploadOut)
def upload_records(
    branch: str, payload: RecordsUploadIn, station: StationCaller, _idem: Idempotency, uow: Uow
) -> JSONResponse:
    """Compare the station's ballot records with the server's (read only, so idempotent)."""
    require_branch(station, branch)
    return JSONResponse(compare_records(uow, station, payload.records).as_json())
