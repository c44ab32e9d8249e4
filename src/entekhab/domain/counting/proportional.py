"""List PR: seats between party lists (and independents, as one-member lists), exactly.

Methods: ``hare`` and ``droop`` (largest remainder with the Hare quota ``V/S`` or the Droop
quota ``floor(V/(S+1)) + 1``), ``dhondt`` (divisors 1, 2, 3 …), ``sainte_lague`` (1, 3, 5 …)
and ``modified_sainte_lague`` (7/5, 3, 5 …). All arithmetic is int and ``Fraction``.

Rules of this module (docs/seat-allocation.md):

* **Threshold**: a list takes part only if its votes are at least ``threshold`` × the valid
  votes (the sum of ``votes``). A list without any vote never takes part.
* **Capacity**: a list never gets more seats than ``capacity[list]`` (its candidates). When a
  round gives a list more, it keeps its capacity and leaves; the seats still open are shared
  again among the others, from scratch, by the same method (one more *round*). For a divisor
  method that is exactly "skip a full list and go on down the quotients".
* **Largest remainder**: each list first gets the whole part of ``votes / quota``; the seats
  left go one each to the largest remainders (if, with the Droop quota and very few votes, more
  seats are left than lists, the pass is repeated in the same order).
* **Ties**: only a tie that straddles the last seat matters (equal remainders, or equal
  quotients, some of which win and some not). It is settled by the verifiable lot (``ties``)
  and recorded; without a lot it is refused (ALLOCATION_LOT_REQUIRED), never settled silently.

The explanation (``ListPRAllocation.as_json()``)::

    {"method": "hare", "seats": 10, "valid_votes": 100000,
     "threshold": "0", "threshold_votes": "0",          # exact fractions as strings
     "below_threshold": [...], "without_votes": [...],
     "capacity": {list: int}, "allocated": {list: int}, "unfilled": 0,
     "rounds": [{"round": 1, "seats": 10, "lists": [...], "votes": 100000,
                 "quota": "10000",                       # largest remainder only, else null
                 "rows": [{"list", "votes", "quotient", "automatic", "remainder",
                           "remainder_seats", "seats"}],  # largest remainder only
                 "divisors": [{"list", "votes", "seats",
                               "quotients": [{"divisor", "quotient", "seat"}]}],  # divisor only
                 "cutoff": "…",      # the smallest remainder / quotient that won a seat
                 "won": {list: int}, "capped": [...]}],
     "ties": [TieRecord.as_json() + {"round": n}]}

Divisor rows list, per list, the quotients that won a seat (``seat`` = its number in the
order of award) and the first one that did not (``seat``: null).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from entekhab.domain.counting.ties import Lot, TieRecord, break_tie
from entekhab.domain.error_codes.allocation import ALLOCATION_BAD_INPUT, ALLOCATION_UNKNOWN_METHOD
from entekhab.domain.errors import EntekhabError

__all__ = [
    "DIVISOR_METHODS",
    "LARGEST_REMAINDER_METHODS",
    "METHODS",
    "AllocationRound",
    "ListPRAllocation",
    "allocate_list_pr",
    "divisor",
    "quota",
]

LARGEST_REMAINDER_METHODS = ("hare", "droop")
DIVISOR_METHODS = ("dhondt", "sainte_lague", "modified_sainte_lague")
METHODS = LARGEST_REMAINDER_METHODS + DIVISOR_METHODS


def quota(method: str, votes: int, seats: int) -> Fraction:
    """The quota of a largest-remainder method: Hare ``V/S``, Droop ``floor(V/(S+1)) + 1``."""
    if method == "hare":
        return Fraction(votes, seats)
    return Fraction(votes // (seats + 1) + 1)


def divisor(method: str, k: int) -> Fraction:
    """The divisor of a list's ``k``-th seat (``k`` from 0) under a divisor method."""
    if method == "dhondt":
        return Fraction(k + 1)
    if method == "modified_sainte_lague" and k == 0:
        return Fraction(7, 5)
    return Fraction(2 * k + 1)


