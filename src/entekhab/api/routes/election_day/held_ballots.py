"""Routes: provisional ballots held apart for the executive board, and its decision."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, ElectionNow, IncidentId, Uow
from entekhab.api.schemas.election_day import HeldBallotDecisionIn, HeldBallotOut
from entekhab.service.election_day.held_ballots import decide_held_ballot, held_ballots

__all__ = ["router"]

router = APIRouter(tags=["held ballots"])


@router.get("/elections/{election_id}/held-ballots", response_model=list[HeldBallotOut])
def list_held(election_id: str, _user: CurrentUser, uow: Uow) -> list[HeldBallotOut]:
    """Every provisional incident with the state of its ballot (held, counted, rejected, none);
    the incident holds both check-in records, never the ballot's content."""
    return [HeldBallotOut.model_validate(h) for h in held_ballots(uow, election_id)]


@router.post(
    "/elections/{election_id}/branches/{branch}/held-ballots/{incident_id}/decision",
    response_model=HeldBallotOut,
)
def decide(
    election_id: str,
    branch: str,
    incident_id: IncidentId,
    payload: HeldBallotDecisionIn,
    user: CurrentUser,
    uow: Uow,
    now: ElectionNow,
) -> HeldBallotOut:
    """The executive board counts or rejects a held provisional ballot (logged as an event)."""
    body = decide_held_ballot(
        uow,
        election_id,
        branch,
        incident_id,
        decision=payload.decision,
        reason=payload.reason,
        actor=user.actor,
        role=user.role.value,
        now=now,
    )
    return HeldBallotOut.model_validate(body)
