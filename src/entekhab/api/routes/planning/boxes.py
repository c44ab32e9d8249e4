"""Route: the mobile-box plan of a county from the places given (district centres and villages
as planar coordinates in km), with the greedy baseline and the saving."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import Uow
from entekhab.api.schemas.planning import BoxPlanOut, MobileBoxesIn, TourOut
from entekhab.service.planning.boxes import mobile_box_plan

__all__ = ["router"]

router = APIRouter(tags=["planning"])


@router.post(
    "/planning/{election_id}/areas/{jurisdiction}/mobile-boxes", response_model=list[BoxPlanOut]
)
def plan_boxes(
    uow: Uow, election_id: str, jurisdiction: str, body: MobileBoxesIn
) -> list[BoxPlanOut]:
    """Per district of the county: tours, villages left to a fixed branch, cost against the
    greedy baseline. Computed, not stored; only villages entitled to a council."""
    with uow() as u:
        plans = mobile_box_plan(u, election_id, jurisdiction, body.places, villages=body.villages)
    return [
        BoxPlanOut(
            district=d.district,
            method=d.plan.method,
            tours=[TourOut.model_validate(t) for t in d.plan.tours],
            fixed=list(d.plan.fixed),
            cost_rials=d.plan.cost,
            greedy_cost_rials=d.greedy.cost,
            saving_rials=d.saving,
            villages_by_box=d.plan.villages_by_box,
            voters_by_box=d.plan.voters_by_box,
        )
        for d in plans
    ]
