"""Routes: certification of a contest's result (approve, confirm, publish, recount).

The gate (``api/authorize.py``) lets a step through only for the roles the permission table gives
its action, inside the caller's jurisdiction; the service asks the same table again (the CLI
comes in through it too). The route itself keeps no roles.
"""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.counting import ApproveIn, CertificationOut, StepIn
from entekhab.service.counting import certification as cert

__all__ = ["router"]

router = APIRouter(tags=["certification"])


@router.get("/certification/{election_id}/{contest}", response_model=CertificationOut)
def get_status(uow: Uow, _user: CurrentUser, election_id: str, contest: str) -> CertificationOut:
    """The certification state of a contest's result, with its label."""
    return CertificationOut(**cert.certification_status(uow, election_id, contest).as_json())


@router.post("/certification/{election_id}/{contest}/approve", response_model=CertificationOut)
def approve(
    uow: Uow, user: CurrentUser, election_id: str, contest: str, body: ApproveIn
) -> CertificationOut:
    """Executive board approval: seats are allocated and the working stored."""
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
        uow: Uow, user: CurrentUser, election_id: str, contest: str, body: StepIn
    ) -> CertificationOut:
        status = step(
            uow, election_id, contest, actor=user.actor, role=user.role.value, reason=body.reason
        )
        return CertificationOut(**status.as_json())


for _name in ("confirm", "publish", "recount"):
    _step(_name)
