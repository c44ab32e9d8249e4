"""Routes: confidential vetting inquiries of a candidate (metadata here; the sealed content is
read only through ``/confidential/records/{id}/read``, with a reason, by vetting officers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.candidates import Clock
from entekhab.api.routes.security.confidential import _keys
from entekhab.api.schemas.candidates import AnswerIn, InquiryOut
from entekhab.domain.error_codes.candidates import VETTING_INQUIRY_UNKNOWN
from entekhab.errors import EntekhabError
from entekhab.service.candidates import vetting

__all__ = ["router"]

router = APIRouter(tags=["vetting"])


def _out(view: vetting.InquiryView) -> InquiryOut:
    return InquiryOut.model_validate(view.__dict__)


@router.post("/candidates/{election_id}/registrations/{registration}/inquiries", status_code=201)
def send(
    request: Request, election_id: str, registration: str, uow: Uow, user: CurrentUser, clock: Clock
) -> list[InquiryOut]:
    """Send the candidate's inquiries to every body the definition names (sealed)."""
    keys = _keys(request)
    with uow() as u:
        views = vetting.send_inquiries(
            u, keys, election_id=election_id, candidate=registration, actor=user.actor, clock=clock
        )
    return [_out(v) for v in views]


@router.get("/candidates/{election_id}/registrations/{registration}/inquiries")
def status(
    election_id: str, registration: str, uow: Uow, user: CurrentUser, clock: Clock
) -> list[InquiryOut]:
    """Each inquiry's body, deadline and status (sent, answered, overdue) — never the content."""
    with uow() as u:
        return [_out(v) for v in vetting.inquiries_of(u, election_id, registration, clock())]


@router.post("/candidates/{election_id}/registrations/{registration}/inquiries/{inquiry}/answer")
def answer(
    request: Request,
    election_id: str,
    registration: str,
    inquiry: Annotated[int, Path(ge=1, le=2_147_483_647)],
    body: AnswerIn,
    uow: Uow,
    user: CurrentUser,
    clock: Clock,
) -> InquiryOut:
    """File a body's answer, sealed as a confidential record."""
    keys = _keys(request)
    with uow() as u:
        views = {v.inquiry for v in vetting.inquiries_of(u, election_id, registration)}
        if inquiry not in views:
            raise EntekhabError(VETTING_INQUIRY_UNKNOWN, {"inquiry": inquiry})
        return _out(
            vetting.record_answer(
                u, keys, inquiry=inquiry, text=body.text, actor=user.actor, clock=clock
            )
        )
