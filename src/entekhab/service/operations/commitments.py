"""Agency commitments under memoranda: record them, follow their status, escalate the overdue.

Escalation goes up the chain of the holding headquarters' jurisdiction (a county's to its
province, then to the country), one level a day late at most; each escalation is an event naming
where it went, which is what the higher headquarters' overdue view reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from entekhab.domain.access import COUNTRY
from entekhab.domain.error_codes.operations import OPS_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import operations as events
from entekhab.domain.operations.commitments import (
    Agency,
    CommitmentStatus,
    check_commitment_change,
    escalation_due,
)
from entekhab.domain.operations.vocabulary import one_of, required_text
from entekhab.service.audit.events import record_event
from entekhab.service.operations.organisation import headquarters
from entekhab.service.operations.places import chain_of, lies_under, require_inside
from entekhab.store.tables.operations import CommitmentRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "Commitment",
    "escalate_overdue",
    "list_commitments",
    "record_commitment",
    "update_commitment",
]


@dataclass(frozen=True)
class Commitment:
    id: int
    hq: str
    agency: str
    memorandum: str
    text: str
    owner: str
    due_on: date
    status: str
    overdue: bool
    escalated_to: str | None


def _above(uow: UnitOfWork, hq: str) -> list[str]:
    """The jurisdictions above ``hq`` an escalation climbs through, nearest first."""
    if hq == COUNTRY:
        return []
    return [*chain_of(uow.session, hq)[1:], COUNTRY]


def _view(uow: UnitOfWork, row: CommitmentRow, today: date) -> Commitment:
    above = _above(uow, row.hq)
    late = row.status != CommitmentStatus.MET and today > row.due_on
    return Commitment(
        row.id,
        row.hq,
        row.agency,
        row.memorandum,
        row.text,
        row.owner,
        row.due_on,
        row.status,
        late,
        above[row.escalation - 1] if row.escalation else None,
    )


def record_commitment(
    uow: UnitOfWork,
    *,
    hq: str,
    agency: str,
    memorandum: str,
    text: str,
    owner: str,
    due_on: date,
    actor: str,
    now: datetime | None = None,
) -> Commitment:
    headquarters(uow, hq)
    one_of("agency", agency, Agency)
    moment = now or datetime.now(UTC)
    row = CommitmentRow(
        hq=hq,
        agency=agency,
        memorandum=required_text("memorandum", memorandum, 64),
        text=required_text("text", text, 5_000),
        owner=required_text("owner", owner, 200),
        due_on=due_on,
        status=CommitmentStatus.PENDING.value,
        escalation=0,
        updated_by=actor,
        updated_at=moment,
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.COMMITMENT_RECORDED,
        actor=actor,
        payload={
            "commitment": row.id,
            "hq": hq,
            "agency": agency,
            "memorandum": row.memorandum,
            "owner": row.owner,
            "due_on": due_on.isoformat(),
        },
    )
    uow.commit()
    return _view(uow, row, moment.date())


def update_commitment(
    uow: UnitOfWork,
    commitment_id: int,
    *,
    jurisdiction: str,
    status: str,
    actor: str,
    now: datetime | None = None,
) -> Commitment:
    row = uow.session.get(CommitmentRow, commitment_id)
    if row is None:
        raise EntekhabError(OPS_UNKNOWN, {"what": f"commitment {commitment_id}"})
    require_inside(uow.session, jurisdiction, row.hq, f"commitment {commitment_id}")
    target = check_commitment_change(row.status, status)
    moment = now or datetime.now(UTC)
    previous, row.status, row.updated_by, row.updated_at = row.status, target.value, actor, moment
    record_event(
        uow.session,
        events.COMMITMENT_UPDATED,
        actor=actor,
        payload={"commitment": row.id, "from": previous, "to": row.status},
    )
    uow.commit()
    return _view(uow, row, moment.date())


def list_commitments(uow: UnitOfWork, jurisdiction: str, *, today: date) -> list[Commitment]:
    """Commitments held inside ``jurisdiction`` and those escalated to it."""
    rows = uow.session.scalars(
        select(CommitmentRow).order_by(CommitmentRow.due_on, CommitmentRow.id)
    )
    out = []
    for row in rows:
        view = _view(uow, row, today)
        if lies_under(uow.session, row.hq, jurisdiction) or view.escalated_to == jurisdiction:
            out.append(view)
    return out


def escalate_overdue(
    uow: UnitOfWork, jurisdiction: str, *, today: date, actor: str, now: datetime | None = None
) -> list[Commitment]:
    """Take every overdue commitment inside ``jurisdiction`` that is due for it one level up."""
    moment = now or datetime.now(UTC)
    escalated = []
    for row in uow.session.scalars(select(CommitmentRow).order_by(CommitmentRow.id)):
        if not lies_under(uow.session, row.hq, jurisdiction):
            continue
        above = _above(uow, row.hq)
        if not escalation_due(row.status, row.due_on, row.escalation, today, len(above)):
            continue
        row.escalation += 1
        row.updated_by, row.updated_at = actor, moment
        record_event(
            uow.session,
            events.COMMITMENT_ESCALATED,
            actor=actor,
            payload={
                "commitment": row.id,
                "to": above[row.escalation - 1],
                "days_late": (today - row.due_on).days,
            },
        )
        escalated.append(_view(uow, row, today))
    uow.commit()
    return escalated
