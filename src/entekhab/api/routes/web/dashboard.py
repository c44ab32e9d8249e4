"""Pages: the headquarters dashboard — polling day followed from the user's own area down to a
branch (province → county → district → branch), refreshed by htmx polling.

Each area's page shows reporting progress and turnout by hour (SVG charts drawn here, the same
figures in tables), its branches by state (open, closed, silent for over 30 minutes, offline
with provisional records) and links to its incidents and held provisional ballots. The figures
come from ``service.election_day.day_figures`` (a shared snapshot, as ``GET
/api/v1/elections/{id}/areas/{jurisdiction}/day`` serves them); incidents are resolved through
``service.election_day.incidents.resolve_incident``, the service behind the JSON route.

Who may open these pages is the permission matrix's answer (FOLLOW_ELECTION_DAY); an area or a
branch outside the user's jurisdiction is "not found", like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from entekhab.api.deps import CurrentUser, ElectionNow, IncidentId, Uow
from entekhab.api.routes.web.common import CsrfChecked, FormErrors, page_language, redirect, render
from entekhab.domain.access import Principal, within_jurisdiction
from entekhab.domain.branch_day import BranchDayState
from entekhab.domain.error_codes.general import NOT_FOUND
from entekhab.domain.error_codes.security import OUT_OF_JURISDICTION
from entekhab.domain.error_codes.web import FIELD_REQUIRED
from entekhab.domain.permissions import Action, permits
from entekhab.errors import EntekhabError
from entekhab.service.election_day.areas import Geography, followed_elections, start_area
from entekhab.service.election_day.day_figures import DayFigures, DaySnapshot
from entekhab.service.election_day.held_ballots import decide_held_ballot, held_ballots
from entekhab.service.election_day.incidents import (
    IncidentFilter,
    incident_listing,
    resolve_incident,
)
from entekhab.web.dashboard_charts import hours_chart, reporting_chart

__all__ = ["router"]

router = APIRouter(tags=["pages"], include_in_schema=False)

LIVE_SECONDS = 15
"""How often an open dashboard page asks for fresh figures (htmx polling)."""


def _figures(request: Request) -> DayFigures:
    figures: DayFigures = request.app.state.day_figures
    return figures


def _snapshot(request: Request, election_id: str) -> DaySnapshot:
    return _figures(request).snapshot(election_id, request.app.state.clock)


def _hidden(user: Principal) -> EntekhabError:
    return EntekhabError(OUT_OF_JURISDICTION, {"jurisdiction": user.jurisdiction})


def _area_inside(geo: Geography, user: Principal, code: str | None) -> str | None:
    """``code`` if the user may follow it (None: the whole election), else "not found"."""
    if code is None:
        if start_area(geo, user.jurisdiction) is not None:
            raise _hidden(user)
        return None
    geo.division(code)
    if not within_jurisdiction(user.jurisdiction, geo.definition.ancestors(code)):
        raise _hidden(user)
    return code


def _start_and_chosen(
    geo: Geography, user: Principal, area: str | None
) -> tuple[str | None, str | None]:
    """Where the user's view of the election starts, and the area asked for (that start when
    none is): "not found" when either lies outside the user's jurisdiction."""
    start = start_area(geo, user.jurisdiction)
    if start is False:
        raise _hidden(user)
    return start, _area_inside(geo, user, area or start)


def _branch_inside(geo: Geography, user: Principal, code: str) -> None:
    branch = geo.definition.branch_by_code.get(code)
    if branch is None:
        raise EntekhabError(NOT_FOUND, {"what": f"branch {code}"})
    if not within_jurisdiction(
        user.jurisdiction, [code, *geo.definition.ancestors(branch.division)]
    ):
        raise _hidden(user)


@dataclass(frozen=True)
class Crumb:
    code: str | None
    name: str
    link: bool


def _trail(geo: Geography, user: Principal, area: str | None, fa: bool) -> list[Crumb]:
    start = start_area(geo, user.jurisdiction)
    crumbs = [Crumb(None, geo.definition.name_fa if fa else geo.definition.name_en, start is None)]
    for division in geo.trail(area):
        inside = within_jurisdiction(user.jurisdiction, geo.definition.ancestors(division.code))
        crumbs.append(Crumb(division.code, division.name_fa if fa else division.name_en, inside))
    return crumbs


def _here(request: Request) -> str:
    """This page's address with its query (where a form on it returns to)."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def _is_live(request: Request) -> bool:
    return request.query_params.get("live") != "0"


def _self_url(request: Request) -> str:
    """This page's address without ``live`` (what htmx polls and the pause link builds on)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("live", "lang")]
    return request.url.path + (f"?{urlencode(kept)}" if kept else "")


