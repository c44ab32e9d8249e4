"""Where an object lies: the chain of jurisdictions above a division, branch or contest.

A user's jurisdiction is ``country`` or the code of a division or branch of a loaded election
definition; an object lies inside it when that code is on the object's chain
(``domain.access.within_jurisdiction``). The chains come from the loaded definitions, so they are
the same geography the election itself uses.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from entekhab.domain.access import COUNTRY, branch_ancestors, within_jurisdiction
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes.general import NOT_FOUND
from entekhab.errors import EntekhabError
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.foundation import ElectionRow

__all__ = [
    "Chains",
    "branch_chain",
    "code_chain",
    "contest_chains",
    "election_chains",
    "inside",
    "known_jurisdiction",
]

Chains = list[list[str]]
"""One chain (the object's own code first, then every code above it) per part of an object; the
object lies inside a jurisdiction when every one of its chains does."""


def _election(session: Session, election_id: str) -> ElectionDefinition:
    definition, _hash = get_definition(session, election_id)
    return definition


def branch_chain(session: Session, election_id: str, branch: str) -> Chains:
    """The branch and every division above it (NOT_FOUND for an unknown branch)."""
    definition = _election(session, election_id)
    found = definition.branch_by_code.get(branch)
    if found is None:
        raise EntekhabError(NOT_FOUND, {"what": f"branch {branch}"})
    return [branch_ancestors(branch, definition.ancestors(found.division))]


def contest_chains(session: Session, election_id: str, contest: str) -> Chains:
    """One chain per division of the contest's constituency (NOT_FOUND for an unknown one)."""
    definition = _election(session, election_id)
    found = definition.contest_by_code.get(contest)
    if found is None:
        raise EntekhabError(NOT_FOUND, {"what": f"contest {contest}"})
    return [definition.ancestors(code) for code in found.constituency]


def election_chains(session: Session, election_id: str) -> Chains:
    """The whole area of an election: one chain per top-level division of its definition."""
    definition = _election(session, election_id)
    return [[d.code] for d in definition.divisions if d.parent is None] or [[COUNTRY]]


def code_chain(session: Session, code: str) -> list[str] | None:
    """The chain of a jurisdiction code in the loaded definitions (newest first), or None."""
    if code == COUNTRY:
        return [COUNTRY]
    ids = session.scalars(select(ElectionRow.id).order_by(ElectionRow.loaded_at.desc())).all()
    for election_id in ids:
        definition = _election(session, election_id)
        if code in definition.division_by_code:
            return definition.ancestors(code)
        branch = definition.branch_by_code.get(code)
        if branch is not None:
            return branch_ancestors(code, definition.ancestors(branch.division))
    return None


def known_jurisdiction(session: Session, code: str) -> Chains:
    """The chain of ``code`` (NOT_FOUND when no loaded definition has such a division/branch)."""
    chain = code_chain(session, code)
    if chain is None:
        raise EntekhabError(NOT_FOUND, {"what": f"jurisdiction {code}"})
    return [chain]


def inside(session: Session, jurisdiction: str) -> Callable[[str], bool]:
    """A test of whether a stored jurisdiction code lies inside ``jurisdiction``, for narrowing
    listings (each code's chain is looked up once; an unknown code is only inside itself or the
    country)."""
    chains: dict[str, list[str]] = {}

    def test(code: str) -> bool:
        if code not in chains:
            chains[code] = code_chain(session, code) or [code]
        return within_jurisdiction(jurisdiction, chains[code])

    return test
