"""The headquarters server application (``entekhab serve``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from entekhab.api.authorize import authorize
from entekhab.api.checkin_fast import FastCheckInLayer, served_by_stations
from entekhab.api.hardening import install_hardening
from entekhab.api.limits import install_request_limits
from entekhab.api.pages import install_pages, page_error, shown_as_page
from entekhab.api.routes.audit import audit
from entekhab.api.routes.candidates import official_list as candidate_list
from entekhab.api.routes.candidates import parties, registrations, representatives, vetting
from entekhab.api.routes.counting import (
    bulletins,
    certification,
    reporting,
    result_sheets,
    results,
)
from entekhab.api.routes.definitions import definitions
from entekhab.api.routes.election_day import (
    branches,
    checkin,
    following,
    held_ballots,
    polling_hours,
    stations,
)
from entekhab.api.routes.operations import commitments as ops_commitments
from entekhab.api.routes.operations import complaints as ops_complaints
from entekhab.api.routes.operations import contingency as ops_contingency
from entekhab.api.routes.operations import directives as ops_directives
from entekhab.api.routes.operations import lessons as ops_lessons
from entekhab.api.routes.operations import meetings as ops_meetings
from entekhab.api.routes.operations import organisation as ops_organisation
from entekhab.api.routes.operations import statements as ops_statements
from entekhab.api.routes.planning import boxes as plan_boxes
from entekhab.api.routes.planning import capacity as plan_capacity
from entekhab.api.routes.planning import county as plan_county
from entekhab.api.routes.planning import equipment as plan_equipment
from entekhab.api.routes.planning import network as plan_network
from entekhab.api.routes.planning import sites as plan_sites
from entekhab.api.routes.planning import staffing as plan_staffing
from entekhab.api.routes.security import auth, confidential, users
from entekhab.api.routes.web import account, board, dashboard, portal, practice
from entekhab.api.schemas.errors import ERROR_RESPONSES
from entekhab.api.sealing import seal_event_log
from entekhab.api.station_auth import log_station_refusal, record_unrecorded_nonce
from entekhab.errors import EntekhabError
from entekhab.service.bootstrap import UnitOfWorkFactory, is_sqlite, make_engine
from entekhab.service.election_day.check_in_fast import FastCheckIn
from entekhab.service.election_day.clock import Clock, clock_starting_at
from entekhab.service.election_day.day_figures import DayFigures
from entekhab.service.security.server_key import configured_key_file, sign_checkpoints_with
from entekhab.settings import Settings, get_settings

__all__ = ["PAGE_MODULES", "ROUTE_MODULES", "create_app"]

ROUTE_MODULES = (
    checkin,  # first: routes are matched in order, and check-ins are most of polling day's traffic
    auth,
    users,
    definitions,
    stations,
    branches,
    held_ballots,
    bulletins,
    results,
    result_sheets,
    certification,
    confidential,
    audit,
    # operations (issue 15)
    ops_organisation,
    ops_directives,
    ops_meetings,
    ops_lessons,
    ops_contingency,
    ops_complaints,
    ops_commitments,
    ops_statements,
    # branch planning (issue 13)
    plan_sites,
    plan_capacity,
    plan_network,
    plan_equipment,
    plan_staffing,
    plan_boxes,
    plan_county,
    # candidates (issue 14)
    registrations,
    vetting,
    parties,
    candidate_list,
    representatives,
    # the election calendar and complete reporting (c-rules)
    polling_hours,
    reporting,
    # the headquarters dashboard (issue 12)
    following,
)

PAGE_MODULES = (account, portal, board, dashboard, practice)
"""The web pages (``api/routes/web/``), mounted at the root: Persian first, same services."""


def _server_engine(settings: Settings) -> Engine:
    if is_sqlite(settings.database_url):
        return make_engine(settings.database_url)
    # No ping on every checkout (a round trip per request); a connection PostgreSQL dropped
    # fails one request (coded 500, which the station retries) and the pool is renewed.
    return make_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=10,
        pool_pre_ping=False,
        pool_recycle=1800,
    )


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with seal_event_log(app):  # PostgreSQL: requests leave their events to a sealer
        yield
    fast: FastCheckIn | None = app.state.fast_check_in
    if fast is not None:  # its connections belong to this event loop: closed on it
        await fast.close()


def create_app(
    settings: Settings | None = None,
    uow_factory: UnitOfWorkFactory | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """The server on ``settings.database_url`` (or on ``uow_factory``'s engine, in tests);
    ``clock`` (or ``settings.clock_start``) sets the election clock (service/.../clock.py)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Entekhab headquarters server",
        description="Election administration API (انتخاب).",
        version="0.1.0",
        # Every route passes the permission matrix's gate first (api/permissions.py).
        dependencies=[Depends(authorize)],
        docs_url=None,  # served by install_pages from the bundled assets
        redoc_url=None,
        lifespan=_lifespan,  # PostgreSQL: the event log's sealer, the fast check-in's pool
    )
    app.state.settings = settings
    app.state.uow_factory = uow_factory or UnitOfWorkFactory(_server_engine(settings))
    app.state.clock = clock or clock_starting_at(settings.clock_start)
    app.state.day_figures = DayFigures(app.state.uow_factory, max_age=settings.day_figures_max_age)
    factory = app.state.uow_factory
    # Check-ins on PostgreSQL: one statement on the event loop (api/checkin_fast.py); innermost
    # of the layers, so every layer added below wraps it too.
    app.state.fast_check_in = None
    if factory.engine.dialect.name == "postgresql" and served_by_stations():
        app.state.fast_check_in = FastCheckIn(factory, settings.db_async_pool_size)
    app.add_middleware(FastCheckInLayer)

    install_request_limits(
        app,
        settings.max_request_bytes,
        larger={
            "/api/v1/definitions": settings.max_definition_bytes,
            "/api/v1/branches/{branch}/close": settings.max_closing_bytes,
        },
        on_refusal=record_unrecorded_nonce,
    )
    sign_checkpoints_with(
        configured_key_file(settings.server_key_file, settings.var_dir),
        settings.log_checkpoint_every,
    )

    @app.exception_handler(EntekhabError)
    async def _coded_error(request: Request, error: EntekhabError) -> Response:
        if error.status == 403:  # a signed station's forbidden request is logged
            await run_in_threadpool(log_station_refusal, request, error)
        await record_unrecorded_nonce(request)
        if shown_as_page(request):
            return page_error(request, error)
        retry = error.details.get("retry_after") if error.status == 429 else None
        headers = {"Retry-After": str(retry)} if retry is not None else None
        return JSONResponse(
            status_code=error.status, content={"error": error.to_dict()}, headers=headers
        )

    @app.get("/health", tags=["meta"], responses=ERROR_RESPONSES)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    for module in ROUTE_MODULES:
        app.include_router(module.router, prefix="/api/v1", responses=ERROR_RESPONSES)
    for page_module in PAGE_MODULES:
        app.include_router(page_module.router)
    install_pages(app)
    install_hardening(app, settings)  # last: its layers wrap everything above
    return app
