"""The web face of the server: bundled static files, the API documentation served from them,
and coded errors shown as pages.

``install_pages`` is called by ``create_app``. Everything a page loads comes from ``/static``
(``web/static``: the Vazirmatn font, htmx, Swagger UI and ReDoc, fetched by ``make assets`` and
committed), so the pages work on a network with no way out.
"""

from __future__ import annotations

import secrets
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from entekhab.api.deps import is_page
from entekhab.api.routes.web.common import error_page
from entekhab.errors import EntekhabError
from entekhab.service.security.server_key import configured_key_file, derived_secret
from entekhab.settings import Settings

__all__ = ["NOT_PAGES", "install_pages", "shown_as_page"]

STATIC = "/static"
_VENDOR = f"{STATIC}/vendor"
NOT_PAGES = ("/api/", "/docs", "/redoc", "/openapi.json", "/health", STATIC)
"""Paths answered in JSON (or files) even for a browser."""


def shown_as_page(request: Request) -> bool:
    """Whether a coded error on this request should be a page rather than JSON."""
    return is_page(request) and not request.url.path.startswith(NOT_PAGES)


def static_directory() -> str:
    return str(resources.files("entekhab.web").joinpath("static"))


def page_secret(settings: Settings) -> bytes:
    """The key of the pages' sign-in tickets: ``ENTEKHAB_PAGE_SECRET`` if set, else derived from
    the server key, so that several workers agree on it (a ticket issued by one worker is read
    by another); a random key per process only when neither exists (one worker then)."""
    if settings.page_secret:
        return bytes.fromhex(settings.page_secret)
    key_file = configured_key_file(settings.server_key_file, settings.var_dir)
    return derived_secret(key_file, "page-tickets") or secrets.token_bytes(32)


def install_pages(app: FastAPI) -> None:
    """Mount ``/static``, serve ``/docs`` and ``/redoc`` from it, and key the pages' tickets."""
    settings = app.state.settings
    app.state.page_secret = page_secret(settings)
    app.mount(STATIC, StaticFiles(directory=static_directory()), name="static")
    title = app.title

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{title} — API",
            swagger_js_url=f"{_VENDOR}/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url=f"{_VENDOR}/swagger-ui/swagger-ui.css",
            swagger_favicon_url=f"{STATIC}/favicon.svg",
            oauth2_redirect_url="/docs/oauth2-redirect",
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title=f"{title} — API",
            redoc_js_url=f"{_VENDOR}/redoc/redoc.standalone.js",
            redoc_favicon_url=f"{STATIC}/favicon.svg",
            with_google_fonts=False,
        )


def page_error(request: Request, error: EntekhabError) -> Response:
    return error_page(request, error)
