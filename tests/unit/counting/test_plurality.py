"""Plurality block vote: elected, alternates in order, and every tie with the rule that
settled it."""

from __future__ import annotations

import pytest

from entekhab.domain.counting.plurality import allocate_plurality
from entekhab.domain.counting.ties import Lot, TieFacts
from entekhab.errors import EntekhabError

LOT = Lot.from_inputs("CT1", "ab" * 32, "c0ffee" * 6)
PLAIN = TieFacts(isargar=False, education=5)


def test_top_n_are_elected_and_the_next_m_are_alternates_in_order() -> None:
    votes = {"101": 110, "102": 70, "103": 20, "104": 75, "105": 10}
    result = allocate_plurality(votes, 3, 2)
    assert result.elected == ["101", "104", "102"]
    assert result.alternates_ranked == ["103", "105"]
    assert result.ties == ()
    rows = result.as_json()["ranking"]
    assert [r["status"] for r in rows] == ["elected"] * 3 + ["alternate"] * 2


def test_tie_for_last_seat_goes_to_isargar_candidate() -> None:
    votes = {"a": 100, "b": 50, "c": 50, "d": 10}
    facts = {"b": PLAIN, "c": TieFacts(isargar=True, education=1), "d": PLAIN}
    result = allocate_plurality(votes, 2, 1, facts=facts, lot=LOT)
    assert result.elected == ["a", "c"]
    assert result.alternates_ranked == ["b"]
    (tie,) = result.ties
    assert tie.tied == ("b", "c") and tie.winners == ("c",) and tie.stage == "elected"
    assert tie.as_json()["settled_by"] == ["isargar"]


def test_tie_for_last_seat_between_non_isargar_goes_to_higher_education() -> None:
    votes = {"a": 100, "b": 50, "c": 50}
    facts = {"b": TieFacts(education=7), "c": TieFacts(education=4)}
    result = allocate_plurality(votes, 2, 0, facts=facts, lot=LOT)
    assert result.elected == ["a", "b"]
    assert result.ties[0].as_json()["settled_by"] == ["isargar", "education"]


def test_tie_for_last_seat_with_equal_status_and_education_goes_by_lot() -> None:
    votes = {"a": 100, "b": 50, "c": 50, "d": 50}
    facts = dict.fromkeys("bcd", PLAIN)
    result = allocate_plurality(votes, 2, 1, facts=facts, lot=LOT)
    drawn = LOT.order(["b", "c", "d"])
    assert result.elected == ["a", drawn[0]]
    assert result.alternates_ranked == [drawn[1]]
    tie = result.ties[0].as_json()
    assert tie["settled_by"] == ["isargar", "education", "lot"]
    assert tie["steps"][-1]["values"] == {c: LOT.key(c) for c in "bcd"}


def test_tie_among_alternates_decides_their_order() -> None:
    votes = {"a": 100, "b": 40, "c": 40}
    facts = {"b": PLAIN, "c": TieFacts(isargar=True)}
    result = allocate_plurality(votes, 1, 2, facts=facts)
    assert result.alternates_ranked == ["c", "b"]
    assert result.ties[0].stage == "alternates"


def test_tie_wholly_among_the_elected_is_listed_but_not_decisive() -> None:
    result = allocate_plurality({"a": 50, "b": 50, "c": 10}, 2, 0)
    assert result.elected == ["a", "b"]
    (tie,) = result.ties
    assert not tie.decisive and tie.steps == ()


def test_tie_below_the_last_alternate_needs_no_rule() -> None:
    result = allocate_plurality({"a": 50, "b": 10, "c": 10}, 1, 0)
    assert result.elected == ["a"] and result.ties == ()


def test_the_chain_is_configurable_per_contest() -> None:
    votes = {"a": 100, "b": 50, "c": 50}
    facts = {"b": TieFacts(isargar=True, education=1), "c": TieFacts(education=7)}
    by_education = allocate_plurality(votes, 2, tie_break=("education", "lot"), facts=facts)
    assert by_education.elected == ["a", "c"]
    by_lot = allocate_plurality(votes, 2, tie_break=("lot",), facts=facts, lot=LOT)
    assert by_lot.elected == ["a", LOT.order(["b", "c"])[0]]


def test_a_decisive_tie_without_lot_inputs_is_refused() -> None:
    with pytest.raises(EntekhabError) as err:
        allocate_plurality({"a": 5, "b": 5}, 1, tie_break=("lot",))
    assert err.value.code == "ALLOCATION_LOT_REQUIRED"


@pytest.mark.parametrize(("seats", "alternates"), [(-1, 0), (1, -1)])
def test_negative_seats_are_refused(seats: int, alternates: int) -> None:
    with pytest.raises(EntekhabError) as err:
        allocate_plurality({"a": 1}, seats, alternates)
    assert err.value.code == "ALLOCATION_BAD_INPUT"


def test_experts_by_election_one_seat() -> None:
    result = allocate_plurality({"501": 70, "502": 110}, 1, 0)
    assert result.elected == ["502"] and result.alternates_ranked == []
