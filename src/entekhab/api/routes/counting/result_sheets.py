"""Routes: printable result sheets and open-data exports.

The public side (``/public/...``) serves published results only (RESULT_NOT_PUBLISHED before);
officials following the count may print the unofficial sheet, which says so on its face.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from entekhab.api.deps import CurrentUser, Uow
from entekhab.service.counting.exports import contest_csv, err_report
from entekhab.service.counting.result_sheets import contest_sheet
from entekhab.web.sheets import html_to_pdf, render_result_sheet

__all__ = ["router"]

router = APIRouter(tags=["results"])

_HTML = {200: {"content": {"text/html": {}}, "description": "The sheet, as HTML."}}
_PDF = {200: {"content": {"application/pdf": {}}, "description": "The sheet, as PDF."}}
_CSV = {200: {"content": {"text/csv": {}}, "description": "The contest's totals, as CSV."}}


def _sheet_html(uow: Uow, election_id: str, contest: str, *, published_only: bool) -> str:
    sheet = contest_sheet(
        uow, election_id, contest, generated_at=datetime.now(UTC), published_only=published_only
    )
    return render_result_sheet(sheet)


@router.get(
    "/public/results/{election_id}/{contest}/sheet",
    response_class=HTMLResponse,
    responses=_HTML,
)
def public_sheet(uow: Uow, election_id: str, contest: str) -> HTMLResponse:
    """The published result sheet of one contest (Persian, with the allocation's working)."""
    return HTMLResponse(_sheet_html(uow, election_id, contest, published_only=True))


@router.get(
    "/public/results/{election_id}/{contest}/sheet.pdf",
    response_class=Response,
    responses=_PDF,
)
def public_sheet_pdf(uow: Uow, election_id: str, contest: str) -> Response:
    """The published result sheet of one contest, as PDF."""
    html = _sheet_html(uow, election_id, contest, published_only=True)
    return Response(html_to_pdf(html), media_type="application/pdf")


@router.get(
    "/public/results/{election_id}/{contest}/csv",
    response_class=Response,
    responses=_CSV,
)
def public_csv(uow: Uow, election_id: str, contest: str) -> Response:
    """The published totals of one contest at every level and area, as CSV."""
    text = contest_csv(uow, election_id, contest, published_only=True)
    return Response(text, media_type="text/csv; charset=utf-8")


@router.get("/public/exports/{election_id}/err")
def public_err(uow: Uow, election_id: str) -> dict[str, Any]:
    """The published contests as a NIST SP 1500-100 v2 Election Results Report (JSON)."""
    return err_report(uow, election_id, generated=datetime.now(UTC), published_only=True)


@router.get(
    "/results/{election_id}/{contest}/sheet",
    response_class=HTMLResponse,
    responses=_HTML,
)
def official_sheet(_user: CurrentUser, uow: Uow, election_id: str, contest: str) -> HTMLResponse:
    """Officials: the sheet at any certification state, labelled unofficial until confirmed."""
    return HTMLResponse(_sheet_html(uow, election_id, contest, published_only=False))
