"""Routes: accounts. Headquarters and officers create accounts inside their own jurisdiction
(the permission matrix checks the new account's jurisdiction) and list the accounts there."""

from __future__ import annotations

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.schemas.security import UserCreatedOut, UserIn, UserOut
from entekhab.domain.access import Role
from entekhab.service.security.accounts import add_user
from entekhab.service.security.user_directory import users_within

__all__ = ["router"]

router = APIRouter(tags=["users"])


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
            password=body.password,
            actor=user.actor,
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
