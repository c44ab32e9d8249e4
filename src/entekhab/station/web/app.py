"""The branch console's web app: the agent's screen (``/``) and the voter's booth (``/voter``).

Served by ``entekhab station run --web`` on 127.0.0.1 only, in the station process; every
action calls the ``BranchConsole`` around the same ``Station`` the prompt uses — no second
copy of a rule, and the journal's fsync-before-acknowledge order unchanged.

Agent (console token cookie, see ``station.web.booth``): opening with the definition check,
check-in (national code in Persian or Latin digits, card and fingerprint as the adapter reports
them, the branch head's override reason), the booth's state (polled with htmx), closing and the
wall sheets. Booth (paired booth cookie): waits (polling) for a ballot, shows it, the review,
then records it (``Station.cast``) and shows the printable receipt.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from entekhab.crypto.signing import key_id
from entekhab.domain.error_codes.election_day import STATION_CLOSING_INCOMPLETE
from entekhab.domain.error_codes.general import NOT_FOUND
from entekhab.domain.error_codes.station_console import STATION_CONSOLE_LOCKED
from entekhab.domain.errors import EntekhabError
from entekhab.station.closing import signed_bulletins
from entekhab.station.web.booth import BranchConsole, IdentitySeen
from entekhab.station.web.frame import check_csrf, install_page_safety, redirect, render
from entekhab.station.web.voter import install_voter_routes
from entekhab.web.sheets import render_bulletin_sheet

__all__ = ["AGENT_COOKIE", "BOOTH_COOKIE", "create_console_app"]

AGENT_COOKIE = "entekhab_agent"
BOOTH_COOKIE = "entekhab_booth"
_FIELD_OF = {
    "INVALID_NATIONAL_CODE": "national_code",
    "STATION_CARD_UNREADABLE": "card_serial",
    "IDENTITY_NOT_VERIFIED": "override_reason",
}
"""Refusals shown beside a field of the check-in form; the others above the form."""
_CHECKIN_FIELDS = ("national_code", "card_serial", "override_reason")


def create_console_app(console: BranchConsole) -> FastAPI:
    """The console's app over ``console`` (start-up recovery already run by the caller)."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.console = console
    install_page_safety(app)
    _agent_routes(app, console)
    install_voter_routes(app, console, BOOTH_COOKIE)
    return app


def _require_agent(request: Request, console: BranchConsole) -> None:
    if not console.is_agent(request.cookies.get(AGENT_COOKIE)):
        raise EntekhabError(STATION_CONSOLE_LOCKED, {})


def _console_page(
    request: Request,
    console: BranchConsole,
    *,
    status: int = 200,
    errors: dict[str, EntekhabError] | None = None,
    typed: dict[str, str] | None = None,
    opening_error: EntekhabError | None = None,
) -> HTMLResponse:
    view = console.view()
    station = console.station
    return render(
        request,
        "station/console.html.j2",
        {
            "v": view,
            "definition_hash": station.definition_hash,
            "definition_id": station.definition.id,
            "hq_key_id": key_id(station.hq_public_key) if station.hq_public_key else "—",
            "refused": station.journal.get_meta("definition_refused"),
            "errors": _Errors(errors or {}),
            "typed": typed or {},
            "last": getattr(request.app.state, "last_checkin", None),
            "opening_error": opening_error,
            "start_error": console.start_error,
        },
        status=status,
    )


class _Errors(dict[str, EntekhabError]):
    """Errors by field, as ``common/forms.html.j2`` reads them (``errors.get(name)``)."""


