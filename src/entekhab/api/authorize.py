"""The gate: every request is checked against the permission matrix before its route runs.

``authorize`` is an app-wide dependency (``create_app`` installs it). It finds the matrix entry of
the matched route, then refuses — with a coded error, logged as an event — a route missing from
the matrix, an anonymous caller where a role is needed, a role the entry does not list, and an
object outside the caller's jurisdiction. ``PUBLIC`` and ``STATION`` entries pass through: a
station route checks the request's signature itself (``api/station_auth.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute

from entekhab.api.deps import OptionalUser, client_address, get_uow_factory, refuse
from entekhab.api.permissions import Audience, Permission, permission_index
from entekhab.api.scopes import RequestValues, Scope
from entekhab.domain.access import within_jurisdiction
from entekhab.domain.error_codes import security as security_errors
from entekhab.errors import EntekhabError
from entekhab.service.bootstrap import UnitOfWorkFactory
from entekhab.service.security.jurisdictions import Chains

__all__ = ["app_routes", "authorize", "permission_for"]

_INDEX = permission_index()


def app_routes(app: FastAPI) -> Iterator[tuple[BaseRoute, str, frozenset[str]]]:
    """Every route the app serves: (route object as routing reports it, full path, methods)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before lazy router inclusion: routes are copied with prefix
        for route in app.routes:
            yield route, str(getattr(route, "path", "")), frozenset(getattr(route, "methods", ()))
        return
    for context in iter_route_contexts(app.routes):
        methods = frozenset(context.methods or ())
        yield context.original_route, str(context.path), methods


def _route_paths(app: FastAPI) -> dict[int, str]:
    found: dict[int, str] | None = getattr(app.state, "route_paths", None)
    if found is None:
        found = {id(route): full for route, full, _methods in app_routes(app)}
        app.state.route_paths = found
    return found


def permission_for(request: Request) -> Permission | None:
    """The matrix entry of the route this request matched (None if it has none)."""
    route = request.scope.get("route")
    full = _route_paths(request.app).get(id(route))
    if full is None:
        return None
    method = "GET" if request.method == "HEAD" else request.method
    return _INDEX.get((method, full))


def _locate(factory: UnitOfWorkFactory, scope: Scope, values: RequestValues) -> Chains | None:
    with factory() as uow:
        return scope.locate(uow.session, values)


async def _values(request: Request, scope: Scope) -> RequestValues:
    payload: Any = None
    if scope.needs_body():
        try:
            payload = json.loads(await request.body())
        except (ValueError, RecursionError):
            payload = None  # the route's schema refuses it
    return RequestValues(dict(request.path_params), dict(request.query_params), payload)


async def authorize(request: Request, user: OptionalUser) -> None:
    """Refuse the request unless the permission matrix lets this caller do it here."""
    entry = permission_for(request)
    if entry is None:
        actor = user.actor if user else f"address:{client_address(request)}"
        error = EntekhabError(security_errors.NOT_IN_PERMISSION_MATRIX)
        raise refuse(request, error, actor=actor)
    request.state.permission = entry
    if isinstance(entry.who, Audience):
        return  # PUBLIC, or STATION (the route checks the signature)
    if user is None:
        actor = f"address:{client_address(request)}"
        expired = getattr(request.state, "session_refused", False)  # a page's stale cookie
        spec = security_errors.SESSION_INVALID if expired else security_errors.UNAUTHENTICATED
        raise refuse(request, EntekhabError(spec), actor=actor)
    if not entry.allows(user.role):
        error = EntekhabError(security_errors.ROLE_NOT_ALLOWED, {"role": user.role.value})
        raise refuse(request, error, actor=user.actor)
    values = await _values(request, entry.scope)
    try:
        chains = await run_in_threadpool(_locate, get_uow_factory(request), entry.scope, values)
    except EntekhabError as error:
        raise refuse(request, error, actor=user.actor) from None
    if chains is None:
        return
    if not all(within_jurisdiction(user.jurisdiction, chain) for chain in chains):
        error = EntekhabError(
            security_errors.OUT_OF_JURISDICTION, {"jurisdiction": user.jurisdiction}
        )
        raise refuse(request, error, actor=user.actor, what=chains[0][0] if chains else None)
