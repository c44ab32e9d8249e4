"""Routes: certification of a contest's result (approve, confirm, publish, recount).

Who may take each step is decided by the service from the user's role (executive board,
supervisory board, headquarters); the route also keeps the user inside their jurisdiction.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from entekhab.api.deps import CurrentUser, Principal, Uow, ensure_within
from entekhab.api.schemas.counting import ApproveIn, CertificationOut, StepIn
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.counting import certification as cert
from entekhab.service.counting.results import contest_constituency

__all__ = ["router"]

router = APIRouter(tags=["certification"])


def _within(request: Request, uow: UnitOfWorkFactory, user: Principal, e: str, c: str) -> None:
    definition, constituency = contest_constituency(uow, e, c)
    for division in constituency:
        ensure_within(request, user, definition, division)


@router.get("/certification/{election_id}/{contest}", response_model=CertificationOut)
def get_status(
    request: Request, uow: Uow, user: CurrentUser, election_id: str, contest: str
) -> CertificationOut:
    """The certification state of a contest's result, with its label."""
    _within(request, uow, user, election_id, contest)
    with uow() as u:
        return CertificationOut(**cert.status(u.session, election_id, contest).as_json())


@router.post("/certification/{election_id}/{contest}/approve", response_model=CertificationOut)
def approve(
    request: Request, uow: Uow, user: CurrentUser, election_id: str, contest: str, body: ApproveIn
) -> CertificationOut:
    """Executive board approval: seats are allocated and the working stored."""
    _within(request, uow, user, election_id, contest)
    status = cert.approve(
        uow,
        election_id,
        contest,
        actor=user.actor,
        role=user.role.value,
        reason=body.reason,
        ceremony_nonce=body.ceremony_nonce,
    )
    return CertificationOut(**status.as_json())


def _step(name: str) -> None:
    steps = {"confirm": cert.confirm, "publish": cert.publish, "recount": cert.return_to_unofficial}
    step = steps[name]

    @router.post(
        f"/certification/{{election_id}}/{{contest}}/{name}",
        response_model=CertificationOut,
        name=f"certification_{name}",
        summary=f"{name.capitalize()} a contest's result",
    )
    def run(
        request: Request, uow: Uow, user: CurrentUser, election_id: str, contest: str, body: StepIn
    ) -> CertificationOut:
        _within(request, uow, user, election_id, contest)
        status = step(
            uow, election_id, contest, actor=user.actor, role=user.role.value, reason=body.reason
        )
        return CertificationOut(**status.as_json())


for _name in ("confirm", "publish", "recount"):
    _step(_name)
