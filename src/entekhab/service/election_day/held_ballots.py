"""The executive board's decision on a held provisional ballot (docs/offline.md).

A provisional ballot is held apart when its voter had already taken part (or was not eligible
at that branch): the ballot row points to the incident that names the person and holds both
check-in records. The board sees the incident — never the ballot's content — and decides:

* **count**: the ballot joins the branch's counted records (its Merkle root, the CVR export);
* **reject**: the ballot is deleted.

Either way the link from the ballot to the incident (and so to the person) is cut, the decision
is written into the incident and logged as an event (without any ballot id), and on PostgreSQL
the secret tables are resealed so that no row position or transaction id points at the ballot
that was decided.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from entekhab.domain.error_codes.election_day import HELD_BALLOT_DECIDED, HELD_BALLOT_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes.election_day import HELD_BALLOT_COUNTED, HELD_BALLOT_REJECTED
from entekhab.domain.permissions import Action
from entekhab.service.audit.events import record_event
from entekhab.service.election_day.branches import incident_json
from entekhab.service.election_day.polling import hour_of
from entekhab.service.election_day.provisional import PROVISIONAL_INCIDENTS
from entekhab.service.election_day.sealing import seal_storage
from entekhab.service.security.authority import require_action
from entekhab.store.tables.election_day import BallotRecordRow, IncidentRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["Decision", "decide_held_ballot", "held_ballots"]

Decision = Literal["count", "reject"]


def held_ballots(uow_factory: UnitOfWorkFactory, election_id: str) -> list[dict[str, Any]]:
    """Every provisional incident of the election with the state of its ballot: ``held``
    (waiting for the board), ``counted``, ``rejected`` or ``none`` (no ballot was cast)."""
    with uow_factory() as uow:
        session = uow.session
        incidents = session.scalars(
            select(IncidentRow)
            .where(
                IncidentRow.election_id == election_id,
                IncidentRow.kind.in_(PROVISIONAL_INCIDENTS),
            )
            .order_by(IncidentRow.id)
        ).all()
        waiting = set(
            session.scalars(
                select(BallotRecordRow.held_incident_id).where(
                    BallotRecordRow.election_id == election_id,
                    BallotRecordRow.held.is_(True),
                )
            )
        )
        return [incident_json(row) | {"ballot": _ballot_state(row, waiting)} for row in incidents]


def _ballot_state(row: IncidentRow, waiting: set[int | None]) -> str:
    if row.id in waiting:
        return "held"
    decision = row.details.get("decision")
    if decision:
        return "counted" if decision["outcome"] == "count" else "rejected"
    return "none"


def _provisional_incident(
    session: Session, election_id: str, branch: str, incident_id: int
) -> IncidentRow:
    row = session.get(IncidentRow, incident_id)
    if (
        row is None
        or (row.election_id, row.branch) != (election_id, branch)
        or row.kind not in PROVISIONAL_INCIDENTS
    ):
        raise EntekhabError(HELD_BALLOT_UNKNOWN, {"incident_id": incident_id, "branch": branch})
    decided = row.details.get("decision")
    if decided:
        raise EntekhabError(
            HELD_BALLOT_DECIDED, {"incident_id": incident_id, "decision": decided["outcome"]}
        )
    return row


def decide_held_ballot(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    branch: str,
    incident_id: int,
    *,
    decision: Decision,
    reason: str,
    actor: str,
    role: str,
    now: datetime,
) -> dict[str, Any]:
    """Count or reject the ballot held under ``incident_id`` (see the module docstring).

    The permission table must let ``role`` decide held ballots (ROLE_NOT_ALLOWED, logged)."""
    what = f"{election_id}/{branch}/held-ballots/{incident_id}"
    require_action(uow_factory, Action.DECIDE_HELD_BALLOT, role=role, actor=actor, what=what)
    with uow_factory() as uow:
        session = uow.session
        incident = _provisional_incident(session, election_id, branch, incident_id)
        held = (BallotRecordRow.held_incident_id == incident_id) & BallotRecordRow.held.is_(True)
        if decision == "count":
            done = session.execute(
                update(BallotRecordRow).where(held).values(held=False, held_incident_id=None)
            )
        else:
            done = session.execute(delete(BallotRecordRow).where(held))
        if getattr(done, "rowcount", 0) != 1:  # no ballot, or a concurrent decision took it
            raise EntekhabError(HELD_BALLOT_UNKNOWN, {"incident_id": incident_id, "branch": branch})
        outcome = {"outcome": decision, "by": actor, "reason": reason, "hour": hour_of(now)}
        incident.details = {**incident.details, "decision": outcome}
        record_event(
            session,
            HELD_BALLOT_COUNTED if decision == "count" else HELD_BALLOT_REJECTED,
            actor=actor,
            payload={
                "election_id": election_id,
                "branch": branch,
                "incident_id": incident_id,
                "reason": reason,
            },
        )
        body = incident_json(incident) | {
            "ballot": "counted" if decision == "count" else "rejected"
        }
        uow.commit()
    seal_storage(uow_factory, election_id, branch)
    return body
