"""Granting roles: the grant table, two headquarters admins for board, vetting and headquarters
accounts, and separation of duties by national code (the rules are in ``domain/grants.py``).

``check_grant`` is called before any account is made, by ``accounts.add_user`` (one granter) and
by ``propose_grant``/``approve_grant`` (two admins). A refusal is logged as ``GRANT_REFUSED``
and committed on its own, then raised: the refused grant writes nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NoReturn

from sqlalchemy import select

from entekhab.domain.access import Principal, Role, within_jurisdiction
from entekhab.domain.error_codes import security as errors
from entekhab.domain.error_codes.general import INVALID_INPUT
from entekhab.domain.errors import EntekhabError, ErrorSpec
from entekhab.domain.event_codes import security as events
from entekhab.domain.grants import (
    TWO_ADMIN_ROLES,
    HeldRole,
    duty_conflict,
    jurisdiction_problem,
    may_grant,
)
from entekhab.domain.national_code import require_valid
from entekhab.domain.permissions import Action, require
from entekhab.service.audit.events import record_event
from entekhab.service.security.jurisdictions import code_chain
from entekhab.store.tables.security import GrantProposalRow, UserRow
from entekhab.store.uow import UnitOfWork

__all__ = [
    "APPROVED",
    "PENDING",
    "REJECTED",
    "Grant",
    "GrantProposal",
    "check_grant",
    "pending_grants",
    "refuse_grant",
]

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Grant:
    """A role to be given to a new account, and who gives it (None: the operator's console at
    headquarters, which bootstraps the first admins and is bound by the same rules of place and
    separation of duties)."""

    username: str
    role: Role
    jurisdiction: str
    national_code: str
    granter: Principal | None
    actor: str


@dataclass(frozen=True)
class GrantProposal:
    proposal_id: int
    username: str
    full_name: str
    role: Role
    jurisdiction: str
    proposed_by: str
    proposed_at: datetime
    state: str


def refuse_grant(
    uow: UnitOfWork, grant: Grant, spec: ErrorSpec, details: dict[str, str]
) -> NoReturn:
    """Log the refused grant (committed on its own), then raise the coded error."""
    uow.session.rollback()
    record_event(
        uow.session,
        events.GRANT_REFUSED,
        actor=grant.actor,
        payload={
            "code": spec.code,
            "username": grant.username,
            "role": grant.role.value,
            "jurisdiction": grant.jurisdiction,
            "granter_role": grant.granter.role.value if grant.granter else "operator",
        },
    )
    uow.commit()
    raise EntekhabError(spec, details)


def _chain(uow: UnitOfWork, code: str) -> list[str]:
    return code_chain(uow.session, code) or [code]


def _held(uow: UnitOfWork, national_code: str, skip_proposal: int | None) -> list[HeldRole]:
    """What the person already holds: live accounts, and accounts proposed for them."""
    accounts = uow.session.execute(
        select(UserRow.role, UserRow.jurisdiction).where(
            UserRow.national_code == national_code, UserRow.disabled.is_(False)
        )
    ).all()
    proposed = uow.session.execute(
        select(GrantProposalRow.role, GrantProposalRow.jurisdiction).where(
            GrantProposalRow.national_code == national_code,
            GrantProposalRow.state == PENDING,
            GrantProposalRow.id != (skip_proposal or -1),
        )
    ).all()
    return [
        HeldRole(Role(role), place, _chain(uow, place)) for role, place in [*accounts, *proposed]
    ]


def check_grant(
    uow: UnitOfWork, grant: Grant, *, second_admin: bool, skip_proposal: int | None = None
) -> str:
    """Refuse (logged) a grant the rules do not allow; gives the normalized national code.

    ``second_admin``: the grant goes through a proposal approved by another headquarters admin.
    """
    national_code = require_valid(grant.national_code)
    granter = grant.granter
    place = {
        "granter": granter.role.value if granter else "operator",
        "role": grant.role.value,
        "jurisdiction": grant.jurisdiction,
    }
    why = jurisdiction_problem(grant.role, grant.jurisdiction)
    if why:
        refuse_grant(uow, grant, errors.GRANT_NOT_ALLOWED, place | {"why": why})
    chain = _chain(uow, grant.jurisdiction)
    if granter is not None:
        if not may_grant(granter.role, grant.role):
            why = "the grant table does not give it this role"
            refuse_grant(uow, grant, errors.GRANT_NOT_ALLOWED, place | {"why": why})
        if grant.role in TWO_ADMIN_ROLES and not second_admin:
            refuse_grant(uow, grant, errors.GRANT_NEEDS_TWO_ADMINS, {"role": grant.role.value})
        if not within_jurisdiction(granter.jurisdiction, chain):
            details = {"jurisdiction": granter.jurisdiction}
            refuse_grant(uow, grant, errors.OUT_OF_JURISDICTION, details)
    new = HeldRole(grant.role, grant.jurisdiction, chain)
    conflict = duty_conflict(new, _held(uow, national_code, skip_proposal))
    if conflict is not None:
        held, rule = conflict
        details = place | {
            "national_code": national_code,
            "held": held.role.value,
            "held_at": held.jurisdiction,
            "why": rule.why,
        }
        refuse_grant(uow, grant, errors.DUTIES_MUST_STAY_SEPARATE, details)
    return national_code


def ensure_proposer(uow: UnitOfWork, principal: Principal, action: Action, actor: str) -> None:
    """The caller's role may propose or decide grants (the permission table), else refused
    and logged."""
    try:
        require(principal.role, action)
    except EntekhabError as error:
        uow.session.rollback()
        record_event(
            uow.session,
            events.GRANT_REFUSED,
            actor=actor,
            payload={"code": error.code, "action": action.value},
        )
        uow.commit()
        raise


def national_code_of(uow: UnitOfWork, user_id: int) -> str | None:
    return uow.session.scalar(select(UserRow.national_code).where(UserRow.id == user_id))


def proposal_row(uow: UnitOfWork, proposal_id: int) -> GrantProposalRow:
    row = uow.session.get(GrantProposalRow, proposal_id, with_for_update=True)
    if row is None:
        raise EntekhabError(errors.GRANT_PROPOSAL_UNKNOWN, {"proposal_id": proposal_id})
    if row.state != PENDING:
        raise EntekhabError(
            errors.GRANT_PROPOSAL_DECIDED, {"proposal_id": proposal_id, "state": row.state}
        )
    return row


def require_two_admin_role(role: Role) -> None:
    if role not in TWO_ADMIN_ROLES:
        reason = f"{role.value} is granted directly (POST /api/v1/users), not proposed"
        raise EntekhabError(INVALID_INPUT, {"reason": reason})


def pending_grants(uow: UnitOfWork) -> list[GrantProposal]:
    """Proposals waiting for a second headquarters admin, oldest first."""
    rows = uow.session.execute(
        select(GrantProposalRow, UserRow.username)
        .join(UserRow, UserRow.id == GrantProposalRow.proposed_by)
        .where(GrantProposalRow.state == PENDING)
        .order_by(GrantProposalRow.id)
    ).all()
    return [
        GrantProposal(
            row.id,
            row.username,
            row.full_name,
            Role(row.role),
            row.jurisdiction,
            proposer,
            row.proposed_at,
            row.state,
        )
        for row, proposer in rows
    ]
