"""What the candidate use cases share: the definition of the election in force, the contest,
the phase check against the election calendar, and a registered candidate by number."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.calendar import require_phase
from entekhab.domain.definition import Contest, ElectionDefinition, Phase
from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes.security import PERMISSION_DENIED
from entekhab.domain.permissions import Action, require
from entekhab.service.audit.events import record_event
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.candidates import CandidateRow, PublishedListRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "candidate_chains",
    "candidate_row",
    "contest_of",
    "definition_of",
    "ensure_not_published",
    "in_phase",
    "require_role",
    "utc_now",
]


def utc_now() -> datetime:
    return datetime.now(UTC)


def definition_of(session: Session, election_id: str) -> ElectionDefinition:
    definition, _digest = get_definition(session, election_id)
    return definition


def contest_of(definition: ElectionDefinition, contest: str) -> Contest:
    found = definition.contest_by_code.get(contest)
    if found is None:
        raise EntekhabError(codes.REGISTRATION_CONTEST_UNKNOWN, {"contest": contest})
    return found


def in_phase(definition: ElectionDefinition, phase: Phase, now: datetime) -> None:
    """PHASE_NOT_OPEN (naming the phase and its dates) unless ``phase`` is open ``now``."""
    require_phase(definition, phase, now)


def ensure_not_published(session: Session, election_id: str, contest: str) -> None:
    """CANDIDATE_LIST_ALREADY_FINAL once the contest's list is published (or was loaded with the
    definition): after that, nothing about its candidates changes."""
    published = session.get(PublishedListRow, (election_id, contest))
    if (
        published is not None
        or contest in definition_of(session, election_id).contests_with_candidates
    ):
        raise EntekhabError(codes.CANDIDATE_LIST_ALREADY_FINAL, {"contest": contest})


def candidate_row(session: Session, election_id: str, registration: str) -> CandidateRow:
    row = session.scalar(
        select(CandidateRow).where(
            CandidateRow.election_id == election_id, CandidateRow.registration == registration
        )
    )
    if row is None:
        raise EntekhabError(codes.CANDIDATE_UNKNOWN, {"candidate": registration})
    return row


def candidate_chains(session: Session, election_id: str, registration: str) -> list[list[str]]:
    """Where a registered candidate lies, for the permission gate: every division of the
    constituency of their contest (CANDIDATE_UNKNOWN if no such registration)."""
    row = candidate_row(session, election_id, registration)
    definition = definition_of(session, election_id)
    return [definition.ancestors(code) for code in contest_of(definition, row.contest).constituency]


def require_role(uow: UnitOfWork, action: Action, *, role: str, actor: str, what: str) -> None:
    """Ask the permission table whether ``role`` may perform ``action`` (ROLE_NOT_ALLOWED, with
    the refusal logged and nothing else written, if not): the CLI and any other caller meet
    the same rule as the HTTP gate."""
    try:
        require(role, action)
    except EntekhabError as error:
        record_event(
            uow.session,
            PERMISSION_DENIED,
            actor=actor,
            payload={"code": error.code, "action": action.value, "object": what},
        )
        uow.commit()
        raise
