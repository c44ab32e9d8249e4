"""What every page of the station's web app shares: its language (Persian first), its CSRF
token, rendering through ``common/base.html.j2``, and coded errors shown as pages — never a
trace.

The cookies are HttpOnly and SameSite=Strict: a page of another site (or another local port)
can neither read them nor send them with a form, and every POST must repeat the CSRF cookie's
value in its ``csrf_token`` field.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from entekhab.domain.error_codes import web as web_errors
from entekhab.domain.error_codes.general import INTERNAL_ERROR, METHOD_NOT_ALLOWED, NOT_FOUND
from entekhab.domain.errors import EntekhabError
from entekhab.web.i18n import LANGUAGES, Language, language
from entekhab.web.pages import render_page

__all__ = [
    "CSRF_COOKIE",
    "LOOPBACK",
    "StationPage",
    "check_csrf",
    "error_page",
    "install_page_safety",
    "redirect",
    "render",
]

LOOPBACK = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})

CSRF_COOKIE = "entekhab_csrf"
LANG_COOKIE = "entekhab_lang"
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
    " base-uri 'none'; object-src 'none'"
)
"""Nothing from elsewhere and no inline script: htmx and the station's own file only."""


@dataclass(frozen=True)
class StationPage:
    """What ``common/base.html.j2`` needs of every page (no user: the station has none)."""

    lang: str
    dir: str
    other: Language
    switch_url: str
    csrf: str
    practice: bool = False
    error_code: str | None = None
    user: None = None
    role_name: str = ""
    show_sign_in: bool = False


def page_language(request: Request) -> Language:
    asked = request.query_params.get("lang")
    return language(asked if asked in LANGUAGES else request.cookies.get(LANG_COOKIE))


def _csrf(request: Request) -> str:
    token = getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token or len(token) < 32:
        token = secrets.token_urlsafe(32)
    request.state.csrf = token
    return str(token)


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
    lang = page_language(request)
    other = LANGUAGES["en" if lang.code == "fa" else "fa"]
    query = {k: v for k, v in request.query_params.items() if k not in ("lang", "token")}
    page = StationPage(
        lang=lang.code,
        dir=lang.direction,
        other=other,
        switch_url=f"{request.url.path}?{urlencode({**query, 'lang': other.code})}",
        csrf=_csrf(request),
        practice=practice,
        error_code=error_code,
    )
    html = render_page(template, {"page": page, **(context or {})}, lang.code)
    response = HTMLResponse(html, status_code=status)
    keep_cookies(request, response)
    return response


def redirect(request: Request, url: str) -> RedirectResponse:
    """303 See Other (after a form), keeping the page's cookies."""
    response = RedirectResponse(url, status_code=303)
    keep_cookies(request, response)
    return response


def check_csrf(request: Request, form: Any) -> None:
    """The form's ``csrf_token`` must equal the CSRF cookie (CSRF_INVALID otherwise)."""
    sent = form.get("csrf_token")
    kept = request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not kept or not hmac.compare_digest(sent, kept):
        raise EntekhabError(web_errors.CSRF_INVALID)


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


def install_page_safety(app: FastAPI, *, practice: bool = False) -> None:
    """Loopback hosts only (no DNS rebinding), no framing, no caching of a page (the back
    button must not show an earlier voter's ballot), coded errors as pages, never a trace."""

    @app.middleware("http")
    async def _guard(request: Request, call_next: Any) -> Response:
        host = (request.headers.get("host") or "").rsplit(":", 1)[0]
        if host not in LOOPBACK and host not in app.state.extra_hosts:
            return Response("this console answers on 127.0.0.1 only", status_code=421)
        response: Response = await call_next(request)
        response.headers["content-security-policy"] = PAGE_CSP
        response.headers["x-frame-options"] = "DENY"
        response.headers["x-content-type-options"] = "nosniff"
        response.headers["referrer-policy"] = "no-referrer"
        if not request.url.path.startswith("/static"):
            response.headers["cache-control"] = "no-store"
        return response

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
        return error_page(request, EntekhabError(INTERNAL_ERROR, {}), practice=practice)

    app.state.extra_hosts = frozenset()
    app.mount("/static", StaticFiles(directory=static_directory()), name="static")
