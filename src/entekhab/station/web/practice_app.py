"""``entekhab station practice``: the station's practice mode — only the voter's screen, on the
bundled sample election, with a watermark on every page.

No station key, no journal, no headquarters: the app is built from a ``PracticeBox`` alone (its
own SQLite file), so there is nothing it could sign or send, and no route closes anything.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from entekhab.domain.error_codes.station_console import PRACTICE_NOT_COUNTED
from entekhab.domain.errors import EntekhabError
from entekhab.station.web.frame import check_csrf, install_page_safety, redirect, render
from entekhab.web.ballot_form import carried_fields
from entekhab.web.practice import (
    PracticeBox,
    Step,
    ballot_step,
    cast_step,
    review_step,
    start_step,
)

__all__ = ["create_practice_app"]


def _values(form: Any) -> dict[str, list[str]]:
    return {key: [str(v) for v in form.getlist(key)] for key in form}


def create_practice_app(box: PracticeBox) -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    install_page_safety(app, practice=True)

    def page(request: Request, step: Step) -> Response:
        return render(request, step.template, step.context, status=step.status, practice=True)

    async def form_of(request: Request) -> dict[str, list[str]]:
        form = await request.form()
        check_csrf(request, form)
        return _values(form)

    @app.get("/")
    def home(request: Request) -> Response:
        return redirect(request, "/practice")

    @app.api_route("/close", methods=["GET", "POST"])
    def close(request: Request) -> Response:
        """A practice station never closes: there is nothing to count or send."""
        raise EntekhabError(PRACTICE_NOT_COUNTED, {})

    @app.get("/practice")
    def start(request: Request) -> Response:
        return page(request, start_step())

    @app.get("/practice/ballot")
    def ballot(request: Request, style: str = "") -> Response:
        return page(request, ballot_step({"style": [style]}))

    @app.post("/practice/ballot")
    async def change(request: Request) -> Response:
        return page(request, ballot_step(await form_of(request), keep=True))

    @app.post("/practice/review")
    async def review(request: Request) -> Response:
        raw = await request.form()
        check_csrf(request, raw)
        return page(request, review_step(_values(raw), carried_fields(raw.multi_items(), "style")))

    @app.post("/practice/cast")
    async def cast(request: Request) -> Response:
        return page(request, cast_step(box, await form_of(request)))

    return app
