"""Routes: headquarters follows polling day — an area's figures (turnout by hour, branches by
state, reporting) and the resolution of an incident. The dashboard pages call the same services
(``api/routes/web/dashboard.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from entekhab.api.deps import CurrentUser, ElectionNow, IncidentId, Uow
from entekhab.api.schemas.following import (
    AreaDayOut,
    AreaFiguresOut,
    HourCountOut,
    IncidentResolutionIn,
    IncidentResolutionOut,
)
from entekhab.service.election_day.day_figures import AreaFigures, DayFigures
from entekhab.service.election_day.incidents import resolve_incident

__all__ = ["router"]

router = APIRouter(tags=["following polling day"])


def _figures(code: str | None, f: AreaFigures) -> AreaFiguresOut:
    return AreaFiguresOut(
        code=code,
        branches=f.branches,
        expected_voters=f.expected_voters,
        not_opened=f.not_opened,
        open=f.open,
        silent=f.silent,
        closed=f.closed,
        offline=f.offline,
        reported=f.reported,
        checked_in=f.checked_in,
        provisional=f.provisional,
        open_incidents=f.open_incidents,
    )


@router.get("/elections/{election_id}/areas/{jurisdiction}/day", response_model=AreaDayOut)
def area_day(
    request: Request, election_id: str, jurisdiction: str, _user: CurrentUser
) -> AreaDayOut:
    """An area's polling day: branches by state, reporting, turnout by hour, and the same for
    each of its divisions. Counted at most every ``ENTEKHAB_DAY_FIGURES_MAX_AGE`` seconds."""
    figures: DayFigures = request.app.state.day_figures
    snap = figures.snapshot(election_id, request.app.state.clock)
    snap.geography.division(jurisdiction)  # NOT_FOUND unless the election holds branches there
    area = snap.area(jurisdiction)
    return AreaDayOut(
        election_id=election_id,
        taken_at=snap.taken_at,
        area=_figures(jurisdiction, area),
        by_hour=[HourCountOut(hour=h, count=n) for h, n in sorted(area.by_hour.items())],
        children=[
            _figures(code, snap.area(code))
            for code in snap.geography.children.get(jurisdiction, ())
            if not snap.geography.lists_branches(jurisdiction)
        ],
    )


@router.post(
    "/elections/{election_id}/branches/{branch}/incidents/{incident_id}/resolution",
    status_code=201,
    response_model=IncidentResolutionOut,
)
def resolve(
    election_id: str,
    branch: str,
    incident_id: IncidentId,
    payload: IncidentResolutionIn,
    user: CurrentUser,
    uow: Uow,
    now: ElectionNow,
) -> IncidentResolutionOut:
    """Resolve an incident, saying how: who, role, why and when are kept and logged
    (INCIDENT_RESOLVED); a blank reason is INCIDENT_REASON_MISSING and writes nothing."""
    view = resolve_incident(
        uow, user, election_id, branch, incident_id, reason=payload.reason, now=now
    )
    assert view.resolution is not None
    return IncidentResolutionOut(
        incident_id=view.id,
        branch=branch,
        kind=view.kind,
        resolved_by=view.resolution.resolved_by,
        role=view.resolution.role,
        reason=view.resolution.reason,
        resolved_at=view.resolution.resolved_at,
    )
