"""Seat allocation, pure and exact: list PR (``proportional``), a whole list-PR contest with
members ranked within lists (``list_contest``), plurality block vote with alternates
(``plurality``) and the verifiable lot with the tie-break chain (``ties``).

Every result explains itself (``as_json()``): quotas, remainders or divisor tables, the
ranking, and every tie with the rule that settled it. See docs/seat-allocation.md and
docs/ties.md.
"""

from entekhab.domain.counting.list_contest import ListContestAllocation, allocate_list_contest
from entekhab.domain.counting.plurality import PluralityAllocation, allocate_plurality
from entekhab.domain.counting.proportional import METHODS, ListPRAllocation, allocate_list_pr
from entekhab.domain.counting.ties import DEFAULT_TIE_BREAK, Lot, TieFacts, lot_seed

__all__ = [
    "DEFAULT_TIE_BREAK",
    "METHODS",
    "ListContestAllocation",
    "ListPRAllocation",
    "Lot",
    "PluralityAllocation",
    "TieFacts",
    "allocate_list_contest",
    "allocate_list_pr",
    "allocate_plurality",
    "lot_seed",
]
