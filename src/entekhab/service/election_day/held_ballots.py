"""The executive board's decision on a held provisional ballot (docs/offline.md).

A provisional ballot is held apart when its voter had already taken part (or was not eligible
at that branch): the ballot row points to the incident that names the person and holds both
check-in records. The board sees the incident — never the ballot's content — and decides:

* **count**: the ballot joins the branch's counted records (its Merkle root, the CVR export);
* **reject**: the ballot is deleted.

Either way the link from the ballot to the incident (and so to the person) is cut, and the
decision is written into the incident and logged as an event (without any ballot id). A counted
ballot is rewritten together with every counted ballot of its branch (one statement, one
transaction id for all). Held
ballots reach headquarters only at closing, with the branch's other records (one transaction,
ballot-id order), so the row a decision touches sits among the branch's ballots like any other
(docs/ballot-secrecy.md). The row version the
decision replaced (the ballot under its incident) is dead but still on disk; a plain ``VACUUM``
of the table (no exclusive lock: check-ins and closings go on) clears it once no open snapshot
can still see it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from entekhab.domain.error_codes.election_day import HELD_BALLOT_DECIDED, HELD_BALLOT_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes.election_day import HELD_BALLOT_COUNTED, HELD_BALLOT_REJECTED
from entekhab.domain.permissions import Action
from entekhab.service.audit.events import record_event
from entekhab.service.election_day.branches import incident_json
from entekhab.service.election_day.polling import hour_of
from entekhab.service.election_day.provisional import PROVISIONAL_INCIDENTS
from entekhab.service.security.authority import require_action
from entekhab.store.tables.election_day import BallotRecordRow, IncidentRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["Decision", "decide_held_ballot", "held_ballots"]

Decision = Literal["count", "reject"]


def held_ballots(
    uow_factory: UnitOfWorkFactory, election_id: str, branch: str | None = None
) -> list[dict[str, Any]]:
    """Every provisional incident of the election (or of one branch) with the state of its
    ballot: ``at_station`` (cast, arrives when the branch closes), ``held`` (at headquarters,
    waiting for the board), ``counted``, ``rejected`` or ``none`` (no ballot was cast)."""
    incidents_of = select(IncidentRow).where(
        IncidentRow.election_id == election_id, IncidentRow.kind.in_(PROVISIONAL_INCIDENTS)
    )
    held = select(BallotRecordRow.held_incident_id).where(
        BallotRecordRow.election_id == election_id, BallotRecordRow.held.is_(True)
    )
    if branch is not None:  # the branch's ballots only (an index), not the election's
        incidents_of = incidents_of.where(IncidentRow.branch == branch)
        held = held.where(BallotRecordRow.branch == branch)
    with uow_factory() as uow:
        session = uow.session
        incidents = session.scalars(incidents_of.order_by(IncidentRow.id)).all()
        waiting = set(session.scalars(held))
        return [incident_json(row) | {"ballot": _ballot_state(row, waiting)} for row in incidents]


def _ballot_state(row: IncidentRow, waiting: set[int | None]) -> str:
    if row.id in waiting:
        return "held"
    decision = row.details.get("decision")
    if decision:
        return "counted" if decision["outcome"] == "count" else "rejected"
    if row.details.get("second", {}).get("ballot") == "held":
        return "at_station"  # cast, still in the station: it arrives with the branch's closing
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
            found = session.execute(
                update(BallotRecordRow).where(held).values(held_incident_id=incident_id)
            )  # locks the held row; a concurrent decision waits, then finds it decided
            if getattr(found, "rowcount", 0) == 1:
                _count_among_the_branch(session, election_id, branch, incident_id)
        else:
            found = session.execute(delete(BallotRecordRow).where(held))
        if getattr(found, "rowcount", 0) != 1:  # no ballot, or a concurrent decision took it
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
    _vacuum_ballots(uow_factory)
    return body


def _count_among_the_branch(
    session: Session, election_id: str, branch: str, incident_id: int
) -> None:
    """Count the held ballot by rewriting it *with every counted ballot of the branch*, in one
    statement: on PostgreSQL each new row version carries the decision's transaction id, and
    the decision's event carries it too — so that id names the branch's ballots, not the one
    the board counted."""
    session.execute(
        update(BallotRecordRow)
        .where(
            BallotRecordRow.election_id == election_id,
            BallotRecordRow.branch == branch,
            BallotRecordRow.held.is_(False) | (BallotRecordRow.held_incident_id == incident_id),
        )
        .values(held=False, held_incident_id=None)
    )


def _vacuum_ballots(uow_factory: UnitOfWorkFactory) -> None:
    """PostgreSQL: drop the dead row versions of ``ballot_records`` (the decided ballot under its
    incident). Takes SHARE UPDATE EXCLUSIVE only, which blocks no reader or writer."""
    engine = uow_factory.engine
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ballot_records"))
