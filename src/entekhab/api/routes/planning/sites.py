"""Routes: site assessments (kept with history) and the readiness roll-up of an area."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.planning import (
    AreaReadinessOut,
    AssessmentIn,
    BlockerIn,
    BlockerOut,
    BranchReadinessOut,
    ReadinessOut,
    SensitivityIn,
)
from entekhab.service.planning.sites import (
    assign_blocker,
    readiness_report,
    record_assessment,
    set_sensitivity,
)

__all__ = ["router"]

router = APIRouter(tags=["planning"])


@router.post("/planning/site-assessments", status_code=201)
def assess(uow: Uow, user: CurrentUser, body: AssessmentIn) -> dict[str, Any]:
    """Record one assessment of a branch site; its strengths and weaknesses become lessons."""
    with uow() as u:
        made = record_assessment(u, **body.model_dump(), actor=user.actor)
    return {"id": made}


@router.get("/planning/{election_id}/areas/{jurisdiction}/readiness", response_model=ReadinessOut)
def readiness(uow: Uow, election_id: str, jurisdiction: str) -> ReadinessOut:
    """Every branch of the area with its status and blockers, the roll-up and the work order."""
    with uow() as u:
        report = readiness_report(u, election_id, jurisdiction)
    return ReadinessOut(
        area=jurisdiction,
        areas=[AreaReadinessOut(**a.as_json()) for a in report.areas],
        branches=[BranchReadinessOut.model_validate(b) for b in report.branches],
        work=[BlockerOut.model_validate(w) for w in report.work],
    )


@router.post("/planning/blockers", status_code=204)
def post_blocker(uow: Uow, user: CurrentUser, body: BlockerIn) -> None:
    """Name who fixes a checklist item at a branch, and by when."""
    with uow() as u:
        assign_blocker(u, **body.model_dump(), actor=user.actor)


@router.post("/planning/sensitivity", status_code=204)
def post_sensitivity(uow: Uow, user: CurrentUser, body: SensitivityIn) -> None:
    """Rate an area or a branch 0..5; the work order takes the most sensitive first."""
    with uow() as u:
        set_sensitivity(
            u,
            election_id=body.election_id,
            code=body.jurisdiction,
            rating=body.rating,
            actor=user.actor,
        )
