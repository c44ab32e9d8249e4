"""Routes: complaints filed by the public, tracked and decided by the supervisory office."""

from __future__ import annotations

from fastapi import APIRouter, Request

from entekhab.api.deps import CurrentUser, OptionalUser, Uow, client_address
from entekhab.api.routes.operations._common import RecordId, many, one, sealing_keys
from entekhab.api.schemas.operations import (
    ComplainantOut,
    ComplaintDecisionIn,
    ComplaintIn,
    ComplaintOut,
    ReadReasonIn,
)
from entekhab.service.operations import complaints
from entekhab.service.operations.complaints import Complainant

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.post("/public/complaints", response_model=ComplaintOut, status_code=201)
def file(request: Request, uow: Uow, user: OptionalUser, body: ComplaintIn) -> ComplaintOut:
    """File a complaint or report a violation; keep the tracking code. Who you are is sealed:
    only the supervisory office it is routed to can open it, giving a reason that is logged."""
    keys = sealing_keys(request)
    with uow() as u:
        filed = complaints.file_complaint(
            u,
            keys,
            election_id=body.election_id,
            jurisdiction=body.jurisdiction,
            contest=body.contest,
            complainant_kind=body.complainant_kind,
            category=body.category,
            summary=body.summary,
            complainant=Complainant(
                body.complainant_name, body.complainant_national_code, body.complainant_contact
            ),
            actor=user.actor if user else f"public:{client_address(request)}",
        )
    return one(ComplaintOut, filed)


@router.get("/operations/{jurisdiction}/complaints", response_model=list[ComplaintOut])
def listing(uow: Uow, jurisdiction: str, office: str | None = None) -> list[ComplaintOut]:
    """Complaints here with their office, status and deadline (never who filed them)."""
    with uow() as u:
        return many(ComplaintOut, complaints.list_complaints(u, jurisdiction, office=office))


@router.post(
    "/operations/{jurisdiction}/complaints/{complaint_id}/decision", response_model=ComplaintOut
)
def decide(
    uow: Uow,
    user: CurrentUser,
    jurisdiction: str,
    complaint_id: RecordId,
    body: ComplaintDecisionIn,
) -> ComplaintOut:
    with uow() as u:
        decided = complaints.decide_complaint(
            u,
            complaint_id,
            jurisdiction=jurisdiction,
            decider=user,
            status=body.status,
            decision=body.decision,
        )
    return one(ComplaintOut, decided)


@router.post(
    "/operations/{jurisdiction}/complaints/{complaint_id}/complainant",
    response_model=ComplainantOut,
)
def complainant(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    jurisdiction: str,
    complaint_id: RecordId,
    body: ReadReasonIn,
) -> ComplainantOut:
    """Open who filed the complaint (its office only; the reason and reader are logged first)."""
    keys = sealing_keys(request)
    with uow() as u:
        found = complaints.read_complainant(
            u, keys, complaint_id, jurisdiction=jurisdiction, reader=user, reason=body.reason
        )
    return one(ComplainantOut, found)
