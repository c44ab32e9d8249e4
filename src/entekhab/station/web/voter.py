"""The voter's booth (``/voter``): a second window on the branch laptop's second screen, facing
the voter, that shows only the ballot.

Pairing first (the booth code from the agent's screen), then it waits — htmx asks
``/voter/poll`` every two seconds, and the answer sends the page to ``/voter/ballot`` once the
agent has checked a voter in. The voter marks the ballot, reviews it with the names (the same
rules as ``Station.cast``, from ``domain.ballot_rules``), confirms, and gets the receipt to
print. The booth never learns who the voter is; the agent's screen never learns the choices.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from entekhab.domain.error_codes.station_console import (
    STATION_BOOTH_EMPTY,
    STATION_BOOTH_NOT_PAIRED,
)
from entekhab.domain.errors import EntekhabError
from entekhab.station.web.booth import BranchConsole
from entekhab.station.web.frame import check_csrf, redirect, render
from entekhab.web.ballot_form import (
    BallotForm,
    ballot_views,
    carried_fields,
    read_ballot,
    receipt_hour,
    review_lines,
)

__all__ = ["BOOTH_URLS", "install_voter_routes"]

BOOTH_URLS = {
    "home": "/voter",
    "ballot": "/voter/ballot",
    "review": "/voter/review",
    "cast": "/voter/cast",
}


def install_voter_routes(app: FastAPI, console: BranchConsole, cookie: str) -> None:
    def paired(request: Request) -> None:
        if not console.is_booth(request.cookies.get(cookie)):
            raise EntekhabError(STATION_BOOTH_NOT_PAIRED, {})

    def waiting() -> tuple[str, tuple[str, ...]]:
        found = console.ballot_waiting()
        if found is None:
            raise EntekhabError(STATION_BOOTH_EMPTY, {})
        return found

    def ballot(request: Request, marked: BallotForm, status: int = 200) -> Response:
        nonce, contests = waiting()
        return render(
            request,
            "station/ballot.html.j2",
            {
                "contests": ballot_views(console.station.definition, contests),
                "marked": marked,
                "hidden": {"ballot": nonce},
                "urls": BOOTH_URLS,
            },
            status=status,
        )

    async def voter_form(request: Request) -> Any:
        paired(request)
        form = await request.form()
        check_csrf(request, form)
        return form

    @app.get("/voter")
    def booth(request: Request) -> Response:
        if not console.is_booth(request.cookies.get(cookie)):
            return render(request, "station/voter_pair.html.j2", {"error": None}, status=200)
        if console.ballot_waiting() is not None:
            return redirect(request, "/voter/ballot")
        reprints = list(console.reprints)
        for receipt in reprints:
            console.printed(receipt)
        return render(
            request,
            "station/voter_wait.html.j2",
            {"reprints": reprints, "hour_text": receipt_hour},
        )

    @app.post("/voter/pair")
    async def pair(request: Request) -> Response:
        form = await request.form()
        check_csrf(request, form)
        try:
            token = console.pair_booth(str(form.get("code", "")))
        except EntekhabError as error:
            return render(request, "station/voter_pair.html.j2", {"error": error}, status=403)
        response = redirect(request, "/voter")
        response.set_cookie(cookie, token, httponly=True, samesite="strict", path="/")
        return response

    @app.get("/voter/poll")
    def poll(request: Request) -> Response:
        """204 while the booth is empty; a redirect to the ballot once one waits."""
        paired(request)
        if console.ballot_waiting() is None:
            return Response(status_code=204)
        return Response(status_code=200, headers={"HX-Redirect": "/voter/ballot"})

    @app.get("/voter/ballot")
    def ballot_page(request: Request) -> Response:
        paired(request)
        if console.ballot_waiting() is None:
            return redirect(request, "/voter")
        return ballot(request, BallotForm())

    @app.post("/voter/ballot")
    async def ballot_again(request: Request) -> Response:
        """ "Change": the ballot again, as the voter marked it."""
        form = await voter_form(request)
        _nonce, contests = waiting()
        marked = read_ballot(console.station.definition, contests, _values(form))
        marked.errors.clear()
        return ballot(request, marked)

    @app.post("/voter/review")
    async def review(request: Request) -> Response:
        form = await voter_form(request)
        _nonce, contests = waiting()
        definition = console.station.definition
        marked = read_ballot(definition, contests, _values(form))
        if marked:
            return ballot(request, marked, status=422)
        return render(
            request,
            "station/review.html.j2",
            {
                "lines": review_lines(definition, contests, marked),
                "fields": carried_fields(form.multi_items(), "ballot"),
                "urls": BOOTH_URLS,
            },
        )

    @app.post("/voter/cast")
    async def cast(request: Request) -> Response:
        form = await voter_form(request)
        _nonce, contests = waiting()
        marked = read_ballot(console.station.definition, contests, _values(form))
        if marked:
            return ballot(request, marked, status=422)
        sent = str(form.get("ballot", ""))
        receipt = await run_in_threadpool(console.cast, sent, marked.selections())
        response = render(
            request,
            "station/receipt.html.j2",
            {"receipt": receipt, "urls": BOOTH_URLS, "hour_text": receipt_hour},
        )
        console.printed(receipt)  # the page is the printout: rendered, it is on the screen
        return response


def _values(form: Any) -> dict[str, list[str]]:
    return {key: [str(v) for v in form.getlist(key)] for key in form}
