"""Board, vetting and headquarters accounts: one headquarters admin proposes, another approves.

The proposal keeps what the account will be (username, name, role, jurisdiction, national code,
the initial password's argon2id hash) until a second admin decides. The account is made only on
approval, when every rule is checked again (another grant may have been made meanwhile). The
proposer — the same user, or the same person under another account (national code) — cannot
approve their own proposal, and no admin approves an account for themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select

from entekhab.domain.access import Principal, Role
from entekhab.domain.error_codes import security as errors
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes import security as events
from entekhab.domain.permissions import Action
from entekhab.service.audit.events import record_event
from entekhab.service.security.accounts import (
    NewUser,
    check_new_account,
    create_account,
    hash_password,
)
from entekhab.service.security.grants import (
    APPROVED,
    PENDING,
    REJECTED,
    Grant,
    check_grant,
    ensure_proposer,
    national_code_of,
    proposal_row,
    refuse_grant,
    require_two_admin_role,
)
from entekhab.store.tables.security import GrantProposalRow
from entekhab.store.uow import UnitOfWork

__all__ = ["approve_grant", "propose_grant", "reject_grant"]

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def propose_grant(
    uow: UnitOfWork,
    proposer: Principal,
    *,
    username: str,
    full_name: str,
    role: Role,
    jurisdiction: str,
    national_code: str,
    password: str,
    clock: Clock = _now,
) -> int:
    """Record a proposed account of a two-admin role; gives the proposal's id."""
    ensure_proposer(uow, proposer, Action.PROPOSE_GRANT, proposer.actor)
    require_two_admin_role(role)
    check_new_account(uow, username, password)
    waiting = uow.session.scalar(
        select(GrantProposalRow.id).where(
            GrantProposalRow.username == username, GrantProposalRow.state == PENDING
        )
    )
    if waiting is not None:
        raise EntekhabError(errors.USER_EXISTS, {"username": username})
    grant = Grant(username, role, jurisdiction, national_code, proposer, proposer.actor)
    code = check_grant(uow, grant, second_admin=True)
    row = GrantProposalRow(
        username=username,
        full_name=full_name,
        role=role.value,
        jurisdiction=jurisdiction,
        national_code=code,
        password_hash=hash_password(password),
        proposed_by=proposer.user_id,
        proposed_at=clock(),
        state=PENDING,
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow.session,
        events.GRANT_PROPOSED,
        actor=proposer.actor,
        payload={
            "proposal_id": row.id,
            "username": username,
            "role": role.value,
            "jurisdiction": jurisdiction,
        },
    )
    uow.commit()
    return row.id


def _grant_of(row: GrantProposalRow, approver: Principal) -> Grant:
    return Grant(
        row.username, Role(row.role), row.jurisdiction, row.national_code, approver, approver.actor
    )


def approve_grant(
    uow: UnitOfWork, approver: Principal, proposal_id: int, *, clock: Clock = _now
) -> NewUser:
    """A second headquarters admin approves: the account is made (its TOTP URI shown once)."""
    ensure_proposer(uow, approver, Action.DECIDE_GRANT, approver.actor)
    row = proposal_row(uow, proposal_id)
    grant = _grant_of(row, approver)
    approver_code = national_code_of(uow, approver.user_id)
    proposer_code = national_code_of(uow, row.proposed_by)
    if row.proposed_by == approver.user_id or (
        approver_code is not None and approver_code == proposer_code
    ):
        refuse_grant(uow, grant, errors.GRANT_OWN_PROPOSAL, {"proposal_id": str(proposal_id)})
    if approver_code is not None and approver_code == row.national_code:
        details = {
            "granter": approver.role.value,
            "role": row.role,
            "jurisdiction": row.jurisdiction,
            "why": "no admin approves an account for themselves",
        }
        refuse_grant(uow, grant, errors.GRANT_NOT_ALLOWED, details)
    check_new_account(uow, row.username)
    code = check_grant(uow, grant, second_admin=True, skip_proposal=row.id)
    now = clock()
    row.state, row.decided_by, row.decided_at = APPROVED, approver.user_id, now
    record_event(
        uow.session,
        events.GRANT_APPROVED,
        actor=approver.actor,
        payload={"proposal_id": row.id, "username": row.username, "role": row.role},
    )
    return create_account(
        uow,
        grant=grant,
        full_name=row.full_name,
        national_code=code,
        password_hash=row.password_hash,
        now=now,
        extra={"proposal_id": str(row.id)},
    )


def reject_grant(
    uow: UnitOfWork, approver: Principal, proposal_id: int, *, reason: str, clock: Clock = _now
) -> None:
    """Another headquarters admin (or the proposer, withdrawing it) rejects the proposal."""
    ensure_proposer(uow, approver, Action.DECIDE_GRANT, approver.actor)
    row = proposal_row(uow, proposal_id)
    row.state, row.decided_by, row.decided_at = REJECTED, approver.user_id, clock()
    row.reason = reason.strip()[:500] or None
    record_event(
        uow.session,
        events.GRANT_REJECTED,
        actor=approver.actor,
        payload={"proposal_id": row.id, "username": row.username, "reason": row.reason or ""},
    )
    uow.commit()
