"""Services ask the permission table (``domain/permissions.py``) before they act.

``require_action`` is the role check every state-changing service makes (certification, held
ballots): the HTTP gate has already made it for API calls, but the CLI and any other caller come
through here, so a role the table does not allow is refused the same way — ROLE_NOT_ALLOWED
(403), logged as ``PERMISSION_DENIED`` in a transaction of its own, nothing else written.

``authorize`` adds the place: the object's chains must lie inside the user's jurisdiction
(OUT_OF_JURISDICTION otherwise). The CLI, signed in as the user, calls it with the same chains
the HTTP gate finds, and web pages ask ``may_act`` which actions to offer.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from entekhab.domain.access import Principal, Role, within_jurisdiction
from entekhab.domain.error_codes.security import OUT_OF_JURISDICTION
from entekhab.domain.errors import EntekhabError
from entekhab.domain.event_codes.security import PERMISSION_DENIED
from entekhab.domain.permissions import Action, permits, require
from entekhab.service.audit.events import record_event_apart
from entekhab.service.security.jurisdictions import branch_chain, contest_chains, election_chains
from entekhab.store.uow import UnitOfWorkFactory

__all__ = ["authorize", "may_act", "may_act_on", "require_action"]


def _denied(
    uow_factory: UnitOfWorkFactory, error: EntekhabError, *, actor: str, action: Action, what: str
) -> EntekhabError:
    record_event_apart(
        uow_factory,
        PERMISSION_DENIED,
        actor=actor,
        payload={"code": error.code, "action": action.value, "object": what},
    )
    return error


def require_action(
    uow_factory: UnitOfWorkFactory, action: Action, *, role: Role | str, actor: str, what: str
) -> Role:
    """The caller's role, if the permission table lets it perform ``action``; else refused
    (ROLE_NOT_ALLOWED) and logged."""
    try:
        return require(role, action)
    except EntekhabError as error:
        raise _denied(uow_factory, error, actor=actor, action=action, what=what) from None


def authorize(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    action: Action,
    chains: Sequence[Sequence[str]],
    *,
    what: str,
) -> None:
    """Refuse (logged) unless ``principal`` may perform ``action`` on an object along
    ``chains``: the same two checks the HTTP gate makes."""
    require_action(uow_factory, action, role=principal.role, actor=principal.actor, what=what)
    if not all(within_jurisdiction(principal.jurisdiction, chain) for chain in chains):
        error = EntekhabError(OUT_OF_JURISDICTION, {"jurisdiction": principal.jurisdiction})
        raise _denied(uow_factory, error, actor=principal.actor, action=action, what=what)


def may_act(principal: Principal, action: Action, chains: Sequence[Sequence[str]] = ()) -> bool:
    """Whether to offer ``action`` to this user on this object (a page's question)."""
    return permits(principal, action, chains)


def may_act_on(
    session: Session,
    principal: Principal,
    action: Action,
    *,
    election: str,
    contest: str | None = None,
    branch: str | None = None,
) -> bool:
    """``may_act`` on a contest, a branch, or (neither given) the whole election: whether a page
    should show this user the button for ``action`` there. An unknown contest or branch: no."""
    try:
        if contest is not None:
            chains = contest_chains(session, election, contest)
        elif branch is not None:
            chains = branch_chain(session, election, branch)
        else:
            chains = election_chains(session, election)
    except EntekhabError:
        return False
    return permits(principal, action, chains)
