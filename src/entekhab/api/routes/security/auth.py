"""Routes: signing in and out (accounts, docs/security.md).

Sign-in gives a short-lived bearer token (30 minutes); sign-out revokes it. Headquarters and
board roles also give a TOTP code. Failed attempts lock the account after five, and an address
with too many failures is throttled (429); every attempt is an event in the log.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from entekhab.api.deps import CurrentUser, SessionToken, Uow, client_address
from entekhab.api.schemas.security import MeOut, SignInIn, SignInOut
from entekhab.service.security.accounts import sign_in, sign_out
from entekhab.service.security.sign_in_throttle import AddressThrottle

__all__ = ["router"]

router = APIRouter(tags=["auth"])


def _throttle(request: Request) -> AddressThrottle:
    settings = request.app.state.settings
    return AddressThrottle(max_failures=settings.sign_in_failures_per_address)


@router.post("/auth/sign-in", response_model=SignInOut)
def post_sign_in(request: Request, uow: Uow, body: SignInIn) -> SignInOut:
    """Check the password (and TOTP code where the role needs one) and open a session."""
    with uow() as u:
        done = sign_in(
            u,
            username=body.username,
            password=body.password,
            totp_code=body.totp_code,
            address=client_address(request),
            throttle=_throttle(request),
        )
    p = done.principal
    return SignInOut(
        token=done.token,
        expires_at=done.expires_at,
        username=p.username,
        role=p.role,
        jurisdiction=p.jurisdiction,
    )


@router.post("/auth/sign-out", status_code=204)
def post_sign_out(uow: Uow, user: CurrentUser, token: SessionToken) -> None:
    """Revoke this session's token."""
    if token is not None:
        with uow() as u:
            sign_out(u, token, actor=user.actor)


@router.get("/auth/me", response_model=MeOut)
def get_me(user: CurrentUser) -> MeOut:
    """Who this session belongs to: username, role and jurisdiction."""
    return MeOut(
        user_id=user.user_id,
        username=user.username,
        role=user.role,
        jurisdiction=user.jurisdiction,
    )
