"""Qualification (احراز صلاحیت): the executive board decides, the supervising body reviews, a
disqualified candidate may appeal within the deadline, the body decides the appeal; a candidate
may withdraw until the list is published. Every step is a row (who, role, when, the decision and
the legal ground it cites) and an event; the ground is public, the vetting content never is.

The supervising body of a contest is data of the definition (the eligibility rule of its
office): the council supervisory board, or the Assembly of Experts' own office. The permission
matrix lets both roles call the review routes; this module refuses a member of the other body
(WRONG_SUPERVISING_BODY).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from entekhab.domain.calendar import phase_window
from entekhab.domain.candidates.eligibility import rule_for_contest
from entekhab.domain.candidates.qualification import Status, Step, next_status
from entekhab.domain.definition import ElectionDefinition, Phase
from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import candidates as events
from entekhab.domain.permissions import Action
from entekhab.service.audit.events import record_event
from entekhab.service.candidates.common import (
    candidate_row,
    contest_of,
    definition_of,
    ensure_not_published,
    in_phase,
    require_role,
    utc_now,
)
from entekhab.service.candidates.vetting import pending_inquiries
from entekhab.store.tables.candidates import CandidateRow, QualificationStepRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "StepView",
    "appeal",
    "appeal_deadline",
    "decide",
    "decide_appeal",
    "review",
    "steps_of",
    "withdraw",
]


def appeal_deadline(definition: ElectionDefinition, reviewed_at: datetime) -> datetime:
    """``appeal_days`` from the later of the review and the opening of the appeals phase, and
    never after the phase closes."""
    window = phase_window(definition, Phase.APPEALS)
    start = max(reviewed_at, window.opens)
    return min(start + timedelta(days=definition.candidacy.appeal_days), window.closes)


def _ground(definition: ElectionDefinition, qualified: bool, ground: str | None) -> str | None:
    if qualified:
        return None
    known = [g.code for g in definition.candidacy.grounds]
    if ground not in known:
        raise EntekhabError(codes.GROUND_REQUIRED, {"grounds": ", ".join(known)})
    return ground


def _supervising(definition: ElectionDefinition, row: CandidateRow, role: str) -> None:
    body = rule_for_contest(definition, contest_of(definition, row.contest)).supervised_by
    if body.role.value != role:
        raise EntekhabError(
            codes.WRONG_SUPERVISING_BODY,
            {"contest": row.contest, "body": body.value, "role": role},
        )


def _record(
    uow: UnitOfWork,
    row: CandidateRow,
    step: Step,
    qualified: bool | None,
    ground: str | None,
    *,
    actor: str,
    role: str,
    clock: Callable[[], datetime],
    now: datetime,
) -> CandidateRow:
    row.status = next_status(row.registration, Status(row.status), step, qualified).value
    if step != Step.APPEAL and step != Step.WITHDRAWAL:
        row.ground = ground
    uow.session.add(
        QualificationStepRow(
            candidate_id=row.id,
            step=step.value,
            qualified=qualified,
            ground=ground,
            status_after=row.status,
            actor=actor,
            role=role,
            at=now,
        )
    )
    record_event(
        uow.session,
        events.CANDIDATE_QUALIFICATION_STEP,
        actor=actor,
        payload={
            "election_id": row.election_id,
            "contest": row.contest,
            "candidate": row.registration,
            "step": step.value,
            "qualified": qualified,
            "ground": ground,
            "status": row.status,
            "at": now.isoformat(),
        },
    )
    uow.commit()
    return row


def decide(
    uow: UnitOfWork,
    *,
    election_id: str,
    candidate: str,
    qualified: bool,
    ground: str | None,
    actor: str,
    role: str,
    clock: Callable[[], datetime] = utc_now,
) -> CandidateRow:
    """The executive board's decision, once every inquiry is answered."""
    require_role(uow, Action.DECIDE_CANDIDACY, role=role, actor=actor, what=candidate)
    now = clock()
    definition = definition_of(uow.session, election_id)
    row = candidate_row(uow.session, election_id, candidate)
    in_phase(definition, Phase.QUALIFICATION, now)
    next_status(candidate, Status(row.status), Step.EXECUTIVE_DECISION, qualified)
    pending = pending_inquiries(uow, row.id)
    if pending != 0:
        raise EntekhabError(
            codes.VETTING_INCOMPLETE,
            {"candidate": candidate, "pending": len(definition.candidacy.vetting_bodies)}
            if pending < 0
            else {"candidate": candidate, "pending": pending},
        )
    cited = _ground(definition, qualified, ground)
    return _record(
        uow, row, Step.EXECUTIVE_DECISION, qualified, cited,
        actor=actor, role=role, clock=clock, now=now,
    )  # fmt: skip


