"""Routes: station enrolment and revocation (HQ), and incidents reported by stations."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.election_day import (
    IncidentIn,
    IncidentOut,
    StationEnrolIn,
    StationOut,
    StationRotateIn,
)
from entekhab.api.station_auth import Idempotency, StationCaller, respond_idempotently, utc_now
from entekhab.service.election_day.branches import report_incident
from entekhab.service.election_day.stations import enrol_station, revoke_station, rotate_station

router = APIRouter(tags=["stations"])


@router.post("/stations", status_code=201, response_model=StationOut)
def enrol(payload: StationEnrolIn, user: CurrentUser, uow: Uow) -> StationOut:
    """Enrol a station's Ed25519 public key for one branch (HQ administrators)."""
    info = enrol_station(
        uow,
        election_id=payload.election_id,
        branch=payload.branch,
        public_key_hex=payload.public_key_hex,
        enrolled_by=user.actor,
        now=utc_now(),
    )
    return StationOut.model_validate(info.as_json())


@router.post("/stations/{key_id}/revoke", response_model=StationOut)
def revoke(key_id: str, user: CurrentUser, uow: Uow) -> StationOut:
    """Revoke a station key; every later request signed with it is refused."""
    info = revoke_station(uow, key_id, now=utc_now(), revoked_by=user.actor)
    return StationOut.model_validate(info.as_json())


@router.post("/stations/{key_id}/rotate", status_code=201, response_model=StationOut)
def rotate(key_id: str, payload: StationRotateIn, user: CurrentUser, uow: Uow) -> StationOut:
    """Replace a station's key: revoke ``key_id`` and enrol the new key for the same branch."""
    info = rotate_station(
        uow,
        key_id,
        new_public_key_hex=payload.public_key_hex,
        rotated_by=user.actor,
        now=utc_now(),
    )
    return StationOut.model_validate(info.as_json())


@router.post("/incidents", status_code=201, response_model=IncidentOut)
def station_incident(
    payload: IncidentIn, station: StationCaller, idem: Idempotency, uow: Uow
) -> JSONResponse:
    """A station reports an incident (device failure, power cut ...)."""
    return respond_idempotently(
        uow,
        idem,
        201,
        lambda: report_incident(
            uow,
            station,
            kind=payload.kind,
            description=payload.description,
            now=utc_now(),
            idem=idem,
        ),
        model=IncidentOut,
    )
