"""Pages: the public results portal (no sign-in, published results only, each labelled).

``/`` lists the elections and their published contests; a contest's page shows seats per list
(chart and table), the elected members and alternates, the working of the allocation, turnout
and the results in each division, with the downloads the JSON routes already serve (NIST ERR
JSON, CSV, PDF sheet). ``/verify/{election_id}`` lists every counted bulletin's digest and says
how to check a branch's wall sheet against it. The same services as ``/api/v1/public/...``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from entekhab.api.deps import Uow
from entekhab.api.routes.web.common import page_language, render
from entekhab.domain.error_codes.general import NOT_FOUND
from entekhab.errors import EntekhabError
from entekhab.service.candidates.official_list import official_list, published_contests
from entekhab.service.counting.portal import (
    PortalElection,
    counted_bulletins,
    division_results,
    portal_elections,
)
from entekhab.service.counting.result_sheets import contest_sheet
from entekhab.web.candidate_list import EDUCATION_FA
from entekhab.web.pages import number
from entekhab.web.sheets import working_of
from entekhab.web.svg_charts import bar_chart_svg

__all__ = ["router"]

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/")
def home(request: Request, uow: Uow) -> Response:
    """The start page: every election and its published contests."""
    return render(request, "public/home.html.j2", {"elections": portal_elections(uow)})


def _election(uow: Uow, election_id: str) -> PortalElection:
    found = [e for e in portal_elections(uow) if e.election_id == election_id]
    if not found:
        raise EntekhabError(NOT_FOUND, {"what": f"election {election_id}"})
    return found[0]


@router.get("/results/{election_id}")
def election_page(request: Request, uow: Uow, election_id: str) -> Response:
    """One election: its published contests and the election-wide download."""
    return render(request, "public/election.html.j2", {"election": _election(uow, election_id)})


@router.get("/results/{election_id}/{contest}")
def contest_page(request: Request, uow: Uow, election_id: str, contest: str) -> Response:
    """One published contest: seats, elected, alternates, working, turnout, divisions."""
    sheet = contest_sheet(
        uow, election_id, contest, generated_at=datetime.now(UTC), published_only=True
    )
    persian = page_language(request).code == "fa"
    lists_chart = ""
    if sheet.lists and sheet.allocation:
        bars = [
            (line.name_fa if persian else line.name_en, line.seats or 0) for line in sheet.lists
        ]
        lists_chart = bar_chart_svg(
            [b for b in bars if b[1]] or bars,
            title="کرسی‌های هر فهرست" if persian else "Seats per list",
            show=number,
            rtl=persian,
        )
    elected = [c for c in sheet.candidates if c.outcome == "elected"]
    alternates = [c for c in sheet.candidates if c.outcome == "alternate"]
    divisions = division_results(uow, election_id, contest)
    return render(
        request,
        "public/contest.html.j2",
        {
            "s": sheet,
            "lists_chart": lists_chart,
            "elected": sorted(elected, key=lambda c: c.rank or 0),
            "alternates": sorted(alternates, key=lambda c: c.rank or 0),
            "working": working_of(sheet.allocation),
            "divisions": divisions,
            "top": sheet.candidates[:40],
        },
    )


@router.get("/verify")
def verify_index(request: Request, uow: Uow) -> Response:
    """Which election's bulletins to check."""
    return render(request, "public/verify_index.html.j2", {"elections": portal_elections(uow)})


@router.get("/verify/{election_id}")
def verify_page(request: Request, uow: Uow, election_id: str) -> Response:
    """Every counted bulletin's digest, and how to check a wall sheet against it."""
    election = _election(uow, election_id)
    return render(
        request,
        "public/verify.html.j2",
        {"election": election, "bulletins": counted_bulletins(uow, election_id)},
    )


@router.get("/candidates/{election_id}")
def candidate_lists(request: Request, uow: Uow, election_id: str) -> Response:
    """The election's published candidate lists (final: merged into the definition)."""
    election = _election(uow, election_id)
    with uow() as u:
        published = published_contests(u, election_id)
    return render(
        request, "public/candidates.html.j2", {"election": election, "published": published}
    )


@router.get("/candidates/{election_id}/{contest}")
def candidate_list(request: Request, uow: Uow, election_id: str, contest: str) -> Response:
    """One contest's official candidate list: ballot codes, names, lists, education,
    occupation; the same data as the PDF sheet, CSV and NIST JSON it links to
    (CANDIDATE_LIST_NOT_FINAL before publication)."""
    with uow() as u:
        found = official_list(u, election_id, contest)
    return render(request, "public/candidate_list.html.j2", {"s": found, "education": EDUCATION_FA})
