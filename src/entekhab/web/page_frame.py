"""What every page needs before its template, whichever server renders it (headquarters'
``api/routes/web`` or the station's console, ``station/web``): its language (Persian first,
``?lang=`` remembered in a cookie), its CSRF token (a random value in an HttpOnly,
SameSite=Strict cookie, repeated in every form), the language switch's address, and the
``Page`` that ``common/base.html.j2`` reads.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from entekhab.domain.error_codes import web as web_errors
from entekhab.domain.errors import EntekhabError
from entekhab.web.i18n import LANGUAGES, Language, language

__all__ = [
    "CSRF_COOKIE",
    "LANG_COOKIE",
    "Page",
    "check_csrf",
    "csrf_token",
    "page_frame",
    "page_language",
]

CSRF_COOKIE = "entekhab_csrf"
LANG_COOKIE = "entekhab_lang"


@dataclass(frozen=True)
class Page:
    """What ``common/base.html.j2`` needs of every page."""

    lang: str
    dir: str
    other: Language
    switch_url: str
    csrf: str
    user: Any = None
    """The signed-in user (headquarters' pages), None for the public and the station."""
    role_name: str = ""
    practice: bool = False
    show_sign_in: bool = True
    error_code: str | None = None


def page_language(request: Request) -> Language:
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return language(asked)
    return language(request.cookies.get(LANG_COOKIE))


def csrf_token(request: Request) -> str:
    """The page's CSRF token: the cookie's, or a new one (set by the response)."""
    token = getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token or len(token) < 32:
        token = secrets.token_urlsafe(32)
    request.state.csrf = token
    return str(token)


def _switch_url(request: Request, other: Language, dropped: tuple[str, ...]) -> str:
    query = {k: v for k, v in request.query_params.items() if k != "lang" and k not in dropped}
    query["lang"] = other.code
    return f"{request.url.path}?{urlencode(query)}"


def page_frame(request: Request, *, dropped: tuple[str, ...] = (), **rest: Any) -> Page:
    """The ``Page`` of this request; ``rest`` sets ``user``, ``practice``… ``dropped``: query
    parameters the language switch must not repeat (a one-time token)."""
    lang = page_language(request)
    other = LANGUAGES["en" if lang.code == "fa" else "fa"]
    return Page(
        lang=lang.code,
        dir=lang.direction,
        other=other,
        switch_url=_switch_url(request, other, dropped),
        csrf=csrf_token(request),
        **rest,
    )


def check_csrf(request: Request, form: Any) -> None:
    """The form's ``csrf_token`` must equal the CSRF cookie (CSRF_INVALID otherwise)."""
    sent = form.get("csrf_token")
    kept = request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not kept or not hmac.compare_digest(sent, kept):
        raise EntekhabError(web_errors.CSRF_INVALID)
