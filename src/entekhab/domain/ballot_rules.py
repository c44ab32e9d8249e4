"""Selection rules of a ballot: exactly the style's contests; per contest at most the allowed
marks (seats unless ``max_selections``), codes of that contest, no repeats, a list of that
contest; blank allowed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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

__all__ = [
    "MarkFacts",
    "allowed_marks",
    "mark_facts",
    "markable",
    "selection_fault",
    "validate_ballot",
    "validate_selection",
]


def allowed_marks(definition: ElectionDefinition, contest_code: str) -> int:
    """How many candidates a voter may mark in a contest (its seats, by the band rule where
    the definition gives no number, unless ``max_selections`` says otherwise)."""
    return max_marks(definition, definition.contest_by_code[contest_code])


@dataclass(frozen=True)
class MarkFacts:
    """What the selection rules look at in one contest's marks, as counts: an engine that
    reads millions of ballots (the recount) measures these in bulk and asks ``selection_fault``
    for the verdict, so the rule itself is written once, here."""

    marks: int
    """Candidate codes marked (repeats included)."""
    distinct: int
    """Distinct candidate codes marked."""
    unknown: int
    """Marks that are not candidates of the contest."""
    list_given: bool
    """A list is marked."""
    list_known: bool
    """The list marked is one the contest's ballots may mark."""


def markable(
    definition: ElectionDefinition, contest_code: str
) -> tuple[frozenset[str], frozenset[str]]:
    """(candidate codes, list codes) a ballot may mark in a contest: lists only in list PR."""
    contest = definition.contest_by_code[contest_code]
    candidates = frozenset(definition.candidates_by_contest.get(contest_code, {}))
    lists: frozenset[str] = frozenset()
    if contest.kind is ContestKind.LIST_PR:
        lists = frozenset(definition.lists_by_contest.get(contest_code, {}))
    return candidates, lists


def mark_facts(definition: ElectionDefinition, selection: ContestSelection) -> MarkFacts:
    """The ``MarkFacts`` of one selection."""
    candidates, lists = markable(definition, selection.contest)
    return MarkFacts(
        marks=len(selection.candidates),
        distinct=len(set(selection.candidates)),
        unknown=sum(code not in candidates for code in selection.candidates),
        list_given=selection.list_code is not None,
        list_known=selection.list_code in lists,
    )


def selection_fault(definition: ElectionDefinition, contest_code: str, facts: MarkFacts) -> str:
    """The error code of the first selection rule the marks break ('' if none): more marks than
    allowed, a repeated candidate, a code not of the contest, a list it does not take."""
    if facts.marks > allowed_marks(definition, contest_code):
        return TOO_MANY_SELECTIONS.code
    if facts.distinct < facts.marks:
        return REPEATED_SELECTION.code
    if facts.unknown:
        return UNKNOWN_CANDIDATE.code
    if facts.list_given and not facts.list_known:
        return UNKNOWN_LIST.code
    return ""


def validate_selection(definition: ElectionDefinition, selection: ContestSelection) -> None:
    """Raise a coded error unless ``selection`` is a valid marking of its contest."""
    code = selection.contest
    fault = selection_fault(definition, code, mark_facts(definition, selection))
    if not fault:
        return
    if fault == TOO_MANY_SELECTIONS.code:
        allowed = allowed_marks(definition, code)
        raise EntekhabError(
            TOO_MANY_SELECTIONS,
            {"contest": code, "allowed": allowed, "given": len(selection.candidates)},
        )
    if fault == UNKNOWN_LIST.code:
        raise EntekhabError(UNKNOWN_LIST, {"contest": code, "code": selection.list_code})
    candidates, _lists = markable(definition, code)
    seen: set[str] = set()
    for cand in selection.candidates:  # name the first offending mark
        if fault == REPEATED_SELECTION.code and cand in seen:
            raise EntekhabError(REPEATED_SELECTION, {"contest": code, "code": cand})
        seen.add(cand)
        if fault == UNKNOWN_CANDIDATE.code and cand not in candidates:
            raise EntekhabError(UNKNOWN_CANDIDATE, {"contest": code, "code": cand})
    raise AssertionError(fault)  # pragma: no cover - selection_fault named a fault found above


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
