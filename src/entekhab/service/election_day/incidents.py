"""Election-day incidents as headquarters follows them: listed by area, kind and state, and
resolved by an official who says how (who, role, why and when are kept; the incident as reported
is never rewritten).

Resolving asks the permission table and the user's jurisdiction first (``authorize``: refused and
logged otherwise), then needs a reason (INCIDENT_REASON_MISSING, nothing written); a second
resolution is refused by the database's primary key (INCIDENT_ALREADY_RESOLVED).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVarTuple

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import Select

from entekhab.domain.access import Principal
from entekhab.domain.error_codes.election_day import (
    INCIDENT_ALREADY_RESOLVED,
    INCIDENT_REASON_MISSING,
    INCIDENT_UNKNOWN,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes.election_day import INCIDENT_RESOLVED
from entekhab.domain.permissions import Action
from entekhab.service.audit.events import record_event
from entekhab.service.security.authority import authorize
from entekhab.service.security.jurisdictions import branch_chain
from entekhab.store.tables.election_day import IncidentResolution, IncidentRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "IncidentFilter",
    "IncidentListing",
    "IncidentView",
    "Resolution",
    "incident_listing",
    "resolve_incident",
]

State = Literal["open", "resolved"]
Columns = TypeVarTuple("Columns")


@dataclass(frozen=True)
class Resolution:
    resolved_by: str
    role: str
    reason: str
    resolved_at: datetime


@dataclass(frozen=True)
class IncidentView:
    id: int
    branch: str | None
    kind: str
    hour: str
    description: str
    """What the station or service wrote, without the personal details (national codes) some
    incidents carry for the board."""
    resolution: Resolution | None


@dataclass(frozen=True)
class IncidentFilter:
    kind: str | None = None
    state: State | None = None
    branch: str | None = None


@dataclass(frozen=True)
class IncidentListing:
    shown: list[IncidentView]
    matching: int
    """How many match the filter (the newest ``limit`` are shown)."""
    kinds: dict[str, int]
    """Every kind among the area's incidents, with how many (for the filter's choices)."""


def _description(details: dict[str, Any]) -> str:
    for key in ("description", "reason", "refusal"):
        value = details.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _view(row: IncidentRow, resolution: IncidentResolution | None) -> IncidentView:
    return IncidentView(
        row.id,
        row.branch,
        row.kind,
        row.hour,
        _description(row.details or {}),
        None
        if resolution is None
        else Resolution(
            resolution.resolved_by, resolution.role, resolution.reason, resolution.resolved_at
        ),
    )


def _filtered(
    query: Select[*Columns],
    election_id: str,
    branches: Sequence[str] | None,
    chosen: IncidentFilter,
) -> Select[*Columns]:
    query = query.where(IncidentRow.election_id == election_id)
    if branches is not None:
        query = query.where(IncidentRow.branch.in_(branches))
    if chosen.branch:
        query = query.where(IncidentRow.branch == chosen.branch)
    if chosen.kind:
        query = query.where(IncidentRow.kind == chosen.kind)
    if chosen.state == "open":
        query = query.where(IncidentResolution.incident_id.is_(None))
    elif chosen.state == "resolved":
        query = query.where(IncidentResolution.incident_id.is_not(None))
    return query


def incident_listing(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    *,
    branches: Sequence[str] | None,
    chosen: IncidentFilter,
    limit: int = 100,
) -> IncidentListing:
    """The newest ``limit`` incidents among ``branches`` (None: all) that match ``chosen``,
    filtered and counted by the database."""
    joined = IncidentRow.id == IncidentResolution.incident_id
    with uow_factory() as uow:
        session = uow.session
        rows = session.execute(
            _filtered(
                select(IncidentRow, IncidentResolution).outerjoin(IncidentResolution, joined),
                election_id,
                branches,
                chosen,
            )
            .order_by(IncidentRow.id.desc())
            .limit(limit)
        ).all()
        matching = session.scalar(
            _filtered(
                select(func.count()).select_from(IncidentRow).outerjoin(IncidentResolution, joined),
                election_id,
                branches,
                chosen,
            )
        )
        kinds = session.execute(
            _filtered(
                select(IncidentRow.kind, func.count())
                .select_from(IncidentRow)
                .outerjoin(IncidentResolution, joined),
                election_id,
                branches,
                IncidentFilter(),
            ).group_by(IncidentRow.kind)
        ).all()
        shown = [_view(row, resolution) for row, resolution in rows]
    return IncidentListing(shown, int(matching or 0), {str(k): int(n) for k, n in sorted(kinds)})


def resolve_incident(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    election_id: str,
    branch: str,
    incident_id: int,
    *,
    reason: str,
    now: datetime,
) -> IncidentView:
    """Record that ``principal`` resolved the incident, and why (see the module docstring)."""
    what = f"{election_id}/{branch}/incidents/{incident_id}"
    with uow_factory() as uow:
        chains = branch_chain(uow.session, election_id, branch)
    authorize(uow_factory, principal, Action.RESOLVE_INCIDENT, chains, what=what)
    if not reason.strip():
        raise EntekhabError(INCIDENT_REASON_MISSING, {"incident_id": incident_id})
    with uow_factory() as uow:
        session = uow.session
        row = session.get(IncidentRow, incident_id)
        if row is None or (row.election_id, row.branch) != (election_id, branch):
            raise EntekhabError(INCIDENT_UNKNOWN, {"incident_id": incident_id, "branch": branch})
        resolution = IncidentResolution(
            incident_id=incident_id,
            election_id=election_id,
            resolved_by=principal.actor,
            role=principal.role.value,
            reason=reason.strip(),
            resolved_at=now,
        )
        session.add(resolution)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            raise _already_resolved(uow_factory, incident_id) from None
        record_event(
            session,
            INCIDENT_RESOLVED,
            actor=principal.actor,
            payload={
                "election_id": election_id,
                "branch": branch,
                "incident_id": incident_id,
                "kind": row.kind,
                "reason": reason.strip(),
            },
        )
        view = _view(row, resolution)
        uow.commit()
    return view


def _already_resolved(uow_factory: UnitOfWorkFactory, incident_id: int) -> EntekhabError:
    with uow_factory() as uow:
        by = uow.session.scalar(
            select(IncidentResolution.resolved_by).where(
                IncidentResolution.incident_id == incident_id
            )
        )
    return EntekhabError(
        INCIDENT_ALREADY_RESOLVED, {"incident_id": incident_id, "resolved_by": by or "?"}
    )
