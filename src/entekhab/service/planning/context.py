"""What every planning use case needs first: the election's definition, a known branch, a known
division, and the registry's eligible voters per division."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from entekhab.domain.definition import Branch, ElectionDefinition
from entekhab.domain.error_codes.planning import PLANNING_BRANCH_UNKNOWN, PLANNING_DIVISION_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.service.definitions.loading import get_definition
from entekhab.store.tables.foundation import Citizen

__all__ = [
    "branch_of",
    "branches_in",
    "definition_of",
    "division_of",
    "eligible_by_division",
]


def definition_of(session: Session, election_id: str) -> ElectionDefinition:
    return get_definition(session, election_id).definition


def branch_of(definition: ElectionDefinition, branch: str) -> Branch:
    found = definition.branch_by_code.get(branch)
    if found is None:
        raise EntekhabError(PLANNING_BRANCH_UNKNOWN, {"branch": branch})
    return found


def division_of(definition: ElectionDefinition, code: str) -> None:
    if code not in definition.division_by_code:
        raise EntekhabError(PLANNING_DIVISION_UNKNOWN, {"division": code})


def branches_in(definition: ElectionDefinition, area: str | None) -> list[Branch]:
    """The branches inside ``area`` (a division code; None: all), in definition order."""
    if area is None:
        return list(definition.branches)
    division_of(definition, area)
    return [b for b in definition.branches if area in definition.ancestors(b.division)]


def eligible_by_division(session: Session, definition: ElectionDefinition) -> dict[str, int]:
    """Citizens of voting age on polling day per residence division (empty without a
    registry)."""
    day = definition.polling_day
    try:
        cutoff = day.replace(year=day.year - definition.minimum_age)
    except ValueError:  # 29 February
        cutoff = date(day.year - definition.minimum_age, 2, 28)
    rows = session.execute(
        select(Citizen.residence_division, func.count())
        .where(Citizen.birth_date <= cutoff)
        .group_by(Citizen.residence_division)
    ).all()
    return {str(division): int(count) for division, count in rows}
