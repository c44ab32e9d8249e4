"""Where operations records lie, and who acts: shared by every operations service.

A record's jurisdiction is a division code of a loaded definition (or ``country``); the
permission gate places it with ``record_chains`` and listings are narrowed with
``security.jurisdictions.inside``. ``principal_of`` turns an account name into the principal the
CLI acts as, so the CLI is held to the same clearance and committee rules as the API.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.access import Principal, Role
from entekhab.domain.error_codes.general import INVALID_INPUT, NOT_FOUND
from entekhab.domain.error_codes.operations import OPS_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.permissions import Action
from entekhab.service.definitions.loading import get_definition
from entekhab.service.security.authority import authorize
from entekhab.service.security.jurisdictions import Chains, code_chain, known_jurisdiction
from entekhab.store.tables.foundation import ElectionRow
from entekhab.store.tables.security import UserRow
from entekhab.store.uow import UnitOfWorkFactory

__all__ = [
    "authorize_on",
    "chain_of",
    "division_kind",
    "jurisdiction_chains",
    "lies_under",
    "principal_of",
    "require_inside",
]


def chain_of(session: Session, code: str) -> list[str]:
    """The chain of a jurisdiction code; INVALID_INPUT for a code no definition knows."""
    chain = code_chain(session, code)
    if chain is None:
        raise EntekhabError(INVALID_INPUT, {"reason": f"unknown jurisdiction {code}"})
    return chain


def lies_under(session: Session, office: str, hq: str) -> bool:
    """Whether ``office`` lies inside (or is) the jurisdiction ``hq``."""
    return hq == "country" or hq in chain_of(session, office)


def jurisdiction_chains(session: Session, code: str) -> Chains:
    """For the permission gate: the chain of a record's stored jurisdiction."""
    return known_jurisdiction(session, code)


def principal_of(session: Session, username: str) -> Principal:
    """The principal of an enabled account (the CLI's ``--as``); NOT_FOUND otherwise."""
    row = session.scalars(select(UserRow).where(UserRow.username == username)).one_or_none()
    if row is None or row.disabled:
        raise EntekhabError(NOT_FOUND, {"what": f"account {username}"})
    return Principal(row.id, row.username, Role(row.role), row.jurisdiction)


def division_kind(session: Session, code: str) -> str | None:
    """The kind (province, county, district ...) of a division in the loaded definitions."""
    ids = session.scalars(select(ElectionRow.id).order_by(ElectionRow.loaded_at.desc())).all()
    for election_id in ids:
        definition, _hash = get_definition(session, election_id)
        found = definition.division_by_code.get(code)
        if found is not None:
            return str(found.kind)
    return None


def require_inside(session: Session, jurisdiction: str, code: str, what: str) -> None:
    """OPS_UNKNOWN unless a record filed under ``code`` lies inside ``jurisdiction``: a record
    asked for through another jurisdiction's path is, for that path, not there."""
    if not lies_under(session, code, jurisdiction):
        raise EntekhabError(OPS_UNKNOWN, {"what": what})


def authorize_on(
    uow_factory: UnitOfWorkFactory, principal: Principal, action: Action, jurisdiction: str | None
) -> None:
    """The two checks the HTTP gate makes for an operations route — the permission table's
    action, and ``jurisdiction`` inside the principal's (None for what is not about a place,
    like the rules library) — refused and logged otherwise. The CLI calls this before every
    operations service."""
    with uow_factory() as uow:
        chains = [] if jurisdiction is None else known_jurisdiction(uow.session, jurisdiction)
    authorize(uow_factory, principal, action, chains, what=jurisdiction or "country-wide")
