"""Routes: headquarters, appointments by decree and the printable organisation chart."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.operations._common import many, one
from entekhab.api.schemas.operations import (
    AppointmentIn,
    AppointmentOut,
    HeadquartersIn,
    HeadquartersOut,
    OrganisationOut,
)
from entekhab.service.operations import organisation
from entekhab.web.org_chart import render_org_chart
from entekhab.web.sheets import html_to_pdf

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.post("/operations/headquarters", response_model=HeadquartersOut, status_code=201)
def set_up(uow: Uow, user: CurrentUser, body: HeadquartersIn) -> HeadquartersOut:
    """Set up the headquarters of a province or county, with its five committees."""
    with uow() as u:
        made = organisation.set_up_headquarters(
            u, jurisdiction=body.jurisdiction, name_fa=body.name_fa, actor=user.actor
        )
    return one(HeadquartersOut, made)


@router.post(
    "/operations/{jurisdiction}/appointments", response_model=AppointmentOut, status_code=201
)
def appoint(uow: Uow, user: CurrentUser, jurisdiction: str, body: AppointmentIn) -> AppointmentOut:
    """Appoint someone to a post by decree (a head's or secretary's predecessor steps down)."""
    with uow() as u:
        made = organisation.appoint(u, hq=jurisdiction, actor=user.actor, **body.model_dump())
    return one(AppointmentOut, made)


@router.get("/operations/{jurisdiction}/appointments", response_model=list[AppointmentOut])
def history(uow: Uow, jurisdiction: str) -> list[AppointmentOut]:
    """Every appointment of the headquarters, past and current."""
    with uow() as u:
        return many(AppointmentOut, organisation.appointment_history(u, jurisdiction))


def _organisation(uow: Uow, jurisdiction: str, on: date | None) -> organisation.Organisation:
    with uow() as u:
        return organisation.organisation_on(u, jurisdiction, on or datetime.now(UTC).date())


@router.get("/operations/{jurisdiction}/organisation", response_model=OrganisationOut)
def get_organisation(uow: Uow, jurisdiction: str, on: date | None = None) -> OrganisationOut:
    """The headquarters as it stood on ``on`` (today by default)."""
    return one(OrganisationOut, _organisation(uow, jurisdiction, on))


@router.get(
    "/operations/{jurisdiction}/organisation/chart",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}, "description": "The chart, as HTML."}},
)
def chart(uow: Uow, jurisdiction: str, on: date | None = None) -> HTMLResponse:
    """The printable organisation chart (Persian, HTML)."""
    return HTMLResponse(render_org_chart(_organisation(uow, jurisdiction, on)))


@router.get(
    "/operations/{jurisdiction}/organisation/chart.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The chart, as PDF."}},
)
def chart_pdf(uow: Uow, jurisdiction: str, on: date | None = None) -> Response:
    """The organisation chart as PDF."""
    html = render_org_chart(_organisation(uow, jurisdiction, on))
    return Response(html_to_pdf(html), media_type="application/pdf")