PAGE_SIZE = 100
"""Branches listed per page (Tehran's central district alone holds over a thousand)."""
_ATTENTION = {
    BranchDayState.SILENT: 0,
    BranchDayState.NOT_OPENED: 1,
    BranchDayState.OPEN: 2,
    BranchDayState.CLOSED: 3,
}
_FILTERS = ("silent", "offline", "not_opened", "open", "closed")


@dataclass(frozen=True)
class BranchListing:
    matching: int
    state: str
    page: int
    pages: int


def _branch_rows(
    request: Request, snap: DaySnapshot, area: str | None
) -> tuple[list[dict[str, Any]], BranchListing]:
    """The area's branches that need attention first (silent, not opened, offline), one page
    at a time, optionally of one state only."""
    definition = snap.geography.definition
    state = request.query_params.get("state", "")
    state = state if state in _FILTERS else ""
    figures = [snap.branches[code] for code in snap.geography.branches.get(area, ())]
    if state == "offline":
        figures = [f for f in figures if f.provisional]
    elif state:
        figures = [f for f in figures if f.state.value == state]
    figures.sort(key=lambda f: (_ATTENTION[f.state], not f.provisional, f.code))
    pages = max(1, -(-len(figures) // PAGE_SIZE))
    asked = request.query_params.get("page", "1")
    page = min(pages, max(1, int(asked))) if asked.isdigit() else 1
    shown = figures[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = [
        {"code": f.code, "name": definition.branch_by_code[f.code].name_fa or f.code, "branch": f}
        for f in shown
    ]
    return rows, BranchListing(len(figures), state, page, pages)


def _area_context(
    request: Request, user: Principal, snap: DaySnapshot, area: str | None
) -> dict[str, Any]:
    geo = snap.geography
    fa = page_language(request).code == "fa"
    listing = BranchListing(0, "", 1, 1)
    if geo.lists_branches(area):
        rows, listing = _branch_rows(request, snap, area)
        children: list[dict[str, Any]] = []
    else:
        rows = []
        children = [
            {
                "code": code,
                "name": geo.definition.division_by_code[code].name_fa
                if fa
                else geo.definition.division_by_code[code].name_en,
                "figures": snap.area(code),
            }
            for code in geo.children.get(area, ())
        ]
    figures = snap.area(area)
    name = (
        (geo.definition.name_fa if fa else geo.definition.name_en)
        if area is None
        else (
            geo.definition.division_by_code[area].name_fa
            if fa
            else geo.definition.division_by_code[area].name_en
        )
    )
    return {
        "election_id": snap.election_id,
        "area": area,
        "name": name,
        "trail": _trail(geo, user, area, fa),
        "snap": snap,
        "figures": figures,
        "hours": sorted(figures.by_hour.items()),
        "hours_chart": hours_chart(figures.by_hour, fa=fa),
        "reporting_chart": reporting_chart(
            [(c["name"], c["figures"].reported, c["figures"].branches) for c in children], fa=fa
        ),
        "children": children,
        "branch_rows": rows,
        "listing": listing,
        "filters": _FILTERS,
        "states": BranchDayState,
        "live": _is_live(request),
        "live_seconds": LIVE_SECONDS,
        "self_url": _self_url(request),
        "pause_url": _self_url(request) + ("&" if "?" in _self_url(request) else "?") + "live=0",
        "path": request.url.path,
    }


def _area_page(request: Request, user: Principal, election_id: str, area: str | None) -> Response:
    snap = _snapshot(request, election_id)
    area = _area_inside(snap.geography, user, area)
    context = _area_context(request, user, snap, area)
    template = "dashboard/area.html.j2"
    if request.headers.get("HX-Request") == "true":
        template = "dashboard/area_live.html.j2"
    return render(request, template, context)


@router.get("/dashboard")
def dashboard_index(request: Request, uow: Uow, user: CurrentUser) -> Response:
    """The elections that reach into the user's jurisdiction."""
    elections = followed_elections(uow, user.jurisdiction)
    return render(request, "dashboard/index.html.j2", {"elections": elections})


@router.get("/dashboard/{election_id}")
def dashboard_election(request: Request, user: CurrentUser, election_id: str) -> Response:
    """The user's own area of the election: all of it for headquarters, else their division."""
    snap = _snapshot(request, election_id)
    start = start_area(snap.geography, user.jurisdiction)
    if start is False:
        raise _hidden(user)
    return _area_page(request, user, election_id, start)


@router.get("/dashboard/{election_id}/areas/{jurisdiction}")
def dashboard_area(
    request: Request, user: CurrentUser, election_id: str, jurisdiction: str
) -> Response:
    """One division: its divisions (or, from a district down, its branches) and figures."""
    return _area_page(request, user, election_id, jurisdiction)


@router.get("/dashboard/{election_id}/branches/{branch}")
def dashboard_branch(
    request: Request, uow: Uow, user: CurrentUser, election_id: str, branch: str
) -> Response:
    """One branch: its state, turnout by hour, incidents and held ballots."""
    snap = _snapshot(request, election_id)
    geo = snap.geography
    _branch_inside(geo, user, branch)
    return _branch_page(request, uow, user, snap, branch)


def _branch_page(
    request: Request,
    uow: Uow,
    user: Principal,
    snap: DaySnapshot,
    branch: str,
    *,
    errors: FormErrors | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
    back: str | None = None,
) -> Response:
    geo = snap.geography
    fa = page_language(request).code == "fa"
    found = geo.definition.branch_by_code[branch]
    listing = incident_listing(
        uow, snap.election_id, branches=[branch], chosen=IncidentFilter(), limit=200
    )
    held = held_ballots(uow, snap.election_id, branch)
    by_hour = dict(snap.branch_hours.get(branch, {}))
    return render(
        request,
        "dashboard/branch.html.j2",
        {
            "election_id": snap.election_id,
            "code": branch,
            "b": found,
            "f": snap.branches[branch],
            "snap": snap,
            "trail": _trail(geo, user, found.division, fa),
            "hours": sorted(by_hour.items()),
            "hours_chart": hours_chart(by_hour, fa=fa),
            "incidents": listing,
            "held": held,
            "may_resolve_ids": {i.id for i in listing.shown if i.resolution is None}
            if permits(
                user,
                Action.RESOLVE_INCIDENT,
                [[branch, *geo.definition.ancestors(found.division)]],
            )
            else set(),
            "errors": errors or FormErrors(),
            "typed": typed or {},
            "back": back or _here(request),
            "states": BranchDayState,
        },
        status=status,
    )


@router.get("/dashboard/{election_id}/incidents")
def dashboard_incidents(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    election_id: str,
    area: str | None = None,
    kind: str | None = None,
    state: str | None = None,
) -> Response:
    """Incidents of an area inside the user's jurisdiction, filtered by kind and state."""
    return _incidents_page(request, uow, user, election_id, area, kind, state)


def _incidents_page(
    request: Request,
    uow: Uow,
    user: Principal,
    election_id: str,
    area: str | None,
    kind: str | None,
    state: str | None,
    *,
    errors: FormErrors | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
    back: str | None = None,
) -> Response:
    snap = _snapshot(request, election_id)
    geo = snap.geography
    start, chosen_area = _start_and_chosen(geo, user, area)
    chosen = IncidentFilter(
        kind=kind or None,
        state=state if state in ("open", "resolved") else None,  # type: ignore[arg-type]
    )
    listing = incident_listing(
        uow,
        election_id,
        branches=None if chosen_area is None else geo.branches[chosen_area],
        chosen=chosen,
    )
    definition = geo.definition
    may_resolve = {
        i.id
        for i in listing.shown
        if i.branch in definition.branch_by_code
        and i.resolution is None
        and permits(
            user,
            Action.RESOLVE_INCIDENT,
            [[i.branch, *definition.ancestors(definition.branch_by_code[i.branch].division)]],
        )
    }
    fa = page_language(request).code == "fa"
    areas = [(None, definition.name_fa if fa else definition.name_en)] if start is None else []
    for code, _branches in geo.branches.items():
        if code is not None and within_jurisdiction(user.jurisdiction, definition.ancestors(code)):
            division = definition.division_by_code[code]
            if not geo.lists_branches(division.parent):
                areas.append((code, division.name_fa if fa else division.name_en))
    return render(
        request,
        "dashboard/incidents.html.j2",
        {
            "election_id": election_id,
            "listing": listing,
            "chosen": chosen,
            "area": chosen_area,
            "areas": areas,
            "may_resolve": may_resolve,
            "errors": errors or FormErrors(),
            "typed": typed or {},
            "back": back or _here(request),
            "branch_names": {b.code: b.name_fa for b in definition.branches},
        },
        status=status,
    )


@router.get("/dashboard/{election_id}/held-ballots")
def dashboard_held(
    request: Request, uow: Uow, user: CurrentUser, election_id: str, area: str | None = None
) -> Response:
    """Held provisional ballots inside the user's jurisdiction, with the board's decision (and,
    for the executive board, the form to decide)."""
    return _held_page(request, uow, user, election_id, area)


def _held_page(
    request: Request,
    uow: Uow,
    user: Principal,
    election_id: str,
    area: str | None,
    *,
    errors: FormErrors | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    snap = _snapshot(request, election_id)
    geo = snap.geography
    _start, chosen_area = _start_and_chosen(geo, user, area)
    inside = set(geo.branches.get(chosen_area, ()))
    shown = [h for h in held_ballots(uow, election_id) if h["branch"] in inside]
    definition = geo.definition
    decide = {
        h["id"]
        for h in shown
        if h["ballot"] == "held"
        and permits(
            user,
            Action.DECIDE_HELD_BALLOT,
            [[h["branch"], *definition.ancestors(definition.branch_by_code[h["branch"]].division)]],
        )
    }
    return render(
        request,
        "dashboard/held.html.j2",
        {
            "election_id": election_id,
            "held": shown,
            "area": chosen_area,
            "decide": decide,
            "errors": errors or FormErrors(),
            "typed": typed or {},
            "branch_names": {b.code: b.name_fa for b in definition.branches},
        },
        status=status,
    )


@router.post(
    "/dashboard/{election_id}/branches/{branch}/held-ballots/{incident_id}/decision",
    dependencies=[CsrfChecked],
)
def post_decision(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    now: ElectionNow,
    election_id: str,
    branch: str,
    incident_id: int,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    area: Annotated[str, Form()] = "",
) -> Response:
    """The executive board counts or rejects a held ballot, with a reason (the service behind
    the JSON decision route); a missing choice or reason is shown beside its field and nothing
    is written."""
    errors = FormErrors()
    if decision not in ("count", "reject"):
        errors.add(f"decision-{incident_id}", EntekhabError(FIELD_REQUIRED, {"field": "decision"}))
    if not reason.strip():
        errors.add(f"held-reason-{incident_id}", EntekhabError(FIELD_REQUIRED, {"field": "reason"}))
    if not errors:
        try:
            decide_held_ballot(
                uow,
                election_id,
                branch,
                incident_id,
                decision="count" if decision == "count" else "reject",
                reason=reason.strip(),
                actor=user.actor,
                role=user.role.value,
                now=now,
            )
        except EntekhabError as error:
            if error.status in (401, 403):
                raise
            errors.add("", error)
    if errors:
        typed = {f"held-reason-{incident_id}": reason, f"decision-{incident_id}": decision}
        status = next(iter(errors.by_field.values())).status
        return _held_page(
            request, uow, user, election_id, area or None, errors=errors, typed=typed, status=status
        )
    suffix = f"?area={area}" if area else ""
    return redirect(request, f"/dashboard/{election_id}/held-ballots{suffix}")


@router.post(
    "/dashboard/{election_id}/branches/{branch}/incidents/{incident_id}/resolve",
    dependencies=[CsrfChecked],
)
def post_resolve(
    request: Request,
    uow: Uow,
    user: CurrentUser,
    now: ElectionNow,
    election_id: str,
    branch: str,
    incident_id: IncidentId,
    reason: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    """Resolve an incident, saying how (who and why are recorded and logged). A blank reason is
    shown beside the field, what was typed kept, and nothing is written."""
    try:
        resolve_incident(uow, user, election_id, branch, incident_id, reason=reason, now=now)
    except EntekhabError as error:
        if error.status in (401, 403, 404) and error.code != "INCIDENT_UNKNOWN":
            raise
        errors = FormErrors()
        beside = error.code == "INCIDENT_REASON_MISSING"  # else the incident may not be shown
        errors.add(f"reason-{incident_id}" if beside else "", error)
        typed = {f"reason-{incident_id}": reason}
        return _back_with_errors(request, uow, user, election_id, branch, back, errors, typed)
    return redirect(request, _safe_back(back, election_id, branch))


def _safe_back(back: str, election_id: str, branch: str) -> str:
    prefix = f"/dashboard/{election_id}/"
    if back.startswith(prefix) and "//" not in back and "\\" not in back:
        return back
    return f"/dashboard/{election_id}/branches/{branch}"


def _back_with_errors(
    request: Request,
    uow: Uow,
    user: Principal,
    election_id: str,
    branch: str,
    back: str,
    errors: FormErrors,
    typed: dict[str, str],
) -> Response:
    """The page the form was sent from, again, with the error beside the field (status 422)."""
    status = next(iter(errors.by_field.values())).status
    target = _safe_back(back, election_id, branch)
    if target.startswith(f"/dashboard/{election_id}/incidents"):
        query = dict(parse_qsl(target.partition("?")[2]))
        return _incidents_page(
            request,
            uow,
            user,
            election_id,
            query.get("area") or None,
            query.get("kind") or None,
            query.get("state") or None,
            errors=errors,
            typed=typed,
            status=status,
            back=target,
        )
    snap = _snapshot(request, election_id)
    return _branch_page(
        request, uow, user, snap, branch, errors=errors, typed=typed, status=status, back=target
    )
