"""Routes: complete reporting before approval — which branches of a contest are still silent,
and the executive board's record of a branch as not counted (service/counting/reporting.py)."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, ElectionNow, Uow
from entekhab.api.schemas.reporting import NotCountedIn, ReportingOut
from entekhab.service.counting.reporting import record_branch_not_counted, reporting_of

__all__ = ["router"]

router = APIRouter(tags=["certification"])


@router.get("/certification/{election_id}/{contest}/reporting", response_model=ReportingOut)
def reporting(election_id: str, contest: str, _user: CurrentUser, uow: Uow) -> ReportingOut:
    """Branches expected, reported, recorded as not counted, and still silent."""
    return ReportingOut.model_validate(reporting_of(uow, election_id, contest).as_json())


@router.post(
    "/certification/{election_id}/{contest}/not-counted",
    status_code=201,
    response_model=ReportingOut,
)
def not_counted(
    election_id: str,
    contest: str,
    payload: NotCountedIn,
    user: CurrentUser,
    uow: Uow,
    now: ElectionNow,
) -> ReportingOut:
    """Record a silent branch as not counted, with a reason, before approval (logged)."""
    state = record_branch_not_counted(
        uow,
        election_id,
        contest,
        payload.branch,
        reason=payload.reason,
        actor=user.actor,
        role=user.role.value,
        now=now,
    )
    return ReportingOut.model_validate(state.as_json())