@dataclass(frozen=True)
class AllocationRound:
    """One pass of the method over the lists still open (see "Capacity")."""

    number: int
    seats: int
    votes: Mapping[str, int]
    quota: Fraction | None
    detail: list[dict[str, Any]]
    cutoff: Fraction | None
    won: Mapping[str, int]
    capped: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "round": self.number,
            "seats": self.seats,
            "lists": sorted(self.votes),
            "votes": sum(self.votes.values()),
            "quota": None if self.quota is None else str(self.quota),
            "rows" if self.quota is not None else "divisors": self.detail,
            "cutoff": None if self.cutoff is None else str(self.cutoff),
            "won": dict(sorted(self.won.items())),
            "capped": list(self.capped),
        }


@dataclass(frozen=True)
class ListPRAllocation:
    """Seats per list and the working that led to them (see the module docstring)."""

    method: str
    seats_total: int
    votes: Mapping[str, int]
    threshold: Fraction
    below_threshold: tuple[str, ...]
    without_votes: tuple[str, ...]
    capacity: Mapping[str, int]
    seats: Mapping[str, int]
    rounds: tuple[AllocationRound, ...]
    ties: tuple[tuple[int, TieRecord], ...]

    @property
    def valid_votes(self) -> int:
        return sum(self.votes.values())

    @property
    def unfilled(self) -> int:
        return self.seats_total - sum(self.seats.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "seats": self.seats_total,
            "valid_votes": self.valid_votes,
            "threshold": str(self.threshold),
            "threshold_votes": str(self.threshold * self.valid_votes),
            "below_threshold": list(self.below_threshold),
            "without_votes": list(self.without_votes),
            "capacity": dict(sorted(self.capacity.items())),
            "allocated": dict(sorted(self.seats.items())),
            "unfilled": self.unfilled,
            "rounds": [r.as_json() for r in self.rounds],
            "ties": [{"round": n, **t.as_json()} for n, t in self.ties],
        }


def _check(
    votes: Mapping[str, int],
    seats: int,
    method: str,
    threshold: Fraction,
    capacity: Mapping[str, int] | None,
) -> None:
    if method not in METHODS:
        raise EntekhabError(ALLOCATION_UNKNOWN_METHOD, {"method": method})
    if seats < 0:
        raise EntekhabError(ALLOCATION_BAD_INPUT, {"reason": f"seats {seats} < 0"})
    for code, v in votes.items():
        if v < 0:
            raise EntekhabError(ALLOCATION_BAD_INPUT, {"reason": f"votes of {code} < 0"})
    if not 0 <= threshold <= 1:
        raise EntekhabError(ALLOCATION_BAD_INPUT, {"reason": f"threshold {threshold}"})
    for code, c in (capacity or {}).items():
        if c < 0:
            raise EntekhabError(ALLOCATION_BAD_INPUT, {"reason": f"capacity of {code} < 0"})


def _largest_remainder(
    method: str, votes: Mapping[str, int], seats: int, lot: Lot | None, ties: list[TieRecord]
) -> tuple[dict[str, int], Fraction, list[dict[str, Any]], Fraction | None]:
    q = quota(method, sum(votes.values()), seats)
    quotient = {c: Fraction(v) / q for c, v in votes.items()}
    won = {c: int(quotient[c]) for c in votes}  # int() of a positive Fraction: the floor
    remainder = {c: quotient[c] - won[c] for c in votes}
    extra = dict.fromkeys(votes, 0)
    left = seats - sum(won.values())
    cutoff: Fraction | None = None
    while left > 0:
        take = min(left, len(votes))
        ranked = sorted(votes, key=remainder.__getitem__, reverse=True)
        cutoff = remainder[ranked[take - 1]]
        winners = [c for c in ranked if remainder[c] > cutoff]
        level = [c for c in ranked if remainder[c] == cutoff]
        need = take - len(winners)
        if need < len(level):
            order, steps = break_tie(level, ("lot",), lot=lot)
            ties.append(
                TieRecord(
                    "remainder",
                    str(cutoff),
                    tuple(sorted(level)),
                    need,
                    tuple(steps),
                    tuple(order),
                    tuple(order[:need]),
                )
            )
            winners += order[:need]
        else:
            winners += level
        for c in winners:
            extra[c] += 1
        left -= take
    rows = [
        {
            "list": c,
            "votes": votes[c],
            "quotient": str(quotient[c]),
            "automatic": won[c],
            "remainder": str(remainder[c]),
            "remainder_seats": extra[c],
            "seats": won[c] + extra[c],
        }
        for c in sorted(votes, key=lambda c: (-votes[c], c))
    ]
    return {c: won[c] + extra[c] for c in votes}, q, rows, cutoff


