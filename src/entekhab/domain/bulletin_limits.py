"""How many marks the ballots of one bulletin allow (see ``bulletin_rules``)."""

from __future__ import annotations

from entekhab.domain.contest_seats import max_marks
from entekhab.domain.definition import Contest, ContestKind, ElectionDefinition
from entekhab.domain.results import Bulletin

__all__ = ["mark_limits", "valid_ballots"]


def valid_ballots(bulletin: Bulletin) -> int:
    """Ballots that are neither blank nor invalid for this contest."""
    return bulletin.ballots_cast - bulletin.blank - bulletin.invalid


def mark_limits(
    definition: ElectionDefinition, contest: Contest, bulletin: Bulletin
) -> tuple[int, int]:
    """(most candidate marks, most list votes) the bulletin's valid ballots allow."""
    valid = max(valid_ballots(bulletin), 0)
    candidate_limit = max_marks(definition, contest) * valid
    list_limit = valid if contest.kind == ContestKind.LIST_PR else 0
    return candidate_limit, list_limit
