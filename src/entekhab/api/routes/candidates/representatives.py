"""Routes: accrediting representatives of candidates and lists to branches, and the accredited
observer's view of their branch (opening, closing, bulletins — what the wall sheet shows)."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.candidates import Clock
from entekhab.api.schemas.candidates import ObserverViewOut, RepresentativeIn, RepresentativeOut
from entekhab.service.candidates import representatives

__all__ = ["router"]

router = APIRouter(tags=["representatives"])


@router.post("/representatives", status_code=201)
def accredit(
    body: RepresentativeIn, uow: Uow, user: CurrentUser, clock: Clock
) -> RepresentativeOut:
    with uow() as u:
        row = representatives.accredit(
            u,
            election_id=body.election_id,
            branch=body.branch,
            contest=body.contest,
            candidate=body.candidate,
            list_code=body.list_code,
            person_code=body.national_code,
            full_name=body.full_name,
            account=body.account,
            actor=user.actor,
            clock=clock,
        )
        return RepresentativeOut(
            id=row.id,
            branch=row.branch,
            contest=row.contest,
            candidate=body.candidate,
            list_code=row.for_list,
            full_name=row.full_name,
            account=row.account,
            accredited_at=row.accredited_at,
        )


@router.get("/observers/{election_id}/branches/{branch}")
def observe(election_id: str, branch: str, uow: Uow, user: CurrentUser) -> ObserverViewOut:
    """What an accredited observer may see of their branch."""
    with uow() as u:
        view = representatives.observer_view(u, election_id, branch, user.username)
    return ObserverViewOut(
        branch=view.branch,
        opened_at=view.opened_at,
        closed_at=view.closed_at,
        bulletins=view.bulletins,
        wall_sheet=None,
    )
