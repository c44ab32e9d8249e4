"""Selection rules of a ballot: exactly the style's contests; per contest at most the allowed
marks (seats unless ``max_selections``), codes of that contest, no repeats, a list of that
contest; blank allowed."""

from __future__ import annotations

from collections.abc import Sequence

from entekhab.domain.ballot import ContestSelection
from entekhab.domain.contest_seats import max_marks
from entekhab.domain.definition import ContestKind, ElectionDefinition
from entekhab.domain.error_codes.election_day import (
    REPEATED_SELECTION,
    TOO_MANY_SELECTIONS,
    UNKNOWN_CANDIDATE,
    UNKNOWN_LIST,
    WRONG_CONTESTS,
)
from entekhab.domain.errors import EntekhabError

__all__ = ["allowed_marks", "validate_ballot", "validate_selection"]


def allowed_marks(definition: ElectionDefinition, contest_code: str) -> int:
    """How many candidates a voter may mark in a contest (its seats, by the band rule where
    the definition gives no number, unless ``max_selections`` says otherwise)."""
    return max_marks(definition, definition.contest_by_code[contest_code])


def validate_selection(definition: ElectionDefinition, selection: ContestSelection) -> None:
    """Raise a coded error unless ``selection`` is a valid marking of its contest."""
    code = selection.contest
    contest = definition.contest_by_code[code]
    allowed = allowed_marks(definition, code)
    if len(selection.candidates) > allowed:
        raise EntekhabError(
            TOO_MANY_SELECTIONS,
            {"contest": code, "allowed": allowed, "given": len(selection.candidates)},
        )
    seen: set[str] = set()
    known = definition.candidates_by_contest.get(code, {})
    for cand in selection.candidates:
        if cand in seen:
            raise EntekhabError(REPEATED_SELECTION, {"contest": code, "code": cand})
        seen.add(cand)
        if cand not in known:
            raise EntekhabError(UNKNOWN_CANDIDATE, {"contest": code, "code": cand})
    if selection.list_code is not None and (
        contest.kind is not ContestKind.LIST_PR
        or selection.list_code not in definition.lists_by_contest.get(code, {})
    ):
        raise EntekhabError(UNKNOWN_LIST, {"contest": code, "code": selection.list_code})


def validate_ballot(
    definition: ElectionDefinition,
    style_contests: Sequence[str],
    selections: Sequence[ContestSelection],
) -> tuple[ContestSelection, ...]:
    """The selections in the style's contest order, each validated."""
    given = [s.contest for s in selections]
    if sorted(given) != sorted(style_contests) or len(set(given)) != len(given):
        raise EntekhabError(WRONG_CONTESTS, {"expected": list(style_contests), "given": given})
    by_contest = {s.contest: s for s in selections}
    ordered = tuple(by_contest[c] for c in style_contests)
    for selection in ordered:
        validate_selection(definition, selection)
    return ordered
