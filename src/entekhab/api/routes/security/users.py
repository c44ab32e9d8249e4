"""Routes: accounts. Officers create accounts of the roles the grant table lets them grant,
inside their own jurisdiction (docs/permissions.md); board, vetting and headquarters accounts are
proposed by one headquarters admin and approved by another. Every refusal is coded and logged by
the service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.security import (
    GrantProposalOut,
    GrantRejectIn,
    UserCreatedOut,
    UserIn,
    UserOut,
)
from entekhab.domain.access import Role
from entekhab.service.security.accounts import add_user
from entekhab.service.security.grant_proposals import approve_grant, propose_grant, reject_grant
from entekhab.service.security.grants import pending_grants
from entekhab.service.security.user_directory import users_within

__all__ = ["router"]

router = APIRouter(tags=["users"])

ProposalId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The proposal's id.")]


@router.post("/users", response_model=UserCreatedOut, status_code=201)
def post_user(uow: Uow, user: CurrentUser, body: UserIn) -> UserCreatedOut:
    """Create an account; the TOTP provisioning URI (for HQ and board roles) is shown once."""
    with uow() as u:
        created = add_user(
            u,
            username=body.username,
            full_name=body.full_name,
            role=body.role,
            jurisdiction=body.jurisdiction,
            national_code=body.national_code,
            password=body.password,
            actor=user.actor,
            granted_by=user,
        )
    return UserCreatedOut(
        user_id=created.user_id,
        username=created.username,
        role=body.role,
        jurisdiction=body.jurisdiction,
        totp_uri=created.totp_uri,
    )


@router.get("/users", response_model=list[UserOut])
def get_users(uow: Uow, user: CurrentUser) -> list[UserOut]:
    """Accounts inside the caller's jurisdiction (no secrets: no hashes, no TOTP seeds)."""
    with uow() as u:
        found = users_within(u, user.jurisdiction)
    return [
        UserOut(
            user_id=s.user_id,
            username=s.username,
            full_name=s.full_name,
            role=Role(s.role),
            jurisdiction=s.jurisdiction,
            disabled=s.disabled,
            locked_until=s.locked_until,
            second_factor=s.second_factor,
        )
        for s in found
    ]


def _proposal_out(uow: Uow, proposal_id: int) -> GrantProposalOut:
    with uow() as u:
        found = next(p for p in pending_grants(u) if p.proposal_id == proposal_id)
    return GrantProposalOut(**vars(found))


@router.post("/users/proposals", response_model=GrantProposalOut, status_code=201)
def post_proposal(uow: Uow, user: CurrentUser, body: UserIn) -> GrantProposalOut:
    """Propose a board, vetting or headquarters account; another headquarters admin approves."""
    with uow() as u:
        proposal_id = propose_grant(
            u,
            user,
            username=body.username,
            full_name=body.full_name,
            role=body.role,
            jurisdiction=body.jurisdiction,
            national_code=body.national_code,
            password=body.password,
        )
    return _proposal_out(uow, proposal_id)


@router.get("/users/proposals", response_model=list[GrantProposalOut])
def get_proposals(uow: Uow, _user: CurrentUser) -> list[GrantProposalOut]:
    """Proposed accounts waiting for a second headquarters admin."""
    with uow() as u:
        return [GrantProposalOut(**vars(p)) for p in pending_grants(u)]


@router.post(
    "/users/proposals/{proposal_id}/approve", response_model=UserCreatedOut, status_code=201
)
def approve_proposal(uow: Uow, user: CurrentUser, proposal_id: ProposalId) -> UserCreatedOut:
    """Approve another admin's proposal: the account is made, its TOTP URI shown once."""
    with uow() as u:
        created = approve_grant(u, user, proposal_id)
    return UserCreatedOut(
        user_id=created.user_id,
        username=created.username,
        role=created.role,
        jurisdiction=created.jurisdiction,
        totp_uri=created.totp_uri,
    )


@router.post("/users/proposals/{proposal_id}/reject", status_code=204)
def reject_proposal(
    uow: Uow, user: CurrentUser, proposal_id: ProposalId, body: GrantRejectIn
) -> None:
    """Reject a proposal (its proposer may withdraw it this way too)."""
    with uow() as u:
        reject_grant(u, user, proposal_id, reason=body.reason)
