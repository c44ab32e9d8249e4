"""Branch sessions: opening, turnout by hour and incidents (closing: ``closing.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes.election_day import (
    BRANCH_CLOSED,
    DEFINITION_HASH_MISMATCH,
)
from entekhab.domain.errors import EntekhabError
from entekhab.service.election_day.idempotency import (
    IdempotencySlot,
)
from entekhab.service.election_day.polling import branch_context, hour_of, record_incident
from entekhab.service.election_day.polling_hours import log_phase_refusal, require_polling_open
from entekhab.service.election_day.stations import StationInfo
from entekhab.store.tables.election_day import BranchSession, IncidentRow, Participation
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "list_incidents",
    "open_branch",
    "report_incident",
    "session_json",
    "turnout",
]


def session_json(
    row: BranchSession, ctx_style: str, contests: tuple[str, ...], policy: str
) -> dict[str, Any]:
    return {
        "election_id": row.election_id,
        "branch": row.branch,
        "ballot_style": ctx_style,
        "contests": list(contests),
        "offline_policy": policy,
        "definition_hash": row.definition_hash,
        "opened_at": row.opened_at.isoformat(),
        "closed_at": row.closed_at.isoformat() if row.closed_at else None,
        "status": "closed" if row.closed_at else "open",
    }


def _require_polling_open(
    uow_factory: UnitOfWorkFactory,
    session: Session,
    station: StationInfo,
    definition: ElectionDefinition,
    now: datetime,
) -> None:
    """A branch opens only while polling is open; an open branch asked again is answered."""
    try:
        require_polling_open(session, definition, station.election_id, now)
    except EntekhabError as outside:
        session.rollback()
        log_phase_refusal(
            uow_factory,
            outside,
            actor=f"station:{station.key_id}",
            operation="open_branch",
            election_id=station.election_id,
            branch=station.branch,
        )
        raise


def open_branch(
    uow_factory: UnitOfWorkFactory,
    station: StationInfo,
    *,
    opened_by: str,
    definition_hash: str,
    now: datetime,
) -> dict[str, Any]:
    """Open the station's branch (again: the same session) after checking the definition hash."""
    with uow_factory() as uow:
        session = uow.session
        ctx = branch_context(session, station.election_id, station.branch)
        if definition_hash != ctx.definition_hash:
            raise EntekhabError(
                DEFINITION_HASH_MISMATCH,
                {"server": ctx.definition_hash, "station": definition_hash},
            )
        row = session.get(BranchSession, (station.election_id, station.branch))
        if row is not None and row.closed_at is not None:
            raise EntekhabError(BRANCH_CLOSED, {"branch": station.branch})
        if row is None:
            _require_polling_open(uow_factory, session, station, ctx.definition, now)
            row = BranchSession(
                election_id=station.election_id,
                branch=station.branch,
                definition_hash=ctx.definition_hash,
                opened_by=opened_by,
                opened_at=now,
            )
            session.add(row)
            try:
                session.flush()
            except IntegrityError:  # a concurrent open (a station's retry) made it first
                session.rollback()
                return open_branch(
                    uow_factory,
                    station,
                    opened_by=opened_by,
                    definition_hash=definition_hash,
                    now=now,
                )
        body = session_json(
            row, ctx.branch.ballot_style, ctx.contests, ctx.definition.offline_policy.value
        )
        uow.commit()
    return body


def turnout(
    uow_factory: UnitOfWorkFactory, election_id: str, branch: str | None = None
) -> dict[str, Any]:
    """Participations per hour (of the whole election, or of one branch)."""
    query = select(Participation.hour, func.count()).where(Participation.election_id == election_id)
    if branch is not None:
        query = query.where(Participation.branch == branch)
    with uow_factory() as uow:
        rows = uow.session.execute(query.group_by(Participation.hour).order_by(Participation.hour))
        counts = [(str(h), int(n)) for h, n in rows]
    by_hour = [{"hour": h, "count": n} for h, n in counts]
    total = sum(n for _, n in counts)
    return {"election_id": election_id, "branch": branch, "total": total, "by_hour": by_hour}


def incident_json(row: IncidentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "election_id": row.election_id,
        "branch": row.branch,
        "kind": row.kind,
        "hour": row.hour,
        "details": row.details,
    }


def report_incident(
    uow_factory: UnitOfWorkFactory,
    station: StationInfo,
    *,
    kind: str,
    description: str,
    now: datetime,
    idem: IdempotencySlot | None = None,
) -> dict[str, Any]:
    """A station reports something for the record (device failure, power cut ...)."""
    with uow_factory() as uow:
        incident_id = record_incident(
            uow.session,
            election_id=station.election_id,
            branch=station.branch,
            kind=kind,
            hour=hour_of(now),
            details={"description": description, "station": station.key_id},
        )
        row = uow.session.get(IncidentRow, incident_id)
        assert row is not None
        body = incident_json(row)
        if idem is not None:
            idem.store(uow.session, 201, body)
        uow.commit()
    return body


def list_incidents(uow_factory: UnitOfWorkFactory, election_id: str) -> list[dict[str, Any]]:
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(IncidentRow)
            .where(IncidentRow.election_id == election_id)
            .order_by(IncidentRow.id)
        )
        return [incident_json(r) for r in rows]
