"""Routes: polling hours, and their extension by a recorded decision (polling_hours.py)."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, ElectionNow, Uow
from entekhab.api.schemas.calendar import PollingExtensionIn, PollingHoursOut
from entekhab.service.election_day.polling_hours import extend_polling_hours, polling_hours

__all__ = ["router"]

router = APIRouter(tags=["polling hours"])


@router.get("/elections/{election_id}/polling-hours", response_model=PollingHoursOut)
def hours(election_id: str, uow: Uow) -> PollingHoursOut:
    """When polling opens and closes, with every extension and its reason (public)."""
    return PollingHoursOut.model_validate(polling_hours(uow, election_id).as_json())


@router.post(
    "/elections/{election_id}/polling-hours/extensions",
    status_code=201,
    response_model=PollingHoursOut,
)
def extend(
    election_id: str,
    payload: PollingExtensionIn,
    user: CurrentUser,
    uow: Uow,
    now: ElectionNow,
) -> PollingHoursOut:
    """Extend polling hours: decided before polling closes, later than the current closing, at
    most 24 hours after opening, with a reason; logged (refusals too)."""
    body = extend_polling_hours(
        uow,
        election_id,
        closes=payload.closes,
        reason=payload.reason,
        actor=user.actor,
        role=user.role.value,
        now=now,
    )
    return PollingHoursOut.model_validate(body.as_json())
