"""What a board member sees before signing off a contest: its certification state and label,
the steps taken so far (who, when, why), the branches that have not reported, the running
totals and, once approved, the working of the allocation.

Read-only: the steps themselves are ``certification.approve/confirm/publish/
return_to_unofficial``, which ask the permission table again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from entekhab.domain.error_codes import general
from entekhab.errors import EntekhabError
from entekhab.service.counting.aggregation import (
    AreaTotals,
    Progress,
    area_totals,
    branches_reported,
    contest_branch_counts,
    contest_branches,
    reporting_progress,
)
from entekhab.service.counting.certification import (
    UNOFFICIAL,
    CertificationStatus,
    status,
    statuses,
)
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.counting import CertificationStep, CurrentBulletin
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "BoardContest",
    "BoardListing",
    "BoardStep",
    "MissingBranch",
    "board_contest",
    "board_contests",
]


@dataclass(frozen=True)
class BoardStep:
    from_state: str
    to_state: str
    actor: str
    role: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class MissingBranch:
    code: str
    name_fa: str
    division: str


@dataclass(frozen=True)
class BoardContest:
    election_id: str
    election_name_fa: str
    election_name_en: str
    contest: str
    name_fa: str
    name_en: str
    kind: str
    constituency: tuple[str, ...]
    certification: CertificationStatus
    progress: Progress
    missing: list[MissingBranch]
    totals: AreaTotals
    steps: list[BoardStep]

    @property
    def label(self) -> str:
        return self.certification.label


def board_contest(uow_factory: UnitOfWorkFactory, election_id: str, contest: str) -> BoardContest:
    """Everything the certification page of ``contest`` shows, read in one unit of work."""
    with uow_factory() as uow:
        session = uow.session
        definition, _digest = get_definition(session, election_id)
        found = definition.contest_by_code.get(contest)
        if found is None:
            raise EntekhabError(general.NOT_FOUND, {"what": f"contest {contest}"})
        state = status(session, election_id, contest)
        progress = reporting_progress(session, definition, contest)
        totals = area_totals(session, election_id, contest)
        reported = set(
            session.scalars(
                select(CurrentBulletin.branch).where(
                    CurrentBulletin.election_id == election_id, CurrentBulletin.contest == contest
                )
            ).all()
        )
        steps = session.scalars(
            select(CertificationStep)
            .where(
                CertificationStep.election_id == election_id, CertificationStep.contest == contest
            )
            .order_by(CertificationStep.id)
        ).all()
        history = [
            BoardStep(s.from_state, s.to_state, s.actor, s.role, s.reason, s.at) for s in steps
        ]
    missing = [
        MissingBranch(
            code,
            definition.branch_by_code[code].name_fa or code,
            definition.branch_by_code[code].division,
        )
        for code in contest_branches(definition, contest)
        if code not in reported
    ]
    return BoardContest(
        election_id=election_id,
        election_name_fa=definition.name_fa,
        election_name_en=definition.name_en,
        contest=contest,
        name_fa=found.name_fa,
        name_en=found.name_en,
        kind=str(found.kind),
        constituency=tuple(found.constituency),
        certification=state,
        progress=progress,
        missing=missing,
        totals=totals,
        steps=history,
    )


@dataclass(frozen=True)
class BoardListing:
    election_id: str
    contest: str
    name_fa: str
    name_en: str
    constituency: tuple[str, ...]
    """The contest's constituency divisions, for the caller to keep to its jurisdiction."""
    ancestors: tuple[tuple[str, ...], ...]
    state: str
    branches_reported: int
    branches_expected: int


def board_contests(uow_factory: UnitOfWorkFactory) -> list[BoardListing]:
    """Every contest of every election with its state and reporting (the page keeps those
    inside the user's jurisdiction)."""
    out: list[BoardListing] = []
    with uow_factory() as uow:
        session = uow.session
        for election_id in session.scalars(select(ElectionRow.id).order_by(ElectionRow.id)):
            definition, _digest = get_definition(session, election_id)
            # Two reads per election, whatever its number of contests (Tehran: 165).
            states = statuses(session, election_id)
            reported = branches_reported(session, election_id)
            expected = contest_branch_counts(definition)
            for contest in definition.contests:
                state = states.get(contest.code)
                out.append(
                    BoardListing(
                        election_id,
                        contest.code,
                        contest.name_fa,
                        contest.name_en,
                        tuple(contest.constituency),
                        tuple(tuple(definition.ancestors(c)) for c in contest.constituency),
                        state.state if state else UNOFFICIAL,
                        reported.get(contest.code, 0),
                        expected.get(contest.code, 0),
                    )
                )
    return out
