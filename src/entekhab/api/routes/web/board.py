"""Pages: certification by the boards. The executive board approves a contest by entering the
ceremony nonce, the supervisory board confirms, headquarters publishes; either board may send a
result back for a recount or correction, with a reason.

Each step's page shows what is signed off: the label, the branches not yet reported, the running
totals and, once approved, the working of the allocation. The page offers only the steps the
permission matrix lets this user take (``may``); the step's own route is gated by the matrix and
the certification service asks the permission table again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.web.common import CsrfChecked, FormErrors, may, redirect, render
from entekhab.domain.access import within_jurisdiction
from entekhab.domain.error_codes import web as web_errors
from entekhab.errors import EntekhabError
from entekhab.service.counting import certification as cert
from entekhab.service.counting.board import board_contest, board_contests
from entekhab.web.sheets import STATE_NAMES, working_of

__all__ = ["router"]

router = APIRouter(tags=["pages"], include_in_schema=False)

_API = "/api/v1/certification/{election_id}/{contest}"
STEPS = ("approve", "confirm", "publish", "recount")
_NEXT_STEP = {
    cert.UNOFFICIAL: "approve",
    cert.APPROVED: "confirm",
    cert.CONFIRMED: "publish",
}


@router.get("/board")
def board_index(request: Request, uow: Uow, user: CurrentUser) -> Response:
    """Contests inside the user's jurisdiction, with what waits for this user's signature."""
    shown = [
        c
        for c in board_contests(uow)
        if all(within_jurisdiction(user.jurisdiction, chain) for chain in c.ancestors)
    ]
    mine = {
        (c.election_id, c.contest)
        for c in shown
        if c.state in _NEXT_STEP and may(user, "POST", f"{_API}/{_NEXT_STEP[c.state]}")
    }
    return render(
        request,
        "board/index.html.j2",
        {"contests": shown, "mine": mine, "states": STATE_NAMES},
    )


def _page(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    election_id: str,
    contest: str,
    *,
    errors: FormErrors | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    view = board_contest(uow, election_id, contest)
    state = view.certification.state
    offered = [
        step
        for step in STEPS
        if may(user, "POST", f"{_API}/{step}")
        and (_NEXT_STEP.get(state) == step or (step == "recount" and state != cert.UNOFFICIAL))
    ]
    return render(
        request,
        "board/contest.html.j2",
        {
            "v": view,
            "states": STATE_NAMES,
            "offered": offered,
            "working": working_of(view.certification.outcome),
            "errors": errors or FormErrors(),
            "typed": typed or {},
        },
        status=status,
    )


@router.get("/board/{election_id}/{contest}")
def board_page(
    request: Request, uow: Uow, user: CurrentUser, election_id: str, contest: str
) -> Response:
    """One contest's certification: what is signed off, and the steps this user may take."""
    return _page(request, uow, user, election_id, contest)


def _run_step(
    step: str,
    request: Request,
    uow: Uow,
    user: CurrentUser,
    election_id: str,
    contest: str,
    reason: str,
    nonce: str = "",
) -> Response:
    typed = {"reason": reason, "nonce": nonce, "step": step}
    errors = FormErrors()
    if not reason.strip():
        errors.add(f"{step}-reason", EntekhabError(web_errors.FIELD_REQUIRED, {"field": "reason"}))
    if step == "approve" and not nonce.strip():
        errors.add("approve-nonce", EntekhabError(web_errors.FIELD_REQUIRED, {"field": "nonce"}))
    if errors:
        return _page(
            request, uow, user, election_id, contest, errors=errors, typed=typed, status=422
        )
    try:
        common = {"actor": user.actor, "role": user.role.value, "reason": reason.strip()}
        if step == "approve":
            cert.approve(uow, election_id, contest, ceremony_nonce=nonce.strip().lower(), **common)
        elif step == "confirm":
            cert.confirm(uow, election_id, contest, **common)
        elif step == "publish":
            cert.publish(uow, election_id, contest, **common)
        else:
            cert.return_to_unofficial(uow, election_id, contest, **common)
    except EntekhabError as error:
        field = f"{step}-nonce" if error.code == "CERTIFICATION_NONCE_INVALID" else f"{step}-reason"
        errors.add(field, error)
        return _page(
            request,
            uow,
            user,
            election_id,
            contest,
            errors=errors,
            typed=typed,
            status=error.status,
        )
    return redirect(request, f"/board/{election_id}/{contest}")


@router.post("/board/{election_id}/{contest}/approve", dependencies=[CsrfChecked])
def post_approve(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    election_id: str,
    contest: str,
    reason: Annotated[str, Form()] = "",
    nonce: Annotated[str, Form()] = "",
) -> Response:
    """Executive board: approve with the nonce drawn at the public ceremony."""
    return _run_step("approve", request, uow, user, election_id, contest, reason, nonce)


@router.post("/board/{election_id}/{contest}/confirm", dependencies=[CsrfChecked])
def post_confirm(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    election_id: str,
    contest: str,
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Supervisory board: confirm the approved result (it becomes official)."""
    return _run_step("confirm", request, uow, user, election_id, contest, reason)


@router.post("/board/{election_id}/{contest}/publish", dependencies=[CsrfChecked])
def post_publish(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    election_id: str,
    contest: str,
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Headquarters: publish the confirmed result on the public portal."""
    return _run_step("publish", request, uow, user, election_id, contest, reason)


@router.post("/board/{election_id}/{contest}/recount", dependencies=[CsrfChecked])
def post_recount(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    election_id: str,
    contest: str,
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Either board: send the result back to unofficial for a recount or correction."""
    return _run_step("recount", request, uow, user, election_id, contest, reason)
