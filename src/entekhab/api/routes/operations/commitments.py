"""Routes: agency commitments under memoranda, their status and escalation."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.operations._common import RecordId, many, one
from entekhab.api.schemas.operations import CommitmentIn, CommitmentOut, StatusIn
from entekhab.service.operations import commitments

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.post(
    "/operations/{jurisdiction}/commitments", response_model=CommitmentOut, status_code=201
)
def record(uow: Uow, user: CurrentUser, jurisdiction: str, body: CommitmentIn) -> CommitmentOut:
    with uow() as u:
        made = commitments.record_commitment(
            u, hq=jurisdiction, actor=user.actor, **body.model_dump()
        )
    return one(CommitmentOut, made)


@router.get("/operations/{jurisdiction}/commitments", response_model=list[CommitmentOut])
def listing(uow: Uow, jurisdiction: str) -> list[CommitmentOut]:
    """Commitments held here and those escalated here."""
    with uow() as u:
        found = commitments.list_commitments(u, jurisdiction, today=datetime.now(UTC).date())
    return many(CommitmentOut, found)


@router.post(
    "/operations/{jurisdiction}/commitments/{commitment_id}/status",
    response_model=CommitmentOut,
)
def move(
    uow: Uow, user: CurrentUser, jurisdiction: str, commitment_id: RecordId, body: StatusIn
) -> CommitmentOut:
    with uow() as u:
        moved = commitments.update_commitment(
            u, commitment_id, jurisdiction=jurisdiction, status=body.status, actor=user.actor
        )
    return one(CommitmentOut, moved)


@router.post(
    "/operations/{jurisdiction}/commitments/escalations", response_model=list[CommitmentOut]
)
def escalate(uow: Uow, user: CurrentUser, jurisdiction: str) -> list[CommitmentOut]:
    """Escalate every overdue commitment here that is due for it today."""
    with uow() as u:
        found = commitments.escalate_overdue(
            u, jurisdiction, today=datetime.now(UTC).date(), actor=user.actor
        )
    return many(CommitmentOut, found)
