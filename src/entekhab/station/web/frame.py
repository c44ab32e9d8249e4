"""What every page of the station's web app shares: its language (Persian first), its CSRF
token, rendering through ``common/base.html.j2``, and coded errors shown as pages — never a
trace.

The cookies are HttpOnly and SameSite=Strict: a page of another site (or another local port)
can neither read them nor send them with a form, and every POST must repeat the CSRF cookie's
value in its ``csrf_token`` field.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from entekhab.domain.error_codes.general import INTERNAL_ERROR, METHOD_NOT_ALLOWED, NOT_FOUND
from entekhab.domain.errors import EntekhabError
from entekhab.web.i18n import LANGUAGES
from entekhab.web.page_frame import CSRF_COOKIE, LANG_COOKIE, check_csrf, page_frame
from entekhab.web.pages import render_page

__all__ = [
    "CSRF_COOKIE",
    "LOOPBACK",
    "check_csrf",
    "error_page",
    "install_page_safety",
    "redirect",
    "render",
]

LOOPBACK = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
    " base-uri 'none'; object-src 'none'"
)
"""Nothing from elsewhere and no inline script: htmx and the station's own file only."""


def keep_cookies(request: Request, response: Response) -> None:
    """Set the CSRF and language cookies the page used, when the browser lacks them."""
    csrf = getattr(request.state, "csrf", None)
    if csrf and request.cookies.get(CSRF_COOKIE) != csrf:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
    asked = request.query_params.get("lang")
    if asked in LANGUAGES and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(
            LANG_COOKIE, asked, httponly=True, samesite="strict", path="/", max_age=31536000
        )


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    practice: bool = False,
    error_code: str | None = None,
) -> HTMLResponse:
    """One page in the request's language."""
    page = page_frame(
        request,
        dropped=("token",),  # the console token never goes into a link
        practice=practice,
        error_code=error_code,
        show_sign_in=False,  # the station has no accounts
    )
    html = render_page(template, {"page": page, **(context or {})}, page.lang)
    response = HTMLResponse(html, status_code=status)
    keep_cookies(request, response)
    return response


def redirect(request: Request, url: str) -> RedirectResponse:
    """303 See Other (after a form), keeping the page's cookies."""
    response = RedirectResponse(url, status_code=303)
    keep_cookies(request, response)
    return response


def error_page(request: Request, error: EntekhabError, *, practice: bool = False) -> Response:
    """A coded error as a page, in the page's language, with its code."""
    return render(
        request,
        "common/error.html.j2",
        {"error": error},
        status=error.status,
        practice=practice,
        error_code=error.code,
    )


def static_directory() -> str:
    return str(resources.files("entekhab.web").joinpath("static"))


def _safe_headers(request: Request, response: Response) -> Response:
    response.headers["content-security-policy"] = PAGE_CSP
    response.headers["x-frame-options"] = "DENY"
    response.headers["x-content-type-options"] = "nosniff"
    response.headers["referrer-policy"] = "no-referrer"
    if not request.url.path.startswith("/static"):
        response.headers["cache-control"] = "no-store"
    return response


def install_page_safety(app: FastAPI, *, practice: bool = False) -> None:
    """Loopback hosts only (no DNS rebinding), no framing, no caching of a page (the back
    button must not show an earlier voter's ballot), coded errors as pages, never a trace."""

    @app.middleware("http")
    async def _guard(request: Request, call_next: Any) -> Response:
        host = (request.headers.get("host") or "").rsplit(":", 1)[0]
        if host not in LOOPBACK and host not in app.state.extra_hosts:
            return Response("this console answers on 127.0.0.1 only", status_code=421)
        return _safe_headers(request, await call_next(request))

    @app.exception_handler(EntekhabError)
    async def _coded(request: Request, error: EntekhabError) -> Response:
        return error_page(request, error, practice=practice)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        spec = METHOD_NOT_ALLOWED if exc.status_code == 405 else NOT_FOUND
        error = EntekhabError(spec, {"what": request.url.path, "method": request.method})
        return error_page(request, error, practice=practice)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # Answered outside the middleware above (Starlette's outermost layer): its headers here.
        page = error_page(request, EntekhabError(INTERNAL_ERROR, {}), practice=practice)
        return _safe_headers(request, page)

    app.state.extra_hosts = frozenset()
    app.mount("/static", StaticFiles(directory=static_directory()), name="static")
