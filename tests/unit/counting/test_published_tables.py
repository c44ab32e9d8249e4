"""List PR against published textbook tables (figures checked by hand against the sources
named in each test)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from entekhab.domain.counting.proportional import allocate_list_pr

# Wikipedia, "Largest remainder method": 100,000 votes, 10 seats.
LR_EXAMPLE = {"A": 47_000, "B": 16_000, "C": 15_800, "D": 12_000, "E": 6_100, "F": 3_100}
# Wikipedia, "D'Hondt method" and "Sainte-Laguë method": 230,000 votes, 8 seats.
HA_EXAMPLE = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}


def _seats(votes: dict[str, int], seats: int, method: str) -> list[int]:
    got = allocate_list_pr(votes, seats, method).seats
    return [got[c] for c in votes]


def test_hare_quota_gives_the_published_largest_remainder_table() -> None:
    result = allocate_list_pr(LR_EXAMPLE, 10, "hare")
    assert [result.seats[c] for c in LR_EXAMPLE] == [5, 2, 1, 1, 1, 0]
    first = result.rounds[0]
    assert first.quota == 10_000
    rows = {r["list"]: r for r in first.detail}
    assert rows["A"]["automatic"] == 4 and rows["A"]["remainder"] == "7/10"
    assert rows["E"]["remainder_seats"] == 1 and rows["C"]["remainder_seats"] == 0
    # remainders .70 (A), .61 (E), .60 (B) win the 3 seats left; C (.58) is the first out
    assert first.cutoff == Fraction(3, 5)


def test_droop_quota_gives_the_published_largest_remainder_table() -> None:
    result = allocate_list_pr(LR_EXAMPLE, 10, "droop")
    assert [result.seats[c] for c in LR_EXAMPLE] == [5, 2, 2, 1, 0, 0]
    assert result.rounds[0].quota == 9_091  # floor(100000 / 11) + 1 = 9090 + 1


def test_dhondt_gives_the_published_table() -> None:
    assert _seats(HA_EXAMPLE, 8, "dhondt") == [4, 3, 1, 0]


def test_sainte_lague_gives_the_published_table() -> None:
    assert _seats(HA_EXAMPLE, 8, "sainte_lague") == [3, 3, 1, 1]


def test_sainte_lague_ten_seat_textbook_example() -> None:
    # The divisor table 1, 3, 5, 7 with 25,000 / 19,000 / 12,000 / 8,000 votes: 4, 3, 2, 1.
    votes = {"A": 25_000, "B": 19_000, "C": 12_000, "D": 8_000}
    assert _seats(votes, 10, "sainte_lague") == [4, 3, 2, 1]
    assert _seats(votes, 10, "dhondt") == [4, 3, 2, 1]


@pytest.mark.parametrize(
    ("method", "expected"),
    [("sainte_lague", [5, 4, 1]), ("hare", [5, 4, 1]), ("dhondt", [6, 4, 0])],
)
def test_three_party_worked_example(method: str, expected: list[int]) -> None:
    # 6,100 / 5,000 / 900 votes, 10 seats: the worked solutions of a German civics textbook.
    assert _seats({"A": 6_100, "B": 5_000, "C": 900}, 10, method) == expected


def test_webster_35_seat_example() -> None:
    # 503 / 304 / 193 votes, 35 seats: Sainte-Laguë gives 17 / 11 / 7.
    assert _seats({"A": 503, "B": 304, "C": 193}, 35, "sainte_lague") == [17, 11, 7]


def test_modified_sainte_lague_first_divisor_is_seven_fifths() -> None:
    # With 1.4 as first divisor a small list needs 1.4x the votes of a divisor-1 quotient:
    # 2 seats, 1,000 and 400 votes: plain Sainte-Laguë gives 400 (> 1000/3) the second seat,
    # the modified one gives 1000/3 (> 400/1.4 = 285.7) to A.
    votes = {"A": 1_000, "B": 400}
    assert _seats(votes, 2, "sainte_lague") == [1, 1]
    assert _seats(votes, 2, "modified_sainte_lague") == [2, 0]
    table = allocate_list_pr(votes, 2, "modified_sainte_lague").rounds[0].detail
    b = next(row for row in table if row["list"] == "B")
    assert b["quotients"][0] == {"divisor": "7/5", "quotient": "2000/7", "seat": None}


def test_divisor_table_numbers_the_seats_in_order_of_award() -> None:
    table = allocate_list_pr(HA_EXAMPLE, 8, "dhondt").rounds[0].detail
    a = next(row for row in table if row["list"] == "A")
    assert [q["seat"] for q in a["quotients"]] == [1, 3, 5, 8, None]
    assert a["quotients"][2]["quotient"] == "100000/3"
