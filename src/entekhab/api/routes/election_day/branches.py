"""Routes: opening and closing a branch, provisional reconciliation, turnout and incidents."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.election_day import (
    BranchCloseIn,
    BranchCloseOut,
    BranchOpenIn,
    BranchSessionOut,
    IncidentOut,
    ProvisionalUploadIn,
    ProvisionalUploadOut,
    TurnoutOut,
)
from entekhab.api.station_auth import (
    Idempotency,
    StationCaller,
    require_branch,
    respond_idempotently,
    utc_now,
)
from entekhab.service.election_day.branches import (
    close_branch,
    list_incidents,
    open_branch,
    turnout,
)
from entekhab.service.election_day.provisional import ProvisionalItem, reconcile_provisional

router = APIRouter(tags=["branches"])


@router.post("/branches/{branch}/open", response_model=BranchSessionOut)
def open_(
    branch: str, payload: BranchOpenIn, station: StationCaller, _idem: Idempotency, uow: Uow
) -> JSONResponse:
    """Open the branch (opening it again returns the same session)."""
    require_branch(station, branch)
    body = open_branch(
        uow,
        station,
        opened_by=payload.opened_by,
        definition_hash=payload.definition_hash,
        now=utc_now(),
    )
    return JSONResponse(body)


@router.post("/branches/{branch}/provisional", response_model=ProvisionalUploadOut)
def reconcile(
    branch: str, payload: ProvisionalUploadIn, station: StationCaller, idem: Idempotency, uow: Uow
) -> JSONResponse:
    """Reconcile check-ins (and their ballots) recorded while the station was offline under the
    ``provisional`` policy: each is accepted, or held for the board (docs/offline.md)."""
    require_branch(station, branch)
    items = [
        ProvisionalItem(
            provisional_id=i.provisional_id,
            national_code=i.national_code,
            card_serial=i.card_serial,
            fingerprint=i.fingerprint,
            override_reason=i.override_reason,
            hour=i.hour,
            ballot=i.ballot,
        )
        for i in payload.items
    ]
    return respond_idempotently(
        uow,
        idem,
        200,
        lambda: reconcile_provisional(uow, station, items, now=utc_now(), idem=idem),
    )


@router.post("/branches/{branch}/close", response_model=BranchCloseOut)
def close(
    branch: str, payload: BranchCloseIn, station: StationCaller, idem: Idempotency, uow: Uow
) -> JSONResponse:
    """Close the branch; the server compares the station's count and Merkle root with its own."""
    require_branch(station, branch)
    return respond_idempotently(
        uow,
        idem,
        200,
        lambda: close_branch(
            uow,
            station,
            closed_by=payload.closed_by,
            ballots_cast=payload.ballots_cast,
            merkle_root=payload.merkle_root,
            now=utc_now(),
            idem=idem,
        ).as_json(),
    )


@router.get("/branches/{branch}/turnout", response_model=TurnoutOut)
def branch_turnout(branch: str, station: StationCaller, uow: Uow) -> JSONResponse:
    """Participations per hour at the station's branch."""
    require_branch(station, branch)
    return JSONResponse(turnout(uow, station.election_id, branch))


@router.get("/elections/{election_id}/turnout", response_model=TurnoutOut)
def election_turnout(election_id: str, _user: CurrentUser, uow: Uow) -> JSONResponse:
    """Participations per hour in the whole election (signed-in users)."""
    return JSONResponse(turnout(uow, election_id))


@router.get("/elections/{election_id}/incidents", response_model=list[IncidentOut])
def incidents(election_id: str, _user: CurrentUser, uow: Uow) -> JSONResponse:
    """Every incident of the election, oldest first (signed-in users)."""
    return JSONResponse(list_incidents(uow, election_id))