def review(
    uow: UnitOfWork,
    *,
    election_id: str,
    candidate: str,
    qualified: bool,
    ground: str | None,
    actor: str,
    role: str,
    clock: Callable[[], datetime] = utc_now,
) -> CandidateRow:
    """The supervising body's review; its conclusion stands. A candidate it disqualifies may
    appeal until ``appeal_days`` later (and no later than the appeals phase closes)."""
    require_role(uow, Action.REVIEW_CANDIDACY, role=role, actor=actor, what=candidate)
    now = clock()
    definition = definition_of(uow.session, election_id)
    row = candidate_row(uow.session, election_id, candidate)
    _supervising(definition, row, role)
    in_phase(definition, Phase.QUALIFICATION, now)
    next_status(candidate, Status(row.status), Step.SUPERVISORY_REVIEW, qualified)
    cited = _ground(definition, qualified, ground)
    if not qualified:
        row.appeal_deadline = appeal_deadline(definition, now)
    return _record(
        uow, row, Step.SUPERVISORY_REVIEW, qualified, cited,
        actor=actor, role=role, clock=clock, now=now,
    )  # fmt: skip


def appeal(
    uow: UnitOfWork,
    *,
    election_id: str,
    candidate: str,
    actor: str,
    role: str,
    clock: Callable[[], datetime] = utc_now,
) -> CandidateRow:
    """A disqualified candidate's appeal (شکایت), filed at the office within the deadline."""
    require_role(uow, Action.REGISTER_CANDIDATES, role=role, actor=actor, what=candidate)
    now = clock()
    definition = definition_of(uow.session, election_id)
    row = candidate_row(uow.session, election_id, candidate)
    next_status(candidate, Status(row.status), Step.APPEAL, None)
    if row.appeal_deadline is None or now > row.appeal_deadline:
        deadline = row.appeal_deadline.isoformat() if row.appeal_deadline else "-"
        raise EntekhabError(
            codes.APPEAL_DEADLINE_PASSED, {"candidate": candidate, "deadline": deadline}
        )
    in_phase(definition, Phase.APPEALS, now)
    return _record(uow, row, Step.APPEAL, None, None, actor=actor, role=role, clock=clock, now=now)


def decide_appeal(
    uow: UnitOfWork,
    *,
    election_id: str,
    candidate: str,
    qualified: bool,
    ground: str | None,
    actor: str,
    role: str,
    clock: Callable[[], datetime] = utc_now,
) -> CandidateRow:
    """The supervising body's decision on an appeal: final."""
    require_role(uow, Action.REVIEW_CANDIDACY, role=role, actor=actor, what=candidate)
    now = clock()
    definition = definition_of(uow.session, election_id)
    row = candidate_row(uow.session, election_id, candidate)
    _supervising(definition, row, role)
    in_phase(definition, Phase.APPEALS, now)
    next_status(candidate, Status(row.status), Step.APPEAL_DECISION, qualified)
    cited = _ground(definition, qualified, ground)
    return _record(
        uow, row, Step.APPEAL_DECISION, qualified, cited,
        actor=actor, role=role, clock=clock, now=now,
    )  # fmt: skip


def withdraw(
    uow: UnitOfWork,
    *,
    election_id: str,
    candidate: str,
    actor: str,
    role: str,
    clock: Callable[[], datetime] = utc_now,
) -> CandidateRow:
    """A candidate's withdrawal (انصراف), allowed until the contest's list is published."""
    require_role(uow, Action.REGISTER_CANDIDATES, role=role, actor=actor, what=candidate)
    now = clock()
    row = candidate_row(uow.session, election_id, candidate)
    try:
        ensure_not_published(uow.session, election_id, row.contest)
    except EntekhabError:
        raise EntekhabError(
            codes.WITHDRAWAL_TOO_LATE, {"candidate": candidate, "contest": row.contest}
        ) from None
    row.list_code, row.list_position = None, None
    return _record(
        uow, row, Step.WITHDRAWAL, None, None, actor=actor, role=role, clock=clock, now=now
    )


@dataclass(frozen=True)
class StepView:
    """One recorded step, as shown to officials and boards."""

    step: str
    qualified: bool | None
    ground: str | None
    status_after: str
    actor: str
    role: str
    at: datetime


def steps_of(uow: UnitOfWork, election_id: str, candidate: str) -> list[StepView]:
    row = candidate_row(uow.session, election_id, candidate)
    rows = uow.session.scalars(
        select(QualificationStepRow)
        .where(QualificationStepRow.candidate_id == row.id)
        .order_by(QualificationStepRow.id)
    )
    return [
        StepView(s.step, s.qualified, s.ground, s.status_after, s.actor, s.role, s.at) for s in rows
    ]
