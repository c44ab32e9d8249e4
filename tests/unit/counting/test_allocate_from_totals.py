"""The service bridge: seats, alternates, lists and tie facts from the definition; the lot's
inputs and every draw recorded in the result."""

from __future__ import annotations

from typing import Any

import pytest

from entekhab.domain.counting.ties import Lot
from entekhab.domain.definition import ElectionDefinition
from entekhab.errors import EntekhabError
from entekhab.service.counting.aggregation import AreaTotals
from entekhab.service.counting.seat_allocation import allocate_from_totals, bulletins_root, lot_seed
from tests.results_support import tiny_document

ROOT = bulletins_root(["11" * 32, "22" * 32])
NONCE = "c0ffee" * 6


def _definition(**contest_changes: Any) -> ElectionDefinition:
    doc = tiny_document()
    for contest in doc["contests"]:
        contest.update(contest_changes.get(contest["code"], {}))
    for cand in doc["candidates"]:
        if cand["ballot_code"] == "103":
            cand["isargar"] = True
        if cand["ballot_code"] == "104":
            cand["education"] = "doctorate"
    return ElectionDefinition.model_validate(doc)


def _totals(candidates: dict[str, int], lists: dict[str, int] | None = None) -> AreaTotals:
    return AreaTotals("contest", "*", candidates, lists or {}, {})


def _allocate(definition: ElectionDefinition, contest: str, totals: AreaTotals) -> dict[str, Any]:
    return allocate_from_totals(
        definition,
        contest,
        totals,
        lot_seed(contest, ROOT, NONCE),
        bulletins_root=ROOT,
        ceremony_nonce=NONCE,
    )


def test_tie_for_last_seat_goes_to_isargar_candidate() -> None:
    # CT1: 3 seats, 2 alternates; 102, 103 and 104 tie for the third seat. 103 is isargar,
    # 104 has the higher education: isargar comes first, then education orders 104 before 102.
    votes = {"101": 90, "102": 50, "103": 50, "104": 50, "105": 60}
    outcome = _allocate(_definition(), "CT1", _totals(votes))
    assert outcome["elected"] == ["101", "105", "103"]
    assert outcome["alternates_ranked"] == ["104", "102"]
    (tie,) = outcome["explanation"]["ties"]
    assert tie["settled_by"] == ["isargar", "education"]
    assert outcome["lot"]["draws"] == []


def test_a_tie_left_by_isargar_and_education_is_drawn_and_the_draw_recorded() -> None:
    votes = {"101": 90, "103": 70, "102": 50, "105": 50}  # 102, 105: same isargar, education
    outcome = _allocate(_definition(), "CT1", _totals(votes))
    lot = Lot.from_inputs("CT1", ROOT, NONCE)
    first, second = lot.order(["102", "105"])
    assert outcome["elected"] == ["101", "103", first]
    assert outcome["alternates_ranked"] == [second, "104"]
    recorded = outcome["lot"]
    assert (recorded["contest"], recorded["bulletins_root"], recorded["ceremony_nonce"]) == (
        "CT1",
        ROOT,
        NONCE,
    )
    assert recorded["seed"] == outcome["seed"] == lot.seed
    (draw,) = recorded["draws"]
    assert draw["order"] == [first, second]
    assert draw["keys"] == {"102": lot.key("102"), "105": lot.key("105")}


def test_a_chain_without_lot_that_cannot_settle_the_tie_is_refused() -> None:
    definition = _definition(CT1={"tie_break": ["isargar"]})
    with pytest.raises(EntekhabError) as err:
        _allocate(definition, "CT1", _totals({"101": 90, "103": 70, "102": 50, "105": 50}))
    assert err.value.code == "ALLOCATION_TIE_UNRESOLVED"


def test_list_pr_contest_uses_lists_independents_capacity_and_alternates() -> None:
    # PR1: 3 seats, 1 alternate, Hare; L1 = 301, 302; L2 = 303, 304; 305 independent.
    totals = _totals({"301": 10, "302": 25, "303": 5, "305": 30}, {"L1": 100, "L2": 40})
    outcome = _allocate(_definition(), "PR1", totals)
    # votes: L1 135, L2 45, 305 30 (210); quota 70: L1 1 + .93, L2 .64, 305 .43 -> L1 2, L2 1
    assert outcome["list_seats"] == {"L1": 2, "L2": 1, "305": 0}
    assert outcome["elected"] == ["302", "301", "303"]
    assert outcome["alternates_ranked"] == ["304"]
    working = outcome["explanation"]["proportional"]
    assert working["rounds"][0]["quota"] == "70"
    assert outcome["pr_method"] == "hare" and outcome["method"] == "list_pr"


def test_a_list_capped_at_its_size_passes_its_surplus_on() -> None:
    totals = _totals({"305": 1}, {"L1": 900, "L2": 10})
    outcome = _allocate(_definition(), "PR1", totals)
    assert outcome["list_seats"] == {"L1": 2, "L2": 1, "305": 0}
    rounds = outcome["explanation"]["proportional"]["rounds"]
    assert rounds[0]["capped"] == ["L1"] and rounds[1]["seats"] == 1


def test_a_seed_that_is_not_that_of_the_root_and_nonce_is_refused() -> None:
    with pytest.raises(EntekhabError) as err:
        allocate_from_totals(
            _definition(),
            "CT1",
            _totals({"101": 1}),
            "00" * 32,
            bulletins_root=ROOT,
            ceremony_nonce=NONCE,
        )
    assert err.value.code == "ALLOCATION_BAD_INPUT"
