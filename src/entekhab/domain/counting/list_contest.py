"""A whole list-PR contest: seats between lists and independents, then members within lists.

**How the votes are counted** (one rule, here, so it can be read and changed in one place).
A list-PR ballot may choose one list as a whole (``Bulletin.list_votes``) and mark up to the
allowed number of candidates individually (``Bulletin.candidate_votes``, personal votes).

* A list's votes for the seat allocation are the ballots that chose it as a whole plus the
  personal votes of its members: every mark counts once for the list it belongs to.
* An independent candidate (in no list) takes part as a one-member list with their personal
  votes; their entry's code is their ballot code.
* Within an open list, a member's votes are their personal votes plus the ballots that chose
  the list (a vote for the list counts for each member). That addition is the same for every
  member of the list, so the ranking is the ranking by personal votes; both parts are shown.
  A closed list ranks its members in list order.

A list's capacity is its number of members: it never gets more seats than that. Within each
entry the first ``seats`` ranked members are elected and the next ones, up to the contest's
number of alternates, are that list's alternates in order (a vacancy is filled from the same
list; a list without a seat has none). Ties in the ranking go through the contest's
tie-break chain (``plurality``).

The explanation (``ListContestAllocation.as_json()``)::

    {"counting_rule": "...", "open_list": true,
     "proportional": ListPRAllocation.as_json(),
     "entries": [{"code": "L1", "kind": "list" | "independent", "list_votes": 50,
                  "personal_votes": 70, "votes": 120, "seats": 2,
                  "members": [{"candidate", "personal", "via_list", "votes", "rank",
                               "status"}],   # in rank order
                  "elected": [...], "alternates": [...],
                  "ties": [TieRecord.as_json()]}],   # ties within the list's ranking
     "elected": [...], "alternates_ranked": [...]}

Entries come in order of seats won, then votes, then code; ``elected`` and
``alternates_ranked`` follow that order, each entry's members in rank order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from entekhab.domain.counting.plurality import PluralityAllocation, allocate_plurality
from entekhab.domain.counting.proportional import ListPRAllocation, allocate_list_pr
from entekhab.domain.counting.ties import DEFAULT_TIE_BREAK, Lot, TieFacts
from entekhab.domain.error_codes.allocation import ALLOCATION_BAD_INPUT
from entekhab.domain.errors import EntekhabError

__all__ = ["COUNTING_RULE", "ListContestAllocation", "ListEntry", "allocate_list_contest"]

COUNTING_RULE = (
    "list votes = ballots choosing the list + personal votes of its members; "
    "independents are one-member lists; a member's votes = personal + ballots choosing the list"
)


@dataclass(frozen=True)
class ListEntry:
    """One list (or independent) of a list-PR contest and how its seats went to members."""

    code: str
    kind: str
    members: tuple[str, ...]
    list_votes: int
    personal: Mapping[str, int]
    seats: int
    ranking: tuple[str, ...]
    alternates_allowed: int
    member_order: PluralityAllocation | None

    @property
    def votes(self) -> int:
        return self.list_votes + sum(self.personal.values())

    @property
    def elected(self) -> list[str]:
        return list(self.ranking[: self.seats])

    @property
    def alternates(self) -> list[str]:
        return list(self.ranking[self.seats : self.seats + self.alternates_allowed])

    def as_json(self) -> dict[str, Any]:
        elected, alternates = set(self.elected), set(self.alternates)
        return {
            "code": self.code,
            "kind": self.kind,
            "list_votes": self.list_votes,
            "personal_votes": sum(self.personal.values()),
            "votes": self.votes,
            "seats": self.seats,
            "members": [
                {
                    "candidate": c,
                    "personal": self.personal[c],
                    "via_list": self.list_votes,
                    "votes": self.personal[c] + self.list_votes,
                    "rank": i + 1,
                    "status": "elected"
                    if c in elected
                    else "alternate"
                    if c in alternates
                    else "not_elected",
                }
                for i, c in enumerate(self.ranking)
            ],
            "elected": self.elected,
            "alternates": self.alternates,
            "ties": [t.as_json() for t in self.member_order.ties] if self.member_order else [],
        }


@dataclass(frozen=True)
class ListContestAllocation:
    """The list-level allocation and each entry's members, elected and alternates."""

    open_list: bool
    proportional: ListPRAllocation
    entries: tuple[ListEntry, ...]

    @property
    def elected(self) -> list[str]:
        return [c for e in self.entries for c in e.elected]

    @property
    def alternates_ranked(self) -> list[str]:
        return [c for e in self.entries for c in e.alternates]

    def as_json(self) -> dict[str, Any]:
        return {
            "counting_rule": COUNTING_RULE,
            "open_list": self.open_list,
            "proportional": self.proportional.as_json(),
            "entries": [e.as_json() for e in self.entries],
            "elected": self.elected,
            "alternates_ranked": self.alternates_ranked,
        }


def _entries(
    lists: Mapping[str, Sequence[str]], candidates: Iterable[str]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """code -> (kind, members): the lists, then each candidate in no list as an independent."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    member_of: dict[str, str] = {}
    for code, members in lists.items():
        for m in members:
            if m in member_of:
                raise EntekhabError(
                    ALLOCATION_BAD_INPUT, {"reason": f"{m} is in lists {member_of[m]} and {code}"}
                )
            member_of[m] = code
        out[code] = ("list", tuple(members))
    for c in candidates:
        if c not in member_of:
            if c in out:
                raise EntekhabError(
                    ALLOCATION_BAD_INPUT, {"reason": f"independent {c} has a list's code"}
                )
            out[c] = ("independent", (c,))
    return out


def allocate_list_contest(
    *,
    lists: Mapping[str, Sequence[str]],
    candidates: Iterable[str],
    candidate_votes: Mapping[str, int],
    list_votes: Mapping[str, int],
    seats: int,
    alternates: int,
    method: str = "hare",
    threshold: Fraction = Fraction(0),
    open_list: bool = True,
    tie_break: Sequence[str] = DEFAULT_TIE_BREAK,
    facts: Mapping[str, TieFacts] | None = None,
    lot: Lot | None = None,
) -> ListContestAllocation:
    """Allocate a list-PR contest (module docstring): lists' members in list order."""
    entries = _entries(lists, candidates)
    personal = {
        code: {m: candidate_votes.get(m, 0) for m in members}
        for code, (_kind, members) in entries.items()
    }
    via_list = {
        code: list_votes.get(code, 0) if kind == "list" else 0
        for code, (kind, _m) in entries.items()
    }
    votes = {code: via_list[code] + sum(personal[code].values()) for code in entries}
    capacity = {code: len(members) for code, (_kind, members) in entries.items()}
    pr = allocate_list_pr(votes, seats, method, threshold, lot, capacity)
    out: list[ListEntry] = []
    for code, (kind, members) in entries.items():
        won = pr.seats[code]
        allowed = alternates if kind == "list" and won > 0 else 0
        order: PluralityAllocation | None = None
        if open_list and kind == "list":
            room = min(allowed, len(members) - won)
            order = allocate_plurality(
                personal[code], won, room, tie_break=tie_break, facts=facts, lot=lot
            )
            ranking = order.ranking
        else:
            ranking = members
        out.append(
            ListEntry(
                code, kind, members, via_list[code], personal[code], won, ranking, allowed, order
            )
        )
    out.sort(key=lambda e: (-e.seats, -e.votes, e.code))
    return ListContestAllocation(open_list=open_list, proportional=pr, entries=tuple(out))
