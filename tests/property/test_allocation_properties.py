"""Invariants of list PR and plurality, over random inputs (hypothesis)."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from entekhab.domain.counting.list_contest import allocate_list_contest
from entekhab.domain.counting.plurality import allocate_plurality
from entekhab.domain.counting.proportional import DIVISOR_METHODS, METHODS, allocate_list_pr
from entekhab.domain.counting.ties import Lot, TieFacts

LOT = Lot.from_inputs("P", "00" * 32, "11" * 16)
CODES = [f"L{i}" for i in range(10)]

votes_st = st.lists(st.integers(0, 100_000), min_size=1, max_size=10).map(
    lambda vs: dict(zip(CODES, vs, strict=False))
)
seats_st = st.integers(0, 40)


@settings(max_examples=150, deadline=None)
@given(
    votes=votes_st,
    seats=seats_st,
    method=st.sampled_from(METHODS),
    caps=st.lists(st.integers(0, 12), min_size=10, max_size=10),
    threshold=st.sampled_from([Fraction(0), Fraction(1, 20), Fraction(1, 10)]),
)
def test_seats_sum_to_what_the_lists_can_take_and_no_list_exceeds_its_size(
    votes: dict[str, int], seats: int, method: str, caps: list[int], threshold: Fraction
) -> None:
    capacity = dict(zip(CODES, caps, strict=False))
    result = allocate_list_pr(votes, seats, method, threshold, LOT, capacity)
    total = sum(votes.values())
    taking = [c for c, v in votes.items() if v > 0 and Fraction(v, total) >= threshold]
    assert sum(result.seats.values()) == min(seats, sum(capacity[c] for c in taking))
    for code, won in result.seats.items():
        assert 0 <= won <= capacity[code]
        if code not in taking:
            assert won == 0


@settings(max_examples=150, deadline=None)
@given(votes=votes_st, seats=st.integers(1, 40))
def test_hare_stays_within_the_quota(votes: dict[str, int], seats: int) -> None:
    total = sum(votes.values())
    assume(total > 0)
    result = allocate_list_pr(votes, seats, "hare", lot=LOT)
    for code, v in votes.items():
        share = Fraction(v * seats, total)
        assert math.floor(share) <= result.seats[code] <= math.ceil(share)


@settings(max_examples=150, deadline=None)
@given(votes=votes_st, seats=st.integers(1, 40))
def test_droop_gives_every_whole_quota_and_at_most_one_seat_more(
    votes: dict[str, int], seats: int
) -> None:
    total = sum(votes.values())
    assume(total > 0)
    quota = total // (seats + 1) + 1
    # with very few votes more seats can be left than lists (then the pass repeats)
    assume(seats - sum(v // quota for v in votes.values()) <= len(votes))
    result = allocate_list_pr(votes, seats, "droop", lot=LOT)
    for code, v in votes.items():
        assert v // quota <= result.seats[code] <= v // quota + 1


@settings(max_examples=150, deadline=None)
@given(votes=votes_st, seats=st.integers(1, 40))
def test_dhondt_gives_at_least_the_lower_quota(votes: dict[str, int], seats: int) -> None:
    total = sum(votes.values())
    assume(total > 0)
    result = allocate_list_pr(votes, seats, "dhondt", lot=LOT)
    for code, v in votes.items():
        assert result.seats[code] >= (v * seats) // total


@settings(max_examples=100, deadline=None)
@given(votes=votes_st, seats=st.integers(1, 39), method=st.sampled_from(DIVISOR_METHODS))
def test_divisor_methods_never_take_a_seat_away_when_the_house_grows(
    votes: dict[str, int], seats: int, method: str
) -> None:
    small = allocate_list_pr(votes, seats, method, lot=LOT)
    large = allocate_list_pr(votes, seats + 1, method, lot=LOT)
    assume(not small.ties and not large.ties)
    for code in votes:
        assert large.seats[code] >= small.seats[code]


@settings(max_examples=100, deadline=None)
@given(
    votes=votes_st,
    seats=st.integers(1, 40),
    method=st.sampled_from(DIVISOR_METHODS),
    gain=st.integers(1, 50_000),
)
def test_divisor_methods_never_take_a_seat_from_a_list_that_gains_votes(
    votes: dict[str, int], seats: int, method: str, gain: int
) -> None:
    before = allocate_list_pr(votes, seats, method, lot=LOT)
    after = allocate_list_pr({**votes, "L0": votes["L0"] + gain}, seats, method, lot=LOT)
    assume(not before.ties and not after.ties)
    assert after.seats["L0"] >= before.seats["L0"]


@settings(max_examples=150, deadline=None)
@given(
    votes=st.lists(st.integers(0, 30), min_size=1, max_size=12),
    seats=st.integers(0, 6),
    alternates=st.integers(0, 4),
    isargar=st.lists(st.booleans(), min_size=12, max_size=12),
    education=st.lists(st.integers(0, 7), min_size=12, max_size=12),
)
def test_plurality_elects_the_most_voted_and_ranks_alternates_after_them(
    votes: list[int], seats: int, alternates: int, isargar: list[bool], education: list[int]
) -> None:
    by_code = {f"{100 + i}": v for i, v in enumerate(votes)}
    facts = {code: TieFacts(isargar[i], education[i]) for i, code in enumerate(by_code)}
    result = allocate_plurality(by_code, seats, alternates, facts=facts, lot=LOT)
    assert sorted(result.ranking) == sorted(by_code)
    assert len(result.elected) == min(seats, len(by_code))
    ranked_votes = [by_code[c] for c in result.ranking]
    assert ranked_votes == sorted(ranked_votes, reverse=True)
    for tie in result.ties:
        if tie.decisive:
            first = tie.order[0]
            assert all(facts[first].isargar >= facts[c].isargar for c in tie.tied)


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=1, max_size=5),
    independents=st.integers(0, 4),
    marks=st.lists(st.integers(0, 40), min_size=30, max_size=30),
    list_ballots=st.lists(st.integers(0, 100), min_size=5, max_size=5),
    seats=st.integers(0, 12),
    alternates=st.integers(0, 3),
    method=st.sampled_from(METHODS),
    open_list=st.booleans(),
)
def test_a_list_contest_elects_members_of_the_lists_that_won_seats(
    sizes: list[int],
    independents: int,
    marks: list[int],
    list_ballots: list[int],
    seats: int,
    alternates: int,
    method: str,
    open_list: bool,
) -> None:
    codes = iter(f"{300 + i}" for i in range(40))
    lists = {f"L{i}": tuple(next(codes) for _ in range(n)) for i, n in enumerate(sizes)}
    alone = [next(codes) for _ in range(independents)]
    candidates = [m for members in lists.values() for m in members] + alone
    result = allocate_list_contest(
        lists=lists,
        candidates=candidates,
        candidate_votes=dict(zip(candidates, marks, strict=False)),
        list_votes=dict(zip(lists, list_ballots, strict=False)),
        seats=seats,
        alternates=alternates,
        method=method,
        open_list=open_list,
        lot=LOT,
    )
    assert (
        len(result.elected) == len(set(result.elected)) == sum(result.proportional.seats.values())
    )
    assert not set(result.elected) & set(result.alternates_ranked)
    for entry in result.entries:
        assert set(entry.elected) <= set(entry.members) and len(entry.elected) == entry.seats
        assert len(entry.alternates) <= (alternates if entry.seats else 0)
        if not open_list:
            assert entry.ranking == entry.members
