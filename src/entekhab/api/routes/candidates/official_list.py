"""Routes: the ballot-code draw, publication of the official candidate list, and its public
forms (HTML, PDF, CSV, NIST SP 1500-100 JSON, the draw's inputs)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.candidates import Clock
from entekhab.api.schemas.candidates import DrawIn, PublishedOut, PublishIn
from entekhab.service.candidates import ballot_codes
from entekhab.service.candidates.official_list import (
    list_csv,
    nist_candidates,
    official_list,
    publish,
)
from entekhab.service.candidates.public_info import public_information
from entekhab.service.definitions.versions import versions_of
from entekhab.web.candidate_list import render_candidate_list, render_public_information
from entekhab.web.sheets import html_to_pdf

__all__ = ["router"]

router = APIRouter(tags=["official candidate list"])


@router.post("/candidates/{election_id}/contests/{contest}/ballot-codes")
def draw(
    election_id: str, contest: str, body: DrawIn, uow: Uow, user: CurrentUser, clock: Clock
) -> dict[str, Any]:
    """Draw the qualified candidates' ballot codes (the nonce is drawn at a public ceremony)."""
    with uow() as u:
        return ballot_codes.draw_codes(
            u,
            election_id=election_id,
            contest=contest,
            ceremony_nonce=body.ceremony_nonce,
            first_code=body.first_code,
            actor=user.actor,
            clock=clock,
        )


@router.post("/candidates/{election_id}/contests/{contest}/publish")
def publish_list(
    election_id: str, contest: str, body: PublishIn, uow: Uow, user: CurrentUser, clock: Clock
) -> PublishedOut:
    """Publish the official list and merge it into the definition (a new version and hash)."""
    with uow() as u:
        digest = publish(u, election_id=election_id, contest=contest, actor=user.actor, clock=clock)
    return PublishedOut(contest=contest, definition_hash=digest)


@router.get("/public/candidates/{election_id}/{contest}")
def public_json(election_id: str, contest: str, uow: Uow) -> dict[str, Any]:
    """The official list as NIST SP 1500-100 v2 JSON (candidates, parties, the contest)."""
    with uow() as u:
        return nist_candidates(u, official_list(u, election_id, contest), datetime.now(UTC))


@router.get(
    "/public/candidates/{election_id}/{contest}/sheet",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}},
)
def public_sheet(election_id: str, contest: str, uow: Uow) -> HTMLResponse:
    with uow() as u:
        found = official_list(u, election_id, contest)
    return HTMLResponse(render_candidate_list(found))


@router.get(
    "/public/candidates/{election_id}/{contest}/sheet.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def public_pdf(election_id: str, contest: str, uow: Uow) -> Response:
    with uow() as u:
        found = official_list(u, election_id, contest)
    return Response(html_to_pdf(render_candidate_list(found)), media_type="application/pdf")


@router.get(
    "/public/candidates/{election_id}/{contest}/csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def public_csv(election_id: str, contest: str, uow: Uow) -> Response:
    with uow() as u:
        found = official_list(u, election_id, contest)
    return Response(list_csv(found), media_type="text/csv; charset=utf-8")


@router.get("/public/candidates/{election_id}/{contest}/draw")
def public_draw(election_id: str, contest: str, uow: Uow) -> dict[str, Any]:
    """The ballot-code draw's seed, nonce, procedure and outcome, to repeat it."""
    with uow() as u:
        return ballot_codes.published_draw(u, election_id, contest)


@router.get("/public/elections/{election_id}/information")
def information(election_id: str, uow: Uow) -> dict[str, Any]:
    """The public information generated from the definition (calendar, how to enter, the
    resignation rule, the proportional system)."""
    with uow() as u:
        return public_information(u, election_id)


@router.get(
    "/public/elections/{election_id}/information.html",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}},
)
def information_page(election_id: str, uow: Uow) -> HTMLResponse:
    with uow() as u:
        document = public_information(u, election_id)
    return HTMLResponse(render_public_information(document))


@router.get("/definitions/{election_id}/versions")
def definition_versions(election_id: str, uow: Uow) -> list[dict[str, Any]]:
    """Every version of the definition: hash, previous hash, why, who, when."""
    with uow() as u:
        return versions_of(u, election_id)
