"""A whole list-PR contest: lists and independents, capacity, open and closed lists."""

from __future__ import annotations

from fractions import Fraction

import pytest

from entekhab.domain.counting.list_contest import allocate_list_contest
from entekhab.domain.counting.proportional import allocate_list_pr
from entekhab.domain.counting.ties import Lot, TieFacts
from entekhab.errors import EntekhabError

LOT = Lot.from_inputs("PR1", "cd" * 32, "c0ffee" * 6)
LISTS = {"L1": ("301", "302", "303"), "L2": ("304", "305")}
CANDIDATES = ["301", "302", "303", "304", "305", "306"]


def test_list_votes_add_ballots_for_the_list_and_its_members_personal_votes() -> None:
    result = allocate_list_contest(
        lists=LISTS,
        candidates=CANDIDATES,
        candidate_votes={"301": 5, "302": 30, "303": 10, "304": 20, "306": 40},
        list_votes={"L1": 55, "L2": 40},
        seats=4,
        alternates=1,
    )
    votes = {e.code: e.votes for e in result.entries}
    assert votes == {"L1": 100, "L2": 60, "306": 40}  # 306 is an independent
    assert result.proportional.seats == {"L1": 2, "L2": 1, "306": 1}
    # open list: members ranked by personal votes (the list's ballots count for each member)
    l1 = result.entries[0]
    assert l1.elected == ["302", "303"] and l1.alternates == ["301"]
    member = l1.as_json()["members"][0]
    assert member == {
        "candidate": "302",
        "personal": 30,
        "via_list": 55,
        "votes": 85,
        "rank": 1,
        "status": "elected",
    }
    assert result.elected == ["302", "303", "304", "306"]
    assert result.alternates_ranked == ["301", "305"]


def test_closed_list_elects_in_list_order() -> None:
    result = allocate_list_contest(
        lists=LISTS,
        candidates=CANDIDATES,
        candidate_votes={"303": 50},
        list_votes={"L1": 100, "L2": 10},
        seats=2,
        alternates=1,
        open_list=False,
    )
    assert result.elected == ["301", "302"]
    assert result.alternates_ranked == ["303"]


def test_a_list_never_gets_more_seats_than_candidates_and_the_surplus_goes_on() -> None:
    result = allocate_list_contest(
        lists={"BIG": ("1", "2"), "SMALL": ("3", "4", "5")},
        candidates=["1", "2", "3", "4", "5"],
        candidate_votes={},
        list_votes={"BIG": 900, "SMALL": 100},
        seats=4,
        alternates=0,
        method="dhondt",
        open_list=False,
    )
    assert result.proportional.seats == {"BIG": 2, "SMALL": 2}
    rounds = result.proportional.rounds
    assert len(rounds) == 2 and rounds[0].capped == ("BIG",) and rounds[1].seats == 2


def test_seats_beyond_every_list_stay_unfilled() -> None:
    result = allocate_list_pr({"A": 10, "B": 5}, 5, "hare", capacity={"A": 1, "B": 2})
    assert result.seats == {"A": 1, "B": 2} and result.unfilled == 2


def test_a_list_below_the_threshold_takes_no_part() -> None:
    result = allocate_list_pr({"A": 60, "B": 36, "C": 4}, 5, "hare", Fraction(1, 20))
    assert result.below_threshold == ("C",)
    assert result.seats == {"A": 3, "B": 2, "C": 0}
    assert result.as_json()["threshold_votes"] == "5"


def test_tie_for_last_seat_between_lists_is_drawn_by_lot() -> None:
    result = allocate_list_pr({"A": 30, "B": 30, "C": 30}, 2, "hare", lot=LOT)
    winners = LOT.order(["A", "B", "C"])[:2]
    assert sorted(c for c, s in result.seats.items() if s) == sorted(winners)
    (number, tie) = result.ties[0]
    assert number == 1 and tie.stage == "remainder" and tie.places == 2
    assert tie.as_json()["settled_by"] == ["lot"]


def test_tie_for_last_seat_between_lists_without_lot_is_refused() -> None:
    with pytest.raises(EntekhabError) as err:
        allocate_list_pr({"A": 30, "B": 30}, 1, "dhondt")
    assert err.value.code == "ALLOCATION_LOT_REQUIRED"


def test_tie_within_an_open_list_goes_to_isargar_member() -> None:
    result = allocate_list_contest(
        lists={"L1": ("1", "2", "3")},
        candidates=["1", "2", "3"],
        candidate_votes={"1": 10, "2": 10, "3": 1},
        list_votes={"L1": 5},
        seats=1,
        alternates=1,
        facts={"1": TieFacts(), "2": TieFacts(isargar=True), "3": TieFacts()},
        lot=LOT,
    )
    assert result.elected == ["2"] and result.alternates_ranked == ["1"]
    assert result.as_json()["entries"][0]["ties"][0]["settled_by"] == ["isargar"]


@pytest.mark.parametrize(
    ("votes", "seats", "method", "code"),
    [
        ({"A": 1}, 1, "imperiali", "ALLOCATION_UNKNOWN_METHOD"),
        ({"A": -1}, 1, "hare", "ALLOCATION_BAD_INPUT"),
        ({"A": 1}, -1, "hare", "ALLOCATION_BAD_INPUT"),
    ],
)
def test_bad_input_is_refused(votes: dict[str, int], seats: int, method: str, code: str) -> None:
    with pytest.raises(EntekhabError) as err:
        allocate_list_pr(votes, seats, method)
    assert err.value.code == code


def test_a_candidate_in_two_lists_is_refused() -> None:
    with pytest.raises(EntekhabError) as err:
        allocate_list_contest(
            lists={"L1": ("1",), "L2": ("1",)},
            candidates=["1"],
            candidate_votes={},
            list_votes={},
            seats=1,
            alternates=0,
        )
    assert err.value.code == "ALLOCATION_BAD_INPUT"