def _agent_routes(app: FastAPI, console: BranchConsole) -> None:
    @app.get("/agent")
    def unlock(request: Request, token: str = "") -> Response:
        """The address printed at start-up: keeps the console token in a cookie."""
        if not console.is_agent(token):
            raise EntekhabError(STATION_CONSOLE_LOCKED, {})
        response = redirect(request, "/")
        response.set_cookie(AGENT_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    @app.get("/")
    def agent_screen(request: Request) -> Response:
        _require_agent(request, console)
        return _console_page(request, console)

    @app.get("/agent/booth")
    def booth_state(request: Request) -> Response:
        """The booth's state for the agent's screen (htmx polls it): never a choice."""
        _require_agent(request, console)
        return render(request, "station/_booth.html.j2", {"v": console.view()})

    @app.post("/open")
    async def open_branch(request: Request) -> Response:
        form = await _form(request, console)
        try:
            await run_in_threadpool(console.open, str(form.get("opened_by", "")).strip())
        except EntekhabError as error:
            return _console_page(request, console, status=error.status, opening_error=error)
        return redirect(request, "/")

    @app.post("/check-in")
    async def check_in(request: Request) -> Response:
        form = await _form(request, console)
        typed = {k: str(form.get(k, "")) for k in _CHECKIN_FIELDS}
        try:
            checked, seen = await run_in_threadpool(
                console.check_in,
                typed["national_code"],
                typed["card_serial"],
                typed["override_reason"].strip(),
            )
        except EntekhabError as error:
            app.state.last_checkin = None
            field = _FIELD_OF.get(error.code, "")
            if error.code == "IDENTITY_NOT_VERIFIED":
                typed["fingerprints"] = ", ".join(console.observed.seen.fingerprints)
            return _console_page(
                request, console, status=error.status, errors={field: error}, typed=typed
            )
        overridden = bool(typed["override_reason"].strip())
        app.state.last_checkin = _CheckinShown(checked.national_code or "", seen, overridden)
        return redirect(request, "/")

    @app.post("/booth/code")
    async def new_code(request: Request) -> Response:
        await _form(request, console)
        console.new_booth_code()
        return redirect(request, "/")

    @app.post("/booth/send")
    async def send(request: Request) -> Response:
        form = await _form(request, console)
        console.send_to_booth(str(form.get("ticket", "")))
        return redirect(request, "/")

    @app.post("/booth/take-back")
    async def take_back(request: Request) -> Response:
        await _form(request, console)
        console.take_back()
        return redirect(request, "/")

    @app.post("/close")
    async def close(request: Request) -> Response:
        form = await _form(request, console)
        closed = await run_in_threadpool(console.close, str(form.get("closed_by", "")).strip())
        app.state.closed = closed
        return redirect(request, "/closed")

    @app.get("/closed")
    def closed_page(request: Request) -> Response:
        _require_agent(request, console)
        if not console.station.is_closing:
            return redirect(request, "/")
        with console.lock:
            signed = signed_bulletins(console.station)
        contests = {c.code: c for c in console.station.definition.contests}
        return render(
            request,
            "station/closed.html.j2",
            {
                "closed": getattr(app.state, "closed", None),
                "bulletins": [s.bulletin for s in signed],
                "contests": contests,
            },
        )

    @app.get("/wall-sheet/{contest}")
    def wall_sheet(request: Request, contest: str) -> Response:
        """The branch's wall sheet of one contest (برگ نتیجهٔ شعبه), with its QR code."""
        _require_agent(request, console)
        with console.lock:
            if not console.station.is_closing:
                raise EntekhabError(STATION_CLOSING_INCOMPLETE, {"reason": "not closed"})
            signed = {s.bulletin.contest: s for s in signed_bulletins(console.station)}
            held = int((console.station.journal.get_meta("provisional") or {}).get("held", 0))
        if contest not in signed:
            raise EntekhabError(NOT_FOUND, {"what": contest})
        html = render_bulletin_sheet(signed[contest], console.station.definition, held=held)
        return HTMLResponse(html)


class _CheckinShown:
    """The last check-in as the agent's screen shows it (no ticket, nothing of the ballot)."""

    def __init__(self, national_code: str, seen: IdentitySeen, overridden: bool) -> None:
        self.national_code = national_code
        self.card_serial = seen.card_serial
        self.fingerprints = list(seen.fingerprints)
        self.overridden = overridden


async def _form(request: Request, console: BranchConsole) -> Any:
    """The agent's form, after the console token and the CSRF token are checked."""
    _require_agent(request, console)
    form = await request.form()
    check_csrf(request, form)
    return form
