"""Routes: results. The public side serves published (official) results only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from entekhab.api.deps import Uow
from entekhab.service.results import published_contests, published_result

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
