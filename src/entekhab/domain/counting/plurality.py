"""Plurality block vote (اکثریت نسبی): the top N are elected, the next M are alternates
(اعضای علی‌البدل) in order. Also used for the Assembly of Experts by-election and, with the
list's seats as N, to rank the members of an open list.

A tie matters when the candidates with equal votes straddle the last elected place, or reach
into the alternates (whose order matters), or straddle the last alternate place. Such a group
is ordered by the contest's tie-break chain (``ties.break_tie``: by default isargar first,
then higher education, then the verifiable lot) and the tie is recorded. Equal votes wholly
among the elected change nothing; they are listed by ballot code and recorded with
``decisive: false`` so the sheet shows every tie.

The explanation (``PluralityAllocation.as_json()``)::

    {"seats": 3, "alternates": 2, "tie_break": ["isargar", "education", "lot"],
     "ranking": [{"candidate": "101", "votes": 110, "rank": 1, "status": "elected"}, ...],
     "elected": [...], "alternates_ranked": [...],
     "ties": [TieRecord.as_json()]}   # stage "elected" | "alternates" | "not elected"

``ranking`` holds every candidate; ``status`` is ``elected``, ``alternate`` or
``not_elected``; ranks below the alternates follow the votes and then the ballot code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from entekhab.domain.counting.ties import (
    DEFAULT_TIE_BREAK,
    Lot,
    TieFacts,
    TieRecord,
    break_tie,
    check_tie_rules,
)
from entekhab.domain.error_codes.allocation import ALLOCATION_BAD_INPUT
from entekhab.domain.errors import EntekhabError

__all__ = ["PluralityAllocation", "allocate_plurality"]


@dataclass(frozen=True)
class PluralityAllocation:
    """Elected members, alternates in order, the full ranking and the ties met."""

    seats: int
    alternates: int
    votes: Mapping[str, int]
    tie_break: tuple[str, ...]
    ranking: tuple[str, ...]
    ties: tuple[TieRecord, ...]

    @property
    def elected(self) -> list[str]:
        return list(self.ranking[: self.seats])

    @property
    def alternates_ranked(self) -> list[str]:
        return list(self.ranking[self.seats : self.seats + self.alternates])

    def status(self, rank: int) -> str:
        if rank < self.seats:
            return "elected"
        if rank < self.seats + self.alternates:
            return "alternate"
        return "not_elected"

    def _statuses(self) -> list[str]:
        n, m = min(self.seats, len(self.ranking)), self.alternates
        rest = len(self.ranking) - n
        return ["elected"] * n + ["alternate"] * min(m, rest) + ["not_elected"] * max(rest - m, 0)

    def as_json(self) -> dict[str, Any]:
        return {
            "seats": self.seats,
            "alternates": self.alternates,
            "tie_break": list(self.tie_break),
            "ranking": [
                {"candidate": c, "votes": self.votes[c], "rank": i + 1, "status": status}
                for i, (c, status) in enumerate(zip(self.ranking, self._statuses(), strict=True))
            ],
            "elected": self.elected,
            "alternates_ranked": self.alternates_ranked,
            "ties": [t.as_json() for t in self.ties],
        }


def _stage(start: int, seats: int, alternates: int) -> str:
    if start < seats:
        return "elected"
    if start < seats + alternates:
        return "alternates"
    return "not elected"


def _settle(
    value: str,
    ranking: list[str],
    start: int,
    end: int,
    seats: int,
    places: int,
    rules: tuple[str, ...],
    facts: Mapping[str, TieFacts] | None,
    lot: Lot | None,
) -> TieRecord:
    """Order the tied ``ranking[start:end]`` in place; the record of that tie."""
    group = ranking[start:end]
    if end <= seats:  # all elected: the order changes nothing
        return TieRecord(
            "elected",
            value,
            tuple(group),
            len(group),
            (),
            tuple(group),
            tuple(group),
            decisive=False,
            note="all of them are elected; listed by ballot code",
        )
    order, steps = break_tie(group, rules, facts=facts, lot=lot)
    ranking[start:end] = order
    contested = seats - start if start < seats else min(end, places) - start
    return TieRecord(
        _stage(start, seats, places - seats),
        value,
        tuple(group),
        contested,
        tuple(steps),
        tuple(order),
        tuple(order[:contested]),
    )


def allocate_plurality(
    votes: Mapping[str, int],
    seats: int,
    alternates: int = 0,
    *,
    tie_break: Sequence[str] = DEFAULT_TIE_BREAK,
    facts: Mapping[str, TieFacts] | None = None,
    lot: Lot | None = None,
) -> PluralityAllocation:
    """Rank ``votes`` (candidate -> votes): ``seats`` elected, then ``alternates`` in order."""
    if seats < 0 or alternates < 0:
        raise EntekhabError(ALLOCATION_BAD_INPUT, {"reason": "seats and alternates >= 0"})
    for code, v in votes.items():
        if v < 0:
            raise EntekhabError(ALLOCATION_BAD_INPUT, {"reason": f"votes of {code} < 0"})
    rules = tuple(tie_break)
    check_tie_rules(rules)
    places = seats + alternates
    # One sort by (votes desc, code); only the places up to the last alternate (and a group
    # that straddles it) are walked in Python for ties.
    ranking = sorted(votes, key=lambda c: (-votes[c], c))
    ties: list[TieRecord] = []
    start = 0
    while start < min(places, len(ranking)):
        value = votes[ranking[start]]
        end = start + 1
        while end < len(ranking) and votes[ranking[end]] == value:
            end += 1
        if end - start > 1:
            ties.append(_settle(str(value), ranking, start, end, seats, places, rules, facts, lot))
        start = end
    return PluralityAllocation(
        seats=seats,
        alternates=alternates,
        votes=dict(votes),
        tie_break=rules,
        ranking=tuple(ranking),
        ties=tuple(ties),
    )
