"""Hardening of every response: security headers, a locked CORS policy, rate limits, coded
errors for unknown routes and methods, and no stack trace ever sent to a client.

``install_hardening`` is called by ``create_app`` after every other middleware, so its outer
layer sees every response, including the coded 500 it makes of an unexpected exception (the
trace goes to the server's log with an incident id that the client also gets).
"""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entekhab.api.limits import log_refusal, send_coded_error
from entekhab.api.pages import page_error, shown_as_page
from entekhab.api.proxies import TrustedProxyHeaders
from entekhab.api.rate_limit import AddressRateLimit, TokenBucket
from entekhab.domain.error_codes.general import (
    INTERNAL_ERROR,
    INVALID_INPUT,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
)
from entekhab.errors import EntekhabError
from entekhab.settings import Settings

__all__ = ["SecurityHeaders", "install_hardening"]

log = logging.getLogger("entekhab.api")

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; worker-src 'self' blob:; connect-src 'self';"
    " frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
"""The interactive API pages: Swagger UI and ReDoc from the bundled assets (inline start-up)."""
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
    " base-uri 'none'; object-src 'none'"
)
"""The web pages: nothing from elsewhere, no inline script (htmx and the pages' own file only)."""
PAGE_REFERRER = b"same-origin"
"""The web pages send their own address to this site only (never to another): a form sent after
the session lapsed comes back to its page after sign-in."""
_DOCS_PATHS = ("/docs", "/redoc")
HSTS = "max-age=63072000; includeSubDomains"
_UNPARSABLE = "the body could not be parsed (not JSON, or nested too deeply)"


def _static_headers(behind_tls: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    ]
    if behind_tls:
        headers.append((b"strict-transport-security", HSTS.encode()))
    return headers


class SecurityHeaders:
    """Pure ASGI: add the security headers to every response, and turn an unexpected
    exception into a coded 500 (INTERNAL_ERROR) without its trace."""

    def __init__(self, app: ASGIApp, behind_tls: bool = False) -> None:
        self.app = app
        self.headers = _static_headers(behind_tls)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        if path.startswith(_DOCS_PATHS):
            csp = DOCS_CSP
        elif path.startswith(("/api/", "/openapi.json", "/health")):
            csp = API_CSP
        else:
            csp = PAGE_CSP
        extra = [
            *self.headers,
            (b"content-security-policy", csp.encode()),
            (b"referrer-policy", PAGE_REFERRER if csp is PAGE_CSP else b"no-referrer"),
        ]
        if not path.startswith("/static/"):
            extra.append((b"cache-control", b"no-store"))
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {name.lower() for name, _value in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(h for h in extra if h[0] not in present),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            incident = uuid.uuid4().hex
            log.exception("unexpected error %s on %s %s", incident, scope.get("method"), path)
            if started:
                raise  # the response is half sent; the server closes the connection
            error = EntekhabError(INTERNAL_ERROR, {"incident": incident})
            await send_coded_error(send_with_headers, error)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown routes and methods, and bodies the framework cannot parse, get coded errors like
    everything else (FastAPI answers a body its JSON parser gives up on — nested 100,000 deep,
    say — with an uncoded 400: here it becomes INVALID_INPUT, 422, logged); pages as pages."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        error = EntekhabError(NOT_FOUND, {"what": request.url.path})
    elif exc.status_code == 405:
        error = EntekhabError(METHOD_NOT_ALLOWED, {"method": request.method})
    elif exc.status_code == 400:
        error = EntekhabError(INVALID_INPUT, {"reason": _UNPARSABLE})
        await run_in_threadpool(log_refusal, request.scope, error)
    else:
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    if shown_as_page(request):
        return page_error(request, error)
    return JSONResponse({"error": error.to_dict()}, status_code=error.status, headers=exc.headers)


def install_hardening(app: FastAPI, settings: Settings) -> None:
    """CORS (only the configured origins; none by default), the per-address rate limit and the
    security headers, outermost; per-station limits live in ``app.state.station_bucket``."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    app.add_middleware(AddressRateLimit, bucket=TokenBucket(settings.rate_per_address))
    app.add_middleware(SecurityHeaders, behind_tls=settings.behind_tls)
    # Outermost: every layer within (rate limit, throttle, event log) sees the resolved client.
    app.add_middleware(TrustedProxyHeaders, trusted=settings.trusted_proxies)
    app.state.station_bucket = TokenBucket(settings.rate_per_station)
