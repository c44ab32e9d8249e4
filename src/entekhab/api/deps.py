"""FastAPI dependencies as ``Annotated`` aliases: ``Uow``, ``CurrentUser``, ``OptionalUser``,
``IncidentId``.

Who may call a route is the permission matrix's answer, checked by the gate before the route runs
(``api/authorize.py``); no dependency here keeps roles of its own. ``ensure_within`` checks that
an object (given by its division or branch code) lies inside the user's jurisdiction. Every
refusal is a coded error and is logged as an event (in a transaction of its own, so the refused
request changes nothing else).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from entekhab.domain.access import Principal, Role, branch_ancestors, within_jurisdiction
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes import security as security_errors
from entekhab.domain.event_codes import security as security_events
from entekhab.errors import EntekhabError
from entekhab.service.audit.events import record_event_apart
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.security.accounts import authenticate_token

__all__ = [
    "SESSION_COOKIE",
    "CurrentUser",
    "ElectionNow",
    "IncidentId",
    "OptionalUser",
    "Principal",
    "Role",
    "SessionToken",
    "Uow",
    "client_address",
    "ensure_branch_within",
    "ensure_within",
    "get_uow_factory",
    "is_page",
    "refuse",
]


def get_uow_factory(request: Request) -> UnitOfWorkFactory:
    factory: UnitOfWorkFactory = request.app.state.uow_factory
    return factory


Uow = Annotated[UnitOfWorkFactory, Depends(get_uow_factory)]
"""The unit-of-work factory of this server: ``with uow() as u: ...``."""


def election_now(request: Request) -> datetime:
    """The instant on the election clock (the machine's, or the one a rehearsal set)."""
    now: datetime = request.app.state.clock()
    return now


ElectionNow = Annotated[datetime, Depends(election_now)]
"""The instant of this request on the election clock: what polling hours are judged at."""

IncidentId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The incident's number.")]
"""An incident's number in an address: bounded like the column that keeps it, so that a number
no row can have is INVALID_INPUT rather than a database overflow (a 500)."""

_bearer = HTTPBearer(auto_error=False, description="Session token from POST /api/v1/auth/sign-in")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def refuse(
    request: Request, error: EntekhabError, *, actor: str, what: str | None = None
) -> EntekhabError:
    """Log a refused request as an event and hand the error back for raising."""
    record_event_apart(
        get_uow_factory(request),
        security_events.PERMISSION_DENIED
        if error.status == 403
        else security_events.REQUEST_REFUSED,
        actor=actor,
        payload={
            "code": error.code,
            "method": request.method,
            "path": request.url.path,
            "address": client_address(request),
            **({"object": what} if what else {}),
        },
    )
    return error


SESSION_COOKIE = "entekhab_session"
"""The web pages' session cookie (HttpOnly, SameSite=Strict): the same session token the JSON
API takes as a bearer token. Only page routes (outside ``/api/``) read it, so a browser's cookie
can never act on the JSON API, which keeps its bearer tokens."""


def is_page(request: Request) -> bool:
    """Whether this request is for a web page (not the JSON API under ``/api/``)."""
    return not request.url.path.startswith("/api/")


def session_token_of(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> str | None:
    """The bearer token, or on a page the session cookie."""
    if credentials is not None:
        return credentials.credentials
    if is_page(request):
        return request.cookies.get(SESSION_COOKIE) or None
    return None


async def _optional_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    token = session_token_of(request, credentials)
    if token is None:  # stations and the public: no thread hop
        return None
    return await run_in_threadpool(_signed_in_user, request, token, credentials is not None)


def _signed_in_user(request: Request, token: str, bearer: bool) -> Principal | None:
    factory = get_uow_factory(request)
    try:
        with factory() as uow:
            principal = authenticate_token(uow, token)
    except EntekhabError as error:
        refused = refuse(request, error, actor=f"address:{client_address(request)}")
        if bearer:
            raise refused from None
        # A page with an expired or forged session cookie is the public's: a public page still
        # shows, a signed-in page sends the browser to sign in again (and the cookie is dropped).
        request.state.session_refused = True
        return None
    request.state.principal = principal
    return principal


async def _session_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str | None:
    return session_token_of(request, credentials)


SessionToken = Annotated[str | None, Depends(_session_token)]
"""The raw bearer token of this request (for sign-out), or None."""

OptionalUser = Annotated[Principal | None, Depends(_optional_user)]
"""The signed-in user, or None for the anonymous public (a bad token is still refused)."""


def _current_user(request: Request, user: OptionalUser) -> Principal:
    if user is None:
        raise refuse(
            request,
            EntekhabError(security_errors.UNAUTHENTICATED),
            actor=f"address:{client_address(request)}",
        )
    return user


CurrentUser = Annotated[Principal, Depends(_current_user)]
"""The signed-in user; requests without a valid session token get 401 UNAUTHENTICATED."""


def ensure_within(
    request: Request,
    user: Principal,
    definition: ElectionDefinition,
    division_code: str,
) -> None:
    """Refuse (403 OUT_OF_JURISDICTION, logged) unless the division lies in the user's area."""
    if not within_jurisdiction(user.jurisdiction, definition.ancestors(division_code)):
        raise refuse(
            request,
            EntekhabError(security_errors.OUT_OF_JURISDICTION, {"jurisdiction": user.jurisdiction}),
            actor=user.actor,
            what=division_code,
        )


def ensure_branch_within(
    request: Request,
    user: Principal,
    definition: ElectionDefinition,
    branch_code: str,
) -> None:
    """As ``ensure_within`` for a branch (a branch head's jurisdiction is the branch itself)."""
    branch = definition.branch_by_code.get(branch_code)
    ancestors = branch_ancestors(
        branch_code, definition.ancestors(branch.division) if branch else []
    )
    if not within_jurisdiction(user.jurisdiction, ancestors):
        raise refuse(
            request,
            EntekhabError(security_errors.OUT_OF_JURISDICTION, {"jurisdiction": user.jurisdiction}),
            actor=user.actor,
            what=branch_code,
        )
