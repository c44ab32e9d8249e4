"""Routes: devices per branch by Erlang C, the county shortfall, and a branch's predicted queue
per hour (JSON and an SVG chart drawn on the server)."""

from __future__ import annotations

from fractions import Fraction

from fastapi import APIRouter
from fastapi.responses import Response

from entekhab.api.deps import Uow
from entekhab.api.schemas.planning import BranchCapacityOut, CapacityOut, ShortfallOut
from entekhab.domain.error_codes.planning import PLANNING_QUEUE_INPUT_INVALID
from entekhab.domain.errors import EntekhabError
from entekhab.planning.capacity import DEFAULT_PROFILE, ArrivalProfile, CapacityTarget, Stage
from entekhab.service.planning.capacity import branch_capacity, capacity_report
from entekhab.web.planning_report import queue_chart_svg

__all__ = ["router"]

router = APIRouter(tags=["planning"])


def _turnout(text: str) -> Fraction:
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError) as error:
        raise EntekhabError(
            PLANNING_QUEUE_INPUT_INVALID,
            {"field": "turnout", "value": text, "reason": "a share like 0.6 or 3/5"},
        ) from error


def _stages(check_in: float, voting: float) -> tuple[Stage, Stage]:
    return (
        Stage("check_in", "identity_device", check_in),
        Stage("voting", "voting_terminal", voting),
    )


@router.get("/planning/{election_id}/areas/{jurisdiction}/capacity", response_model=CapacityOut)
def area_capacity(
    uow: Uow,
    election_id: str,
    jurisdiction: str,
    turnout: str = "0.6",
    max_wait: float = 10.0,
    alpha: float = 0.05,
    check_in_minutes: float = 1.5,
    voting_minutes: float = 2.0,
    profile: str | None = None,
) -> CapacityOut:
    """Devices for every branch of the area and the shortfall against the inventory."""
    stages = _stages(check_in_minutes, voting_minutes)
    shares = ArrivalProfile.from_text(profile) if profile else DEFAULT_PROFILE
    with uow() as u:
        report = capacity_report(
            u,
            election_id,
            jurisdiction,
            turnout=_turnout(turnout),
            profile=shares,
            stages=stages,
            target=CapacityTarget(max_wait, alpha),
        )
    return CapacityOut(
        turnout=str(report.turnout),
        branches=[BranchCapacityOut.model_validate(b) for b in report.branches],
        shortfall=[ShortfallOut.model_validate(s) for s in report.shortfall],
    )


def _branch(
    uow: Uow,
    election_id: str,
    branch: str,
    turnout: str,
    max_wait: float,
    alpha: float,
    check_in: float,
    voting: float,
) -> BranchCapacityOut:
    with uow() as u:
        found = branch_capacity(
            u,
            election_id,
            branch,
            turnout=_turnout(turnout),
            stages=_stages(check_in, voting),
            target=CapacityTarget(max_wait, alpha),
        )
    return BranchCapacityOut.model_validate(found)


@router.get("/planning/{election_id}/branches/{branch}/capacity", response_model=BranchCapacityOut)
def one_branch(
    uow: Uow,
    election_id: str,
    branch: str,
    turnout: str = "0.6",
    max_wait: float = 10.0,
    alpha: float = 0.05,
    check_in_minutes: float = 1.5,
    voting_minutes: float = 2.0,
) -> BranchCapacityOut:
    """One branch's devices and its predicted line, hour by hour and stage by stage."""
    return _branch(
        uow, election_id, branch, turnout, max_wait, alpha, check_in_minutes, voting_minutes
    )


@router.get(
    "/planning/{election_id}/branches/{branch}/queue.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def queue_chart(
    uow: Uow,
    election_id: str,
    branch: str,
    turnout: str = "0.6",
    max_wait: float = 10.0,
    alpha: float = 0.05,
) -> Response:
    """The predicted mean queue per hour at check-in and at voting (SVG)."""
    with uow() as u:
        found = branch_capacity(
            u,
            election_id,
            branch,
            turnout=_turnout(turnout),
            target=CapacityTarget(max_wait, alpha),
        )
    return Response(queue_chart_svg(found), media_type="image/svg+xml")
