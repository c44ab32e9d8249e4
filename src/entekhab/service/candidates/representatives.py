"""Representatives of candidates and lists at branches (نمایندگان نامزدها در شعب), and what an
accredited observer may see of their branch.

A candidate or a list accredits a representative to one branch of the contest's constituency; the
representative signs in with an ``observer`` account whose jurisdiction is that branch (the
permission matrix keeps them to it). What the law lets an observer see is the branch's opening
and closing and its bulletins — the figures of the wall sheet — never a voter or a ballot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from entekhab.domain import national_code
from entekhab.domain.candidates.qualification import Status
from entekhab.domain.error_codes import candidates as codes
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import candidates as events
from entekhab.service.audit.events import record_event
from entekhab.service.candidates.common import candidate_row, contest_of, definition_of, utc_now
from entekhab.store.tables.candidates import CandidateListRow, RepresentativeRow
from entekhab.store.tables.counting import BulletinRow, CurrentBulletin
from entekhab.store.tables.election_day import BranchSession
from entekhab.store.uow import UnitOfWork

__all__ = ["BranchView", "accredit", "observer_view"]


def _invalid(reason: str) -> EntekhabError:
    return EntekhabError(codes.REPRESENTATIVE_INVALID, {"reason": reason})


def accredit(
    uow: UnitOfWork,
    *,
    election_id: str,
    branch: str,
    contest: str,
    candidate: str | None,
    list_code: str | None,
    person_code: str,
    full_name: str,
    account: str | None,
    actor: str,
    clock: Callable[[], datetime] = utc_now,
) -> RepresentativeRow:
    """Accredit a representative of one candidate or one list to a branch of the contest."""
    session = uow.session
    definition = definition_of(session, election_id)
    found = contest_of(definition, contest)
    place = definition.branch_by_code.get(branch)
    if place is None:
        raise _invalid(f"unknown branch {branch}")
    if not set(definition.ancestors(place.division)) & set(found.constituency):
        raise _invalid(f"branch {branch} is outside the constituency of {contest}")
    if (candidate is None) == (list_code is None):
        raise _invalid("a representative is of one candidate or of one list")
    candidate_id = None
    if candidate is not None:
        row = candidate_row(session, election_id, candidate)
        if row.contest != contest or row.status == Status.WITHDRAWN.value:
            raise _invalid(f"{candidate} is not a candidate of {contest}")
        candidate_id = row.id
    elif session.get(CandidateListRow, (election_id, contest, list_code)) is None:
        raise EntekhabError(codes.LIST_UNKNOWN, {"list": list_code, "contest": contest})
    rep = RepresentativeRow(
        election_id=election_id,
        branch=branch,
        for_candidate=candidate_id,
        for_list=list_code,
        contest=contest,
        national_code=national_code.require_valid(person_code),
        full_name=full_name.strip(),
        account=account,
        accredited_by=actor,
        accredited_at=clock(),
    )
    session.add(rep)
    session.flush()
    record_event(
        session,
        events.REPRESENTATIVE_ACCREDITED,
        actor=actor,
        payload={
            "election_id": election_id,
            "branch": branch,
            "contest": contest,
            "candidate": candidate,
            "list": list_code,
            "representative": rep.id,
        },
    )
    uow.commit()
    return rep


@dataclass(frozen=True)
class BranchView:
    branch: str
    opened_at: datetime | None
    closed_at: datetime | None
    bulletins: list[dict[str, Any]]


def observer_view(uow: UnitOfWork, election_id: str, branch: str, username: str) -> BranchView:
    """What the accredited observer ``username`` may see of ``branch`` (else a coded 403)."""
    session = uow.session
    accredited = session.scalar(
        select(RepresentativeRow.id).where(
            RepresentativeRow.election_id == election_id,
            RepresentativeRow.branch == branch,
            RepresentativeRow.account == username,
        )
    )
    if accredited is None:
        raise EntekhabError(codes.OBSERVER_NOT_ACCREDITED, {"username": username, "branch": branch})
    opened = session.get(BranchSession, (election_id, branch))
    bulletins = session.scalars(
        select(BulletinRow)
        .join(CurrentBulletin, CurrentBulletin.digest == BulletinRow.digest)
        .where(CurrentBulletin.election_id == election_id, CurrentBulletin.branch == branch)
        .order_by(BulletinRow.contest)
    )
    return BranchView(
        branch,
        opened.opened_at if opened else None,
        opened.closed_at if opened else None,
        [{"contest": b.contest, "digest": b.digest, "document": b.document} for b in bulletins],
    )
