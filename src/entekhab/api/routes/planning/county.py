"""Routes: a county's full plan as a printable HTML page and as one CSV per table (mobile boxes
need places and have their own route)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from entekhab.api.deps import Uow
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.errors import EntekhabError
from entekhab.service.planning.capacity import branch_capacity
from entekhab.service.planning.county_plan import CountyPlan, county_plan
from entekhab.web.planning_report import county_plan_csvs, render_county_plan

__all__ = ["router"]

router = APIRouter(tags=["planning"])


def _plan(uow: Uow, election_id: str, county: str) -> CountyPlan:
    with uow() as u:
        return county_plan(u, election_id, county, None)


@router.get(
    "/planning/{election_id}/areas/{jurisdiction}/plan",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}},
)
def plan_page(uow: Uow, election_id: str, jurisdiction: str) -> HTMLResponse:
    """The county's plan: readiness, devices and shortfall, network, equipment, roster,
    training (HTML, Persian, printable)."""
    plan = _plan(uow, election_id, jurisdiction)
    chart = None
    if plan.capacity.branches:
        with uow() as u:
            chart = branch_capacity(u, election_id, plan.capacity.branches[0].branch)
    return HTMLResponse(render_county_plan(plan, chart))


@router.get(
    "/planning/{election_id}/areas/{jurisdiction}/plan/{table}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def plan_table(uow: Uow, election_id: str, jurisdiction: str, table: str) -> Response:
    """One table of the county's plan as CSV (readiness_areas, work_order, devices_per_branch,
    device_shortfall, network, equipment, roster, staffing_needs, training_gaps, ...)."""
    tables = county_plan_csvs(_plan(uow, election_id, jurisdiction))
    text = tables.get(f"{table}.csv")
    if text is None:
        raise EntekhabError(INVALID_INPUT, {"reason": f"tables are {sorted(tables)}"})
    return Response(text, media_type="text/csv; charset=utf-8")
