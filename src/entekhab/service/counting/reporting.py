"""Complete reporting before approval: every branch of a contest has reported, or the executive
board has recorded it as not counted, with a reason (شعبه شمرده‌نشده).

The executive board may not approve a contest while any branch whose ballot offers it is silent:
otherwise one silent branch could decide a seat unnoticed. Recording a branch as not counted is
itself a decision, made before approval, logged, and carried into the approved outcome, so the
result sheet and the exports say which branches were left out and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes import counting as codes
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import counting as events
from entekhab.domain.permissions import Action
from entekhab.service.audit.events import record_event
from entekhab.service.counting.aggregation import contest_branches
from entekhab.service.definitions.loading import get_definition
from entekhab.service.security.authority import require_action
from entekhab.store.tables.counting import ContestResultRow, CurrentBulletin
from entekhab.store.tables.rules import BranchNotCounted
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "ContestReporting",
    "contest_reporting",
    "record_branch_not_counted",
    "reporting_of",
    "require_complete_reporting",
]

_SHOWN = 20
"""Branches named in a refusal's text (all of them are in its details)."""


@dataclass(frozen=True)
class ContestReporting:
    """Which branches of a contest have reported, which are recorded as not counted, and which
    are still silent."""

    contest: str
    expected: tuple[str, ...]
    reported: frozenset[str]
    not_counted: tuple[dict[str, Any], ...]
    silent: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "branches_expected": len(self.expected),
            "branches_reported": len(self.reported),
            "not_counted": list(self.not_counted),
            "silent": list(self.silent),
        }


def contest_reporting(
    session: Session, definition: ElectionDefinition, contest: str
) -> ContestReporting:
    """The reporting state of ``contest`` (one read of bulletins, one of decisions)."""
    expected = tuple(contest_branches(definition, contest))
    reported = frozenset(
        str(b)
        for b in session.scalars(
            select(CurrentBulletin.branch).where(
                CurrentBulletin.election_id == definition.id, CurrentBulletin.contest == contest
            )
        )
    )
    rows = session.scalars(
        select(BranchNotCounted)
        .where(BranchNotCounted.election_id == definition.id, BranchNotCounted.contest == contest)
        .order_by(BranchNotCounted.branch)
    ).all()
    not_counted = tuple(
        {"branch": r.branch, "reason": r.reason, "recorded_by": r.recorded_by}
        for r in rows
        if r.branch not in reported
    )
    excused = {n["branch"] for n in not_counted}
    silent = tuple(b for b in expected if b not in reported and b not in excused)
    return ContestReporting(contest, expected, reported, not_counted, silent)


def require_complete_reporting(
    session: Session, definition: ElectionDefinition, contest: str
) -> ContestReporting:
    """The contest's reporting when no branch is silent; REPORTING_INCOMPLETE otherwise."""
    reporting = contest_reporting(session, definition, contest)
    if reporting.silent:
        shown = ", ".join(reporting.silent[:_SHOWN])
        if len(reporting.silent) > _SHOWN:
            shown += ", …"
        raise EntekhabError(
            codes.REPORTING_INCOMPLETE,
            {
                "contest": contest,
                "missing": len(reporting.silent),
                "expected": len(reporting.expected),
                "branches": shown,
                "silent": list(reporting.silent),
            },
        )
    return reporting


def reporting_of(
    uow_factory: UnitOfWorkFactory, election_id: str, contest: str
) -> ContestReporting:
    """``contest_reporting`` of ``contest`` in the stored definition, read in a transaction of
    its own (what the routes and pages ask)."""
    with uow_factory() as uow:
        definition = get_definition(uow.session, election_id).definition
        return contest_reporting(uow.session, definition, contest)


def record_branch_not_counted(
    uow_factory: UnitOfWorkFactory,
    election_id: str,
    contest: str,
    branch: str,
    *,
    reason: str,
    actor: str,
    role: str,
    now: datetime,
) -> ContestReporting:
    """The executive board records a silent branch as not counted, with a reason, while the
    contest is still unofficial. Coded refusals: unknown branch, a branch that has reported, a
    second record, no reason, a result already approved."""
    from entekhab.service.counting.certification import UNOFFICIAL  # one home for the states

    what = f"{election_id}/{contest}/{branch}"
    require_action(uow_factory, Action.RECORD_BRANCH_NOT_COUNTED, role=role, actor=actor, what=what)
    if not reason.strip():
        raise EntekhabError(codes.CERTIFICATION_REASON_MISSING, {})
    with uow_factory() as uow:
        session = uow.session
        definition = get_definition(session, election_id).definition
        if branch not in contest_branches(definition, contest):
            raise EntekhabError(codes.BRANCH_NOT_IN_CONTEST, {"branch": branch, "contest": contest})
        state = session.get(ContestResultRow, (election_id, contest), with_for_update=True)
        if state is not None and state.state != UNOFFICIAL:
            raise EntekhabError(
                codes.CERTIFICATION_WRONG_STATE,
                {"contest": contest, "state": state.state, "action": "record not counted"},
            )
        reporting = contest_reporting(session, definition, contest)
        if branch in reporting.reported:
            raise EntekhabError(codes.BRANCH_HAS_REPORTED, {"branch": branch, "contest": contest})
        if any(n["branch"] == branch for n in reporting.not_counted):
            raise EntekhabError(
                codes.BRANCH_ALREADY_NOT_COUNTED, {"branch": branch, "contest": contest}
            )
        session.add(
            BranchNotCounted(
                election_id=election_id,
                contest=contest,
                branch=branch,
                reason=reason.strip(),
                recorded_by=actor,
                recorded_at=now,
            )
        )
        record_event(
            session,
            events.BRANCH_RECORDED_NOT_COUNTED,
            actor=actor,
            payload={"contest": contest, "branch": branch, "reason": reason.strip()},
        )
        session.flush()
        result = contest_reporting(session, definition, contest)
        uow.commit()
        return result