def _highest_averages(
    method: str, votes: Mapping[str, int], seats: int, lot: Lot | None, ties: list[TieRecord]
) -> tuple[dict[str, int], list[dict[str, Any]], Fraction | None]:
    entries = [
        (Fraction(v) / divisor(method, k), c, k) for c, v in votes.items() for k in range(seats)
    ]
    entries.sort(key=lambda e: -e[0])
    won = dict.fromkeys(votes, 0)
    seat_no: dict[tuple[str, int], int] = {}
    cutoff: Fraction | None = None
    if seats > 0 and entries:
        cutoff = entries[min(seats, len(entries)) - 1][0]
        above = [e for e in entries if e[0] > cutoff]
        level = [e for e in entries if e[0] == cutoff]  # distinct lists: quotients fall with k
        need = min(seats, len(entries)) - len(above)
        if need < len(level):
            order, steps = break_tie([e[1] for e in level], ("lot",), lot=lot)
            ties.append(
                TieRecord(
                    "quotient",
                    str(cutoff),
                    tuple(sorted(e[1] for e in level)),
                    need,
                    tuple(steps),
                    tuple(order),
                    tuple(order[:need]),
                )
            )
            rank = {c: i for i, c in enumerate(order)}
            level.sort(key=lambda e: rank[e[1]])
        for n, (_q, c, k) in enumerate(above + level[:need], start=1):
            won[c] += 1
            seat_no[(c, k)] = n
    table = [
        {
            "list": c,
            "votes": votes[c],
            "seats": won[c],
            "quotients": [
                {
                    "divisor": str(divisor(method, k)),
                    "quotient": str(Fraction(votes[c]) / divisor(method, k)),
                    "seat": seat_no.get((c, k)),
                }
                for k in range(min(won[c] + 1, seats))
            ],
        }
        for c in sorted(votes, key=lambda c: (-votes[c], c))
    ]
    return won, table, cutoff


def allocate_list_pr(
    votes: Mapping[str, int],
    seats: int,
    method: str = "hare",
    threshold: Fraction = Fraction(0),
    lot: Lot | None = None,
    capacity: Mapping[str, int] | None = None,
) -> ListPRAllocation:
    """Share ``seats`` between the lists of ``votes`` by ``method`` (module docstring).

    ``capacity`` gives each list's number of candidates (missing: no limit). The result's
    ``seats`` maps every list of ``votes`` to its seats (0 if it took no part).
    """
    threshold = Fraction(threshold)
    _check(votes, seats, method, threshold, capacity)
    total = sum(votes.values())
    cap = {c: seats if capacity is None else capacity.get(c, seats) for c in votes}
    without = tuple(sorted(c for c, v in votes.items() if v == 0))
    below = tuple(sorted(c for c, v in votes.items() if v > 0 and Fraction(v, total) < threshold))
    active = {c: v for c, v in votes.items() if v > 0 and c not in below and cap[c] > 0}
    final = dict.fromkeys(votes, 0)
    rounds: list[AllocationRound] = []
    ties: list[tuple[int, TieRecord]] = []
    left = seats
    while left > 0 and active:
        met: list[TieRecord] = []
        q: Fraction | None = None
        if method in LARGEST_REMAINDER_METHODS:
            won, q, detail, cutoff = _largest_remainder(method, active, left, lot, met)
        else:
            won, detail, cutoff = _highest_averages(method, active, left, lot, met)
        over = tuple(sorted(c for c in active if won[c] > cap[c]))
        number = len(rounds) + 1
        rounds.append(AllocationRound(number, left, dict(active), q, detail, cutoff, won, over))
        ties.extend((number, t) for t in met)
        if not over:
            final.update(won)
            break
        for c in over:
            final[c] = cap[c]
            left -= cap[c]
            del active[c]
    return ListPRAllocation(
        method=method,
        seats_total=seats,
        votes=dict(votes),
        threshold=threshold,
        below_threshold=below,
        without_votes=without,
        capacity=cap,
        seats=final,
        rounds=tuple(rounds),
        ties=tuple(ties),
    )
