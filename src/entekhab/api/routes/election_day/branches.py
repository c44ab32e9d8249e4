"""Routes: opening and closing a branch (the closing carries the branch's ballots and bulletins:
docs/ballot-secrecy.md), provisional reconciliation, turnout and incidents."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from entekhab.api.deps import CurrentUser, ElectionNow, Uow
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
)
from entekhab.domain.station_protocol import branch_route
from entekhab.service.counting.bulletins import parse_signed_bulletin
from entekhab.service.election_day.branches import list_incidents, open_branch, turnout
from entekhab.service.election_day.closing import BranchClosing, HeldBallot, close_branch
from entekhab.service.election_day.provisional import ProvisionalItem, reconcile_provisional

router = APIRouter(tags=["branches"])


@router.post(branch_route("open"), response_model=BranchSessionOut)
def open_(
    branch: str,
    payload: BranchOpenIn,
    station: StationCaller,
    _idem: Idempotency,
    uow: Uow,
    now: ElectionNow,
) -> BranchSessionOut:
    """Open the branch (opening it again returns the same session)."""
    require_branch(station, branch)
    body = open_branch(
        uow,
        station,
        opened_by=payload.opened_by,
        definition_hash=payload.definition_hash,
        now=now,
    )
    return BranchSessionOut.model_validate(body)


@router.post(branch_route("provisional"), response_model=ProvisionalUploadOut)
def reconcile(
    branch: str,
    payload: ProvisionalUploadIn,
    station: StationCaller,
    idem: Idempotency,
    uow: Uow,
    now: ElectionNow,
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
            cast=i.cast,
        )
        for i in payload.items
    ]
    return respond_idempotently(
        uow,
        idem,
        200,
        lambda: reconcile_provisional(uow, station, items, now=now, idem=idem),
        model=ProvisionalUploadOut,
    )


@router.post(branch_route("close"), response_model=BranchCloseOut)
def close(
    branch: str,
    payload: BranchCloseIn,
    station: StationCaller,
    idem: Idempotency,
    uow: Uow,
    now: ElectionNow,
) -> JSONResponse:
    """Close the branch with its ballot records and signed bulletins, all in one transaction:
    ballots ≤ participations, the bulletins' Merkle root = the records' (docs/station-api.md)."""
    require_branch(station, branch)
    upload = BranchClosing(
        closed_by=payload.closed_by,
        records=payload.records,
        held=[HeldBallot(h.incident_id, h.record) for h in payload.held],
        bulletins=[parse_signed_bulletin(b) for b in payload.bulletins],
    )
    return respond_idempotently(
        uow,
        idem,
        200,
        lambda: close_branch(uow, station, upload, now=now, idem=idem).as_json(),
        model=BranchCloseOut,
    )


@router.get("/branches/{branch}/turnout", response_model=TurnoutOut)
def branch_turnout(branch: str, station: StationCaller, uow: Uow) -> TurnoutOut:
    """Participations per hour at the station's branch."""
    require_branch(station, branch)
    return TurnoutOut.model_validate(turnout(uow, station.election_id, branch))


@router.get("/elections/{election_id}/turnout", response_model=TurnoutOut)
def election_turnout(election_id: str, _user: CurrentUser, uow: Uow) -> TurnoutOut:
    """Participations per hour in the whole election (signed-in users)."""
    return TurnoutOut.model_validate(turnout(uow, election_id))


@router.get("/elections/{election_id}/incidents", response_model=list[IncidentOut])
def incidents(election_id: str, _user: CurrentUser, uow: Uow) -> list[IncidentOut]:
    """Every incident of the election, oldest first (signed-in users)."""
    return [IncidentOut.model_validate(i) for i in list_incidents(uow, election_id)]
