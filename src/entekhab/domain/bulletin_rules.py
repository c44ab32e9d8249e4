"""Checks of a branch bulletin's content against the election definition (pure, no I/O).

``check_bulletin`` raises the first ``EntekhabError`` it finds; the service layer adds the checks
that need storage or cryptography (signatures, enrolled keys, duplicates and corrections).

Limits on marks. Only valid, non-blank ballots carry marks: ``valid = ballots_cast - blank -
invalid``. Plurality: the candidate marks add up to at most ``max_marks x valid``. List PR:
each valid ballot names at most one list, so the list votes add up to at most ``valid``, and the
personal candidate marks to at most ``max_marks x valid``.
"""

from __future__ import annotations

from entekhab.domain.bulletin_limits import mark_limits
from entekhab.domain.definition import ContestKind, ElectionDefinition
from entekhab.domain.error_codes import counting as codes
from entekhab.domain.errors import EntekhabError
from entekhab.domain.results import Bulletin

__all__ = ["check_bulletin"]


def check_bulletin(
    definition: ElectionDefinition, definition_hash: str, bulletin: Bulletin
) -> None:
    """Raise the coded error of the first rule ``bulletin`` breaks; return if it keeps them all."""
    _check_identity(definition, definition_hash, bulletin)
    _check_codes(definition, bulletin)
    _check_counts(definition, bulletin)
    if bulletin.supersedes is not None and not (bulletin.correction_reason or "").strip():
        raise EntekhabError(codes.BULLETIN_CORRECTION_REASON_MISSING, {})


def _check_identity(definition: ElectionDefinition, definition_hash: str, b: Bulletin) -> None:
    if b.election_id != definition.id:
        raise EntekhabError(codes.BULLETIN_UNKNOWN_ELECTION, {"election_id": b.election_id})
    if b.definition_hash != definition_hash:
        raise EntekhabError(
            codes.BULLETIN_DEFINITION_MISMATCH,
            {"got": b.definition_hash, "expected": definition_hash},
        )
    branch = definition.branch_by_code.get(b.branch)
    if branch is None:
        raise EntekhabError(codes.BULLETIN_UNKNOWN_BRANCH, {"branch": b.branch})
    style = definition.style_by_code.get(branch.ballot_style)
    if (
        style is None
        or b.contest not in style.contests
        or b.contest not in definition.contest_by_code
    ):
        raise EntekhabError(
            codes.BULLETIN_UNKNOWN_CONTEST, {"contest": b.contest, "branch": b.branch}
        )


def _check_codes(definition: ElectionDefinition, b: Bulletin) -> None:
    for field, counts in (("candidate_votes", b.candidate_votes), ("list_votes", b.list_votes)):
        for code, votes in counts.items():
            if votes < 0:
                raise EntekhabError(codes.BULLETIN_NEGATIVE_COUNT, {"field": f"{field}.{code}"})
    candidates = definition.candidates_by_contest.get(b.contest, {})
    for code in b.candidate_votes:
        if code not in candidates:
            raise EntekhabError(
                codes.BULLETIN_UNKNOWN_CANDIDATE, {"code": code, "contest": b.contest}
            )
    contest = definition.contest_by_code[b.contest]
    if contest.kind == ContestKind.PLURALITY and b.list_votes:
        raise EntekhabError(codes.BULLETIN_LIST_VOTES_IN_PLURALITY, {"contest": b.contest})
    lists = definition.lists_by_contest.get(b.contest, {})
    for code in b.list_votes:
        if code not in lists:
            raise EntekhabError(codes.BULLETIN_UNKNOWN_LIST, {"code": code, "contest": b.contest})


def _check_counts(definition: ElectionDefinition, b: Bulletin) -> None:
    if b.ballots_cast > b.voters_checked_in:
        raise EntekhabError(
            codes.BULLETIN_BALLOTS_EXCEED_VOTERS,
            {"ballots": b.ballots_cast, "voters": b.voters_checked_in},
        )
    if b.blank + b.invalid > b.ballots_cast:
        raise EntekhabError(
            codes.BULLETIN_BLANK_INVALID_EXCEED_BALLOTS,
            {"blank_invalid": b.blank + b.invalid, "ballots": b.ballots_cast},
        )
    contest = definition.contest_by_code[b.contest]
    candidate_limit, list_limit = mark_limits(definition, contest, b)
    marks = sum(b.candidate_votes.values())
    if marks > candidate_limit:
        raise EntekhabError(
            codes.BULLETIN_VOTES_EXCEED_BALLOTS,
            {"what": "candidate", "votes": marks, "limit": candidate_limit},
        )
    list_total = sum(b.list_votes.values())
    if list_total > list_limit:
        raise EntekhabError(
            codes.BULLETIN_VOTES_EXCEED_BALLOTS,
            {"what": "list", "votes": list_total, "limit": list_limit},
        )
