"""Routes: registering candidates, their lists and consent, and the qualification steps.

Who may take each step is the permission matrix's business (officers register and file appeals,
withdrawals and consent at the office; the executive board decides; the supervising body
reviews and decides appeals); the service refuses a supervisor of the wrong body.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter

from entekhab.api.deps import CurrentUser, Uow
from entekhab.api.routes.candidates import Clock
from entekhab.api.schemas.candidates import (
    AppealIn,
    CandidateOut,
    ConsentIn,
    DecisionIn,
    ListIn,
    ListOut,
    RegistrationIn,
    StepOut,
)
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.errors import EntekhabError
from entekhab.service.candidates import parties, qualification
from entekhab.service.candidates.registration import (
    Registration,
    candidate_view,
    candidates_in,
    register_candidate,
)

__all__ = ["router"]

router = APIRouter(tags=["candidates"])


def _bytes(value: str | None, what: str) -> bytes | None:
    if value is None:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise EntekhabError(INVALID_INPUT, {"reason": f"{what} is not base64"}) from None


@router.post("/candidates/{election_id}/registrations", status_code=201)
def register(
    election_id: str, body: RegistrationIn, uow: Uow, user: CurrentUser, clock: Clock
) -> CandidateOut:
    """Register a candidate (by an officer, or by the candidate in person at the office)."""
    reg = Registration(
        election_id=election_id,
        contest=body.contest,
        national_code=body.national_code,
        given_name_fa=body.given_name_fa,
        family_name_fa=body.family_name_fa,
        given_name_en=body.given_name_en,
        family_name_en=body.family_name_en,
        birth_date=body.birth_date,
        education=body.education,
        isargar=body.isargar,
        occupation=body.occupation,
        photo=_bytes(body.photo_base64, "photo") or b"",
        held_post=body.held_post,
        resigned_on=body.resigned_on,
        resignation_evidence=_bytes(body.resignation_evidence_base64, "evidence"),
        via=body.via,
    )
    with uow() as u:
        row = register_candidate(u, reg, actor=user.actor, clock=clock)
        return CandidateOut.model_validate(candidate_view(row))


@router.get("/candidates/{election_id}/contests/{contest}")
def contest_candidates(
    election_id: str, contest: str, uow: Uow, user: CurrentUser
) -> list[CandidateOut]:
    """Every registration of a contest with its standing (no vetting content)."""
    with uow() as u:
        return [
            CandidateOut.model_validate(candidate_view(r))
            for r in candidates_in(u, election_id, contest)
        ]


@router.get("/candidates/{election_id}/registrations/{registration}/steps")
def steps(election_id: str, registration: str, uow: Uow, user: CurrentUser) -> list[StepOut]:
    """Every qualification step of a candidate: who, in which role, when, what."""
    with uow() as u:
        return [
            StepOut.model_validate(s.__dict__)
            for s in qualification.steps_of(u, election_id, registration)
        ]


def _decision_route(path: str, step: Callable[..., Any], summary: str) -> None:
    @router.post(
        f"/candidates/{{election_id}}/registrations/{{registration}}/{path}",
        name=f"candidate_{path.replace('-', '_')}",
        summary=summary,
    )
    def run(
        election_id: str,
        registration: str,
        body: DecisionIn,
        uow: Uow,
        user: CurrentUser,
        clock: Clock,
    ) -> CandidateOut:
        with uow() as u:
            row = step(
                u,
                election_id=election_id,
                candidate=registration,
                qualified=body.qualified,
                ground=body.ground,
                actor=user.actor,
                clock=clock,
                role=user.role.value,
            )
            return CandidateOut.model_validate(candidate_view(row))


_decision_route("decision", qualification.decide, "The executive board's decision")
_decision_route("review", qualification.review, "The supervising body's review")
_decision_route("appeal-decision", qualification.decide_appeal, "The decision on an appeal")


@router.post("/candidates/{election_id}/registrations/{registration}/appeal")
def appeal(
    election_id: str, registration: str, body: AppealIn, uow: Uow, user: CurrentUser, clock: Clock
) -> CandidateOut:
    """File a disqualified candidate's appeal at the office, within the deadline."""
    if not body.statement_received:
        raise EntekhabError(INVALID_INPUT, {"reason": "the candidate's written appeal is needed"})
    with uow() as u:
        row = qualification.appeal(
            u, election_id=election_id, candidate=registration, actor=user.actor,
            clock=clock,
            role=user.role.value,
        )  # fmt: skip
        return CandidateOut.model_validate(candidate_view(row))


@router.post("/candidates/{election_id}/registrations/{registration}/withdrawal")
def withdraw(
    election_id: str, registration: str, body: AppealIn, uow: Uow, user: CurrentUser, clock: Clock
) -> CandidateOut:
    """Record a candidate's withdrawal (their signed statement received at the office)."""
    if not body.statement_received:
        raise EntekhabError(
            INVALID_INPUT, {"reason": "the candidate's written statement is needed"}
        )
    with uow() as u:
        row = qualification.withdraw(
            u, election_id=election_id, candidate=registration, actor=user.actor,
            clock=clock,
            role=user.role.value,
        )  # fmt: skip
        return CandidateOut.model_validate(candidate_view(row))


@router.post("/candidates/{election_id}/registrations/{registration}/consent")
def consent(
    election_id: str, registration: str, body: ConsentIn, uow: Uow, user: CurrentUser, clock: Clock
) -> CandidateOut:
    """A list member's consent, given in person at the office."""
    with uow() as u:
        row = parties.consent_to_list(
            u,
            election_id=election_id,
            contest=body.contest,
            list_code=body.list_code,
            candidate=registration,
            actor=user.actor,
            clock=clock,
        )
        return CandidateOut.model_validate(candidate_view(row))


@router.post("/candidates/{election_id}/contests/{contest}/lists", status_code=201)
def register_list(
    election_id: str, contest: str, body: ListIn, uow: Uow, user: CurrentUser, clock: Clock
) -> ListOut:
    """Register a list-PR list with its ordered members."""
    with uow() as u:
        row = parties.register_list(
            u,
            election_id=election_id,
            contest=contest,
            code=body.code,
            name_fa=body.name_fa,
            name_en=body.name_en,
            members=body.members,
            party=body.party,
            actor=user.actor,
            clock=clock,
        )
        return ListOut(
            contest=contest,
            code=row.code,
            name_fa=row.name_fa,
            party=row.party_code,
            members=parties.list_members(u, election_id, contest, row.code),
        )
