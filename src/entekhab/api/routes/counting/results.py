"""Routes: results. The public side serves published (official) results only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.counting import RecountIn, RecountOut
from entekhab.domain.tally import CONTEST_AREA
from entekhab.service.counting.recount import recount_ballots
from entekhab.service.counting.results import live_result, published_contests, published_result

__all__ = ["router"]

router = APIRouter(tags=["results"])


@router.get("/public/results/{election_id}")
def list_published(uow: Uow, election_id: str) -> dict[str, Any]:
    """Contests of an election whose official result is published."""
    return {"election_id": election_id, "published": published_contests(uow, election_id)}


@router.get("/public/results/{election_id}/{contest}")
def get_published(uow: Uow, election_id: str, contest: str) -> dict[str, Any]:
    """The published official result of one contest (404 RESULT_NOT_PUBLISHED before)."""
    return published_result(uow, election_id, contest)


@router.get("/results/{election_id}/{contest}/live")
def get_live(
    uow: Uow,
    user: CurrentUser,
    election_id: str,
    contest: str,
    level: str = "contest",
    area: str = CONTEST_AREA,
) -> dict[str, Any]:
    """Officials only: the running, unofficial count at one area, with progress and turnout."""
    return live_result(uow, election_id, contest, level, area)


@router.post("/results/{election_id}/recount-ballots", response_model=RecountOut)
def recount_election(
    uow: Uow, user: CurrentUser, election_id: str, body: RecountIn | None = None
) -> RecountOut:
    """Recount every contest from the stored ballot records; every difference from the
    bulletins and the running totals (a check: nothing is corrected, the recount is logged)."""
    return _recount(uow, user, election_id, None, body or RecountIn())


@router.post("/results/{election_id}/{contest}/recount-ballots", response_model=RecountOut)
def recount_contest(
    uow: Uow, user: CurrentUser, election_id: str, contest: str, body: RecountIn | None = None
) -> RecountOut:
    """Recount one contest from the stored ballot records (as for the whole election)."""
    return _recount(uow, user, election_id, contest, body or RecountIn())


def _recount(
    uow: Uow, user: CurrentUser, election_id: str, contest: str | None, body: RecountIn
) -> RecountOut:
    report = recount_ballots(
        uow, election_id, actor=user.actor, role=user.role.value, contest=contest, roots=body.roots
    )
    return RecountOut.model_validate(report.as_json())
