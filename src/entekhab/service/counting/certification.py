"""Certification of a contest's result: unofficial → approved → confirmed → published.

* approve (the executive board, هیئت اجرایی): refused while a branch of the contest is silent,
  unless the board has recorded it as not counted with a reason (``reporting.py``); seats are
  allocated from the current totals;
  the lot is seeded by the root over the counted bulletins' digests and the ceremony nonce the
  board gives; root, nonce and outcome are stored;
* confirm (the supervisory board, هیئت نظارت): the result becomes official;
* publish (headquarters): only a confirmed result — one both boards have passed — may now leave
  through the public routes.

Who may take each step is the permission table's answer (``domain/permissions.py``: the actions
``approve_result``, ``confirm_result``, ``publish_result``, ``order_recount``), asked through
``service.security.authority.require_action``: a role it does not list is refused with
ROLE_NOT_ALLOWED, logged, and nothing is written. This module keeps no roles of its own.

Each step is recorded (``certification_steps``: from, to, actor, role, reason, time) and logged
as an event. A recount or an accepted correction returns the result to unofficial, with its
reason, and clears the outcome: it must be approved again. Every output carries its label,
``official`` once confirmed, ``unofficial`` before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.definition import Contest, ElectionDefinition
from entekhab.domain.error_codes import counting as codes
from entekhab.domain.error_codes import general
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import EventSpec
from entekhab.domain.event_codes import counting as events
from entekhab.domain.permissions import Action
from entekhab.service.audit.events import record_event, record_event_apart
from entekhab.service.counting.aggregation import area_totals
from entekhab.service.counting.reporting import ContestReporting, require_complete_reporting
from entekhab.service.counting.seat_allocation import allocate_from_totals, bulletins_root, lot_seed
from entekhab.service.definitions.loading import get_definition
from entekhab.service.security.authority import require_action
from entekhab.store.tables.counting import CertificationStep, ContestResultRow, CurrentBulletin
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "APPROVED",
    "CONFIRMED",
    "PUBLISHED",
    "UNOFFICIAL",
    "CertificationStatus",
    "approve",
    "certification_status",
    "confirm",
    "label_of",
    "publish",
    "reopen_after_change",
    "return_to_unofficial",
    "shown_status",
    "status",
    "statuses",
]

UNOFFICIAL, APPROVED, CONFIRMED, PUBLISHED = "unofficial", "approved", "confirmed", "published"
_NONCE = re.compile(r"^[0-9a-f]{32,128}$")


def label_of(state: str) -> str:
    """``official`` once the supervisory board has confirmed, else ``unofficial``."""
    return "official" if state in (CONFIRMED, PUBLISHED) else "unofficial"


@dataclass(frozen=True)
class CertificationStatus:
    election_id: str
    contest: str
    state: str
    version: int
    bulletins_root: str | None
    ceremony_nonce: str | None
    outcome: dict[str, Any] | None

    @property
    def label(self) -> str:
        return label_of(self.state)

    def as_json(self) -> dict[str, Any]:
        return {
            "election_id": self.election_id,
            "contest": self.contest,
            "state": self.state,
            "label": self.label,
            "version": self.version,
            "bulletins_root": self.bulletins_root,
            "ceremony_nonce": self.ceremony_nonce,
            "outcome": self.outcome,
        }


def _row(session: Session, election_id: str, contest: str, now: datetime) -> ContestResultRow:
    row = session.get(ContestResultRow, (election_id, contest), with_for_update=True)
    if row is None:
        row = ContestResultRow(
            election_id=election_id, contest=contest, state=UNOFFICIAL, version=1, updated_at=now
        )
        session.add(row)
        session.flush()
    return row


def _status(row: ContestResultRow) -> CertificationStatus:
    return CertificationStatus(
        row.election_id,
        row.contest,
        row.state,
        row.version,
        row.bulletins_root,
        row.ceremony_nonce,
        row.outcome,
    )


def _move(
    session: Session,
    row: ContestResultRow,
    to_state: str,
    *,
    actor: str,
    role: str,
    reason: str,
    now: datetime,
    event: EventSpec,
) -> None:
    session.add(
        CertificationStep(
            election_id=row.election_id,
            contest=row.contest,
            from_state=row.state,
            to_state=to_state,
            actor=actor,
            role=role,
            reason=reason,
            at=now,
        )
    )
    payload = {"contest": row.contest, "from": row.state, "to": to_state, "reason": reason}
    row.state = to_state
    row.updated_at = now
    record_event(session, event, actor=actor, payload=payload | {"version": row.version})


def _may(
    uow_factory: UnitOfWorkFactory, action: Action, *, role: str, actor: str, e: str, c: str
) -> None:
    """The permission table must let ``role`` do this (refused, logged, nothing written)."""
    require_action(uow_factory, action, role=role, actor=actor, what=f"{e}/{c}")


def _guard(row: ContestResultRow, expected: str, action: str) -> None:
    if row.state != expected:
        raise EntekhabError(
            codes.CERTIFICATION_WRONG_STATE,
            {"contest": row.contest, "state": row.state, "action": action},
        )


def _reason(reason: str) -> str:
    if not reason.strip():
        raise EntekhabError(codes.CERTIFICATION_REASON_MISSING, {})
    return reason.strip()


def _complete_reporting(
    uow_factory: UnitOfWorkFactory,
    session: Session,
    definition: ElectionDefinition,
    contest: str,
    actor: str,
) -> ContestReporting:
    """Every branch reported or recorded as not counted; a refusal writes nothing and is
    logged (service/counting/reporting.py)."""
    try:
        return require_complete_reporting(session, definition, contest)
    except EntekhabError as silent:
        session.rollback()
        record_event_apart(
            uow_factory,
            events.RESULT_APPROVAL_REFUSED,
            actor=actor,
            payload={"contest": contest, "code": silent.code, "silent": silent.details["silent"]},
        )
        raise


def approve(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    contest: str,
    *,
    actor: str,
    role: str,
    reason: str,
    ceremony_nonce: str,
    now: datetime | None = None,
) -> CertificationStatus:
    """Executive board approval: allocate the seats from the totals and store the working."""
    _may(uow_factory, Action.APPROVE_RESULT, role=role, actor=actor, e=election_id, c=contest)
    now = now or datetime.now(UTC)
    reason = _reason(reason)
    if not _NONCE.match(ceremony_nonce):
        raise EntekhabError(codes.CERTIFICATION_NONCE_INVALID, {})
    with uow_factory() as uow:
        session = uow.session
        definition, _hash = get_definition(session, election_id)
        if contest not in definition.contest_by_code:
            raise EntekhabError(codes.BULLETIN_UNKNOWN_CONTEST, {"contest": contest, "branch": "*"})
        row = _row(session, election_id, contest, now)
        _guard(row, UNOFFICIAL, "approve")
        digests = session.scalars(
            select(CurrentBulletin.digest).where(
                CurrentBulletin.election_id == election_id, CurrentBulletin.contest == contest
            )
        ).all()
        if not digests:
            raise EntekhabError(codes.CERTIFICATION_NOTHING_REPORTED, {"contest": contest})
        reporting = _complete_reporting(uow_factory, session, definition, contest, actor)
        root = bulletins_root([str(d) for d in digests])
        seed = lot_seed(contest, root, ceremony_nonce)
        totals = area_totals(session, election_id, contest)
        outcome = allocate_from_totals(
            definition, contest, totals, seed, bulletins_root=root, ceremony_nonce=ceremony_nonce
        )
        outcome["totals"] = totals.as_json()
        outcome["bulletins"] = len(digests)
        outcome["reporting"] = reporting.as_json()
        row.bulletins_root, row.ceremony_nonce, row.outcome = root, ceremony_nonce, outcome
        _move(
            session,
            row,
            APPROVED,
            actor=actor,
            role=role,
            reason=reason,
            now=now,
            event=events.RESULT_APPROVED,
        )
        result = _status(row)
        uow.commit()
        return result


def _step(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    contest: str,
    *,
    actor: str,
    role: str,
    reason: str,
    now: datetime | None,
    expected: str,
    to_state: str,
    action: str,
    may: Action,
    event: EventSpec,
) -> CertificationStatus:
    _may(uow_factory, may, role=role, actor=actor, e=election_id, c=contest)
    now = now or datetime.now(UTC)
    reason = _reason(reason)
    with uow_factory() as uow:
        row = _row(uow.session, election_id, contest, now)
        _guard(row, expected, action)
        _move(
            uow.session, row, to_state, actor=actor, role=role, reason=reason, now=now, event=event
        )
        result = _status(row)
        uow.commit()
        return result


def confirm(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    contest: str,
    *,
    actor: str,
    role: str,
    reason: str,
    now: datetime | None = None,
) -> CertificationStatus:
    """Supervisory board confirmation: the approved result becomes official."""
    return _step(
        uow_factory,
        election_id,
        contest,
        actor=actor,
        role=role,
        reason=reason,
        now=now,
        expected=APPROVED,
        to_state=CONFIRMED,
        action="confirm",
        may=Action.CONFIRM_RESULT,
        event=events.RESULT_CONFIRMED,
    )


def publish(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    contest: str,
    *,
    actor: str,
    role: str,
    reason: str,
    now: datetime | None = None,
) -> CertificationStatus:
    """Headquarters publishes a result both boards have passed (approved by the executive
    board, then confirmed by the supervisory board): from now on the public routes serve it."""
    return _step(
        uow_factory,
        election_id,
        contest,
        actor=actor,
        role=role,
        reason=reason,
        now=now,
        expected=CONFIRMED,
        to_state=PUBLISHED,
        action="publish",
        may=Action.PUBLISH_RESULT,
        event=events.RESULT_PUBLISHED,
    )


def _reopen(
    session: Session, row: ContestResultRow, *, actor: str, role: str, reason: str, now: datetime
) -> None:
    _move(
        session,
        row,
        UNOFFICIAL,
        actor=actor,
        role=role,
        reason=reason,
        now=now,
        event=events.RESULT_RETURNED_TO_UNOFFICIAL,
    )
    row.version += 1
    row.outcome = None
    row.bulletins_root = None
    row.ceremony_nonce = None


def return_to_unofficial(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    contest: str,
    *,
    actor: str,
    role: str,
    reason: str,
    now: datetime | None = None,
) -> CertificationStatus:
    """A recount ordered by a board: the result goes back to unofficial, with the reason."""
    _may(uow_factory, Action.ORDER_RECOUNT, role=role, actor=actor, e=election_id, c=contest)
    now = now or datetime.now(UTC)
    reason = _reason(reason)
    with uow_factory() as uow:
        row = _row(uow.session, election_id, contest, now)
        if row.state == UNOFFICIAL:
            raise EntekhabError(
                codes.CERTIFICATION_WRONG_STATE,
                {"contest": contest, "state": row.state, "action": "return to unofficial"},
            )
        _reopen(uow.session, row, actor=actor, role=role, reason=reason, now=now)
        result = _status(row)
        uow.commit()
        return result


def reopen_after_change(
    session: Session, election_id: str, contest: str, *, actor: str, reason: str, now: datetime
) -> None:
    """An accepted correction or late bulletin returns an approved (or later) result to
    unofficial: the totals it was approved on have changed."""
    row = session.get(ContestResultRow, (election_id, contest), with_for_update=True)
    if row is not None and row.state != UNOFFICIAL:
        _reopen(session, row, actor=actor, role="station", reason=reason, now=now)


def shown_status(
    session: Session,
    definition: ElectionDefinition,
    contest: str,
    *,
    published_only: bool,
) -> tuple[Contest, CertificationStatus]:
    """The contest and its certification state, for an output that may leave the system:
    NOT_FOUND for a contest the election does not have, RESULT_NOT_PUBLISHED when
    ``published_only`` (the public side) and the result is not published yet."""
    found = definition.contest_by_code.get(contest)
    if found is None:
        raise EntekhabError(general.NOT_FOUND, {"what": f"contest {contest}"})
    state = status(session, definition.id, contest)
    if published_only and state.state != PUBLISHED:
        raise EntekhabError(codes.RESULT_NOT_PUBLISHED, {"contest": contest})
    return found, state


def statuses(session: Session, election_id: str) -> dict[str, CertificationStatus]:
    """The certification status of every contest of the election that has taken a step, by
    contest, in one read (a contest missing here is unofficial: ``status``)."""
    rows = session.scalars(
        select(ContestResultRow).where(ContestResultRow.election_id == election_id)
    )
    return {row.contest: _status(row) for row in rows}


def certification_status(
    uow_factory: UnitOfWorkFactory, election_id: str, contest: str
) -> CertificationStatus:
    """``status`` read in a transaction of its own (what the routes ask)."""
    with uow_factory() as uow:
        return status(uow.session, election_id, contest)


def status(session: Session, election_id: str, contest: str) -> CertificationStatus:
    """The certification status of ``contest`` (unofficial if no step was taken yet)."""
    row = session.get(ContestResultRow, (election_id, contest))
    if row is None:
        return CertificationStatus(election_id, contest, UNOFFICIAL, 1, None, None, None)
    return _status(row)
