"""Page: the practice ballot at the portal (``/practice``), open to anyone, watermarked.

The same steps and templates as the station's practice mode (``web.practice``); the practice
ballots go to their own SQLite file (``<var_dir>/practice.sqlite``), never to the server's
database: this module reaches no service and no unit of work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from entekhab.api.routes.web.common import CsrfChecked, render
from entekhab.web.ballot_form import carried_fields
from entekhab.web.practice import (
    PracticeBox,
    Step,
    ballot_step,
    cast_step,
    review_step,
    start_step,
)

__all__ = ["router"]

router = APIRouter(tags=["pages"], include_in_schema=False)


def _box(request: Request) -> PracticeBox:
    state = request.app.state
    if getattr(state, "practice_box", None) is None:
        state.practice_box = PracticeBox(Path(state.settings.var_dir) / "practice.sqlite")
    box: PracticeBox = state.practice_box
    return box


def _page(request: Request, step: Step) -> Response:
    return render(request, step.template, step.context, status=step.status, practice=True)


async def _values(request: Request) -> tuple[dict[str, list[str]], Any]:
    form = await request.form()
    return {key: [str(v) for v in form.getlist(key)] for key in form}, form


@router.get("/practice")
def practice_start(request: Request) -> Response:
    """The sample election's ballots to try."""
    return _page(request, start_step())


@router.get("/practice/ballot")
def practice_ballot(request: Request, style: str = "") -> Response:
    return _page(request, ballot_step({"style": [style]}))


@router.post("/practice/ballot", dependencies=[CsrfChecked])
async def practice_change(request: Request) -> Response:
    values, _form = await _values(request)
    return _page(request, ballot_step(values, keep=True))


@router.post("/practice/review", dependencies=[CsrfChecked])
async def practice_review(request: Request) -> Response:
    values, form = await _values(request)
    return _page(request, review_step(values, carried_fields(form.multi_items(), "style")))


@router.post("/practice/cast", dependencies=[CsrfChecked])
async def practice_cast(request: Request) -> Response:
    values, _form = await _values(request)
    return _page(request, cast_step(_box(request), values))
