"""Pages: signing in (password, then the TOTP code for the roles that have one) and out.

The same account service as ``POST /api/v1/auth/sign-in``; the session token it gives goes into
an HttpOnly, SameSite=Strict cookie instead of the client's hands. Between the two steps the
page carries a short-lived ticket signed by the server (the password is never sent twice nor
kept), and the second step checks the lock, the account and the code again.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from entekhab.api.deps import SESSION_COOKIE, SessionToken, Uow, client_address
from entekhab.api.routes.web.common import (
    CsrfChecked,
    FormErrors,
    PageUser,
    redirect,
    render,
    safe_next,
    set_session_cookie,
)
from entekhab.domain.error_codes import web as web_errors
from entekhab.errors import EntekhabError
from entekhab.service.security.accounts import (
    SecondFactorNeeded,
    SignIn,
    sign_in_password,
    sign_in_second_factor,
    sign_out,
)
from entekhab.service.security.sign_in_throttle import AddressThrottle

__all__ = ["router", "sign_in_page"]

router = APIRouter(tags=["pages"], include_in_schema=False)

STEP_SECONDS = 300
"""How long the code step stays open after the password step."""
_PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def _throttle(request: Request) -> AddressThrottle:
    return AddressThrottle(max_failures=request.app.state.settings.sign_in_failures_per_address)


def _ticket(request: Request, username: str, expires: int) -> str:
    key: bytes = request.app.state.page_secret
    mac = hmac.new(key, f"sign-in|{username}|{expires}".encode(), hashlib.sha256).hexdigest()
    return f"{expires}.{mac}"


def _ticket_ok(request: Request, username: str, ticket: str) -> bool:
    expires_text, _, _mac = ticket.partition(".")
    if not expires_text.isdigit() or int(expires_text) < time.time():
        return False
    return hmac.compare_digest(ticket, _ticket(request, username, int(expires_text)))


def sign_in_page(
    request: Request,
    *,
    next_page: str | None = None,
    notice: EntekhabError | None = None,
    errors: FormErrors | None = None,
    username: str = "",
    status: int = 200,
) -> Response:
    """The password step (also shown, status 401, in place of a page that needs a session)."""
    return render(
        request,
        "common/sign_in.html.j2",
        {
            "next_page": safe_next(next_page),
            "notice": notice,
            "errors": errors or FormErrors(),
            "username": username,
        },
        status=status,
        error_code=notice.code if notice else None,
    )


def _signed_in(request: Request, done: SignIn, next_page: str) -> Response:
    response = redirect(request, safe_next(next_page))
    set_session_cookie(request, response, done.token)
    return response


@router.get("/sign-in")
def get_sign_in(request: Request, next: str | None = None) -> Response:
    """The sign-in page (also to change accounts: signing in again replaces the session)."""
    return sign_in_page(request, next_page=next)


@router.post("/sign-in", dependencies=[CsrfChecked])
def post_sign_in(
    request: Request,
    uow: Uow,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """The password step: a role without TOTP is signed in, one with it gets the code step."""
    errors = FormErrors()
    if not username.strip():
        errors.add("username", EntekhabError(web_errors.FIELD_REQUIRED, {"field": "username"}))
    if not password:
        errors.add("password", EntekhabError(web_errors.FIELD_REQUIRED, {"field": "password"}))
    if errors:
        return sign_in_page(request, next_page=next, errors=errors, username=username, status=422)
    try:
        with uow() as u:
            done = sign_in_password(
                u,
                username=username.strip(),
                password=password,
                address=client_address(request),
                throttle=_throttle(request),
            )
    except EntekhabError as error:
        errors.add("password", error)
        return sign_in_page(
            request, next_page=next, errors=errors, username=username, status=error.status
        )
    if isinstance(done, SecondFactorNeeded):
        expires = int(time.time()) + STEP_SECONDS
        return render(
            request,
            "common/sign_in_code.html.j2",
            {
                "username": done.username,
                "ticket": _ticket(request, done.username, expires),
                "next_page": safe_next(next),
                "errors": FormErrors(),
            },
        )
    return _signed_in(request, done, next)


@router.post("/sign-in/code", dependencies=[CsrfChecked])
def post_sign_in_code(
    request: Request,
    uow: Uow,
    username: Annotated[str, Form()] = "",
    ticket: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """The code step: the TOTP code of the user whose password was just accepted."""
    if not _ticket_ok(request, username, ticket):
        return sign_in_page(
            request,
            next_page=next,
            notice=EntekhabError(web_errors.SIGN_IN_STEP_EXPIRED),
            username=username,
            status=401,
        )
    errors = FormErrors()
    typed = code.strip().translate(_PERSIAN_DIGITS)
    try:
        if not typed:
            raise EntekhabError(web_errors.FIELD_REQUIRED, {"field": "code"})
        with uow() as u:
            done = sign_in_second_factor(
                u,
                username=username,
                totp_code=typed,
                address=client_address(request),
                throttle=_throttle(request),
            )
    except EntekhabError as error:
        errors.add("code", error)
        return render(
            request,
            "common/sign_in_code.html.j2",
            {
                "username": username,
                "ticket": ticket,
                "next_page": safe_next(next),
                "errors": errors,
            },
            status=error.status,
        )
    return _signed_in(request, done, next)


@router.post("/sign-out", dependencies=[CsrfChecked])
def post_sign_out(request: Request, uow: Uow, user: PageUser, token: SessionToken) -> Response:
    """End this session (the token is revoked on the server, the cookie dropped)."""
    if token is not None and user is not None:
        with uow() as u:
            sign_out(u, token, actor=user.actor)
    response = redirect(request, "/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
