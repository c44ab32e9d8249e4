"""What every page route shares: the page's language, its CSRF token, its user, rendering, and
coded errors shown as pages.

* Language: ``?lang=en`` or ``?lang=fa`` switches and is remembered in a cookie; Persian is the
  default.
* CSRF: a random token in an HttpOnly, SameSite=Strict cookie, repeated in every form as
  ``csrf_token``; a POST whose field does not match it is refused (CSRF_INVALID) before its
  route runs (``CsrfChecked``).
* The session is the JSON API's session token, in the HttpOnly, SameSite=Strict cookie
  ``entekhab_session`` (``api/deps.py`` reads it for page routes only).
* A coded error on a page is a page: sign-in (keeping the page asked for, or the page a form was
  sent from; a live htmx fragment asks for the whole page again) for 401, "not found"
  for an unknown object and for one outside the user's jurisdiction (which is not told apart),
  and the code with its Persian and English text otherwise. Never a trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from entekhab.api.deps import SESSION_COOKIE, Principal
from entekhab.api.permissions import permission_index
from entekhab.domain.access import Role
from entekhab.domain.error_codes.general import NOT_FOUND
from entekhab.domain.error_codes.security import OUT_OF_JURISDICTION
from entekhab.errors import EntekhabError
from entekhab.web.i18n import LANGUAGES
from entekhab.web.page_frame import (
    CSRF_COOKIE,
    LANG_COOKIE,
    check_csrf,
    page_frame,
    page_language,
)
from entekhab.web.pages import render_page

__all__ = [
    "CSRF_COOKIE",
    "LANG_COOKIE",
    "CsrfChecked",
    "FormErrors",
    "PageUser",
    "error_page",
    "may",
    "page_language",
    "redirect",
    "render",
    "role_name",
]


_ROLE_NAMES = {
    Role.HQ_ADMIN: ("ستاد انتخابات کشور", "National election headquarters"),
    Role.PROVINCE_OFFICER: ("ستاد انتخابات استان", "Province officer"),
    Role.COUNTY_OFFICER: ("فرمانداری", "County officer"),
    Role.DISTRICT_OFFICER: ("بخشداری", "District officer"),
    Role.BRANCH_HEAD: ("رئیس شعبه", "Branch head"),
    Role.BRANCH_AGENT: ("عضو شعبه", "Branch agent"),
    Role.EXECUTIVE_BOARD: ("هیئت اجرایی", "Executive board"),
    Role.SUPERVISOR: ("هیئت نظارت", "Supervisory board"),
    Role.VETTING_OFFICER: ("مسئول استعلام", "Vetting officer"),
    Role.AUDITOR: ("حسابرس", "Auditor"),
}
_ROLE_NAMES.update(
    {
        role: names
        for role, names in (
            ("experts_supervisor", ("نظارت انتخابات خبرگان", "Experts supervision office")),
            ("observer", ("ناظر نامزد یا فهرست", "Candidate's or list's observer")),
        )
        if role in Role._value2member_map_
        for role in [Role(role)]
    }
)


def role_name(role: Role, lang: str) -> str:
    fa, en = _ROLE_NAMES.get(role, (role.value, role.value))
    return fa if lang == "fa" else en


def current_user(request: Request) -> Principal | None:
    """The user the gate found for this request (None: the public)."""
    user: Principal | None = getattr(request.state, "principal", None)
    return user


PageUser = Annotated[Principal | None, Depends(current_user)]


def may(user: Principal | None, method: str, api_path: str) -> bool:
    """Whether the permission matrix lets ``user`` call the JSON route ``api_path`` (a page
    offers an action only then; the page's own route is gated again by the matrix)."""
    if user is None:
        return False
    entry = permission_index().get((method, api_path))
    return entry is not None and entry.allows(user.role)


@dataclass
class FormErrors:
    """Coded errors of one form, by field, shown beside it (``""``: the form as a whole)."""

    by_field: dict[str, EntekhabError] = field(default_factory=dict)

    def add(self, name: str, error: EntekhabError) -> None:
        self.by_field.setdefault(name, error)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def get(self, name: str) -> EntekhabError | None:
        return self.by_field.get(name)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    practice: bool = False,
    error_code: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render one page in the request's language, with its CSRF token and user."""
    user = current_user(request)
    page = page_frame(
        request,
        user=user,
        role_name=role_name(user.role, page_language(request).code) if user else "",
        practice=practice,
        error_code=error_code,
    )
    html = render_page(template, {"page": page, **(context or {})}, page.lang)
    response = HTMLResponse(html, status_code=status, headers=headers)
    remember_page_cookies(request, response)
    return response


def _cookie(response: Response, request: Request, name: str, value: str, **extra: Any) -> None:
    settings = request.app.state.settings
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=bool(settings.behind_tls),
        path="/",
        **extra,
    )


def remember_page_cookies(request: Request, response: Response) -> None:
    csrf = getattr(request.state, "csrf", None)
    if csrf and request.cookies.get(CSRF_COOKIE) != csrf:
        _cookie(response, request, CSRF_COOKIE, csrf)
    asked = request.query_params.get("lang")
    if asked in LANGUAGES and request.cookies.get(LANG_COOKIE) != asked:
        _cookie(response, request, LANG_COOKIE, asked, max_age=365 * 24 * 3600)
    if getattr(request.state, "session_refused", False):
        response.delete_cookie(SESSION_COOKIE, path="/")


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    _cookie(response, request, SESSION_COOKIE, token)


def redirect(request: Request, url: str) -> RedirectResponse:
    """303 See Other to ``url`` (after a form), keeping the page's cookies."""
    response = RedirectResponse(url, status_code=303)
    remember_page_cookies(request, response)
    return response


async def _csrf_checked(request: Request) -> None:
    check_csrf(request, await request.form())


CsrfChecked = Depends(_csrf_checked)
"""A page's POST route lists this in ``dependencies``: the form's token must match the cookie."""


def safe_next(value: str | None) -> str:
    """A page of this site to return to (never another site's address)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/board"
    return value


def _page_sent_from(request: Request) -> str | None:
    """The page of this site a form was sent from (its Referer, which the pages' policy sends
    to this site only); None for another site's or none."""
    sent_from = urlsplit(request.headers.get("referer", ""))
    if sent_from.netloc != request.url.netloc or not sent_from.path:
        return None
    return sent_from.path + (f"?{sent_from.query}" if sent_from.query else "")


def error_page(request: Request, error: EntekhabError) -> Response:
    """A coded error shown as a page (in the page's language, with the code; under
    ``/practice`` with the practice watermark, as every practice page)."""
    practice = request.url.path.startswith("/practice")
    if error.status == 401:
        from entekhab.api.routes.web.account import sign_in_page  # the page lives there

        asked = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("HX-Request") == "true":
            # A live fragment (htmx polling): reload the whole page, which then shows sign-in
            # keeping its address, rather than leave figures on screen that no longer change.
            return Response(status_code=401, headers={"HX-Refresh": "true"})
        next_page = asked if request.method == "GET" else _page_sent_from(request)
        return sign_in_page(request, next_page=next_page, notice=error, status=401)
    if error.spec in (OUT_OF_JURISDICTION, NOT_FOUND) or error.status == 404:
        shown = EntekhabError(NOT_FOUND, {"what": request.url.path})
        return render(
            request,
            "common/error.html.j2",
            {"error": shown},
            status=404,
            error_code="NOT_FOUND",
            practice=practice,
        )
    return render(
        request,
        "common/error.html.j2",
        {"error": error},
        status=error.status,
        error_code=error.code,
        practice=practice,
    )
