"""The council seat band rule: each band's edges, villages, and the Tehran override."""

from __future__ import annotations

import pytest

from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.definition_io import definition_from_document, validate_definition
from entekhab.errors import ProblemList
from tests.definition_support import section_index, valid_document

CITY_EDGES = [
    (0, 5, 3),
    (50_000, 5, 3),
    (50_001, 7, 5),
    (200_000, 7, 5),
    (200_001, 9, 6),
    (500_000, 9, 6),
    (500_001, 11, 7),
    (1_000_000, 11, 7),
    (1_000_001, 13, 8),
    (2_000_000, 13, 8),
    (2_000_001, 15, 10),
    (9_000_000, 15, 10),
]
VILLAGE_EDGES = [(20, 3, 2), (1_500, 3, 2), (1_501, 5, 3), (40_000, 5, 3)]


def _with_population(division: str, population: int) -> dict[str, object]:
    doc = valid_document()
    doc["divisions"][section_index(doc, "divisions", division)]["population"] = population
    return doc


@pytest.mark.parametrize(("population", "seats", "alternates"), CITY_EDGES)
def test_city_council_seats_follow_the_population_band(
    population: int, seats: int, alternates: int
) -> None:
    definition = definition_from_document(_with_population("S", population))
    contest = definition.contest_by_code["SML"]
    assert seats_and_alternates(definition, contest) == (seats, alternates)


@pytest.mark.parametrize(("population", "seats", "alternates"), VILLAGE_EDGES)
def test_village_council_seats_follow_the_population_band(
    population: int, seats: int, alternates: int
) -> None:
    doc = _with_population("V1", population)
    del doc["contests"][section_index(doc, "contests", "V1C")]["seats"]
    del doc["contests"][section_index(doc, "contests", "V1C")]["alternates"]
    definition = definition_from_document(doc)
    assert seats_and_alternates(definition, definition.contest_by_code["V1C"]) == (
        seats,
        alternates,
    )


@pytest.mark.parametrize(("population", "seats", "alternates"), CITY_EDGES)
def test_explicit_seats_on_the_band_are_accepted_and_off_it_refused(
    population: int, seats: int, alternates: int
) -> None:
    doc = _with_population("S", population)
    sml = doc["contests"][section_index(doc, "contests", "SML")]
    sml.update(seats=seats, alternates=alternates)
    validate_definition(doc)
    sml.update(seats=seats + 2)
    with pytest.raises(ProblemList) as caught:
        validate_definition(doc)
    assert [p.code for p in caught.value.problems] == ["COUNCIL_SEATS_OFF_BAND"]


def test_tehran_has_21_seats_and_11_alternates_by_override() -> None:
    definition = definition_from_document(valid_document())
    validate_definition(definition)
    assert seats_and_alternates(definition, definition.contest_by_code["TEH"]) == (21, 11)


def test_tehran_without_the_override_would_take_the_top_band() -> None:
    doc = valid_document()
    teh = doc["contests"][section_index(doc, "contests", "TEH")]
    del teh["seat_override"]
    definition = definition_from_document(doc)
    assert seats_and_alternates(definition, definition.contest_by_code["TEH"]) == (15, 10)
    teh.update(seats=21, alternates=11)  # the right numbers, but without saying why
    with pytest.raises(ProblemList) as caught:
        validate_definition(doc)
    assert [p.code for p in caught.value.problems] == ["COUNCIL_SEATS_OFF_BAND"]


def test_the_bands_are_data_a_definition_may_replace() -> None:
    doc = _with_population("S", 40_000)
    doc["seat_bands"] = {
        "cities": [{"max_population": None, "seats": 9, "alternates": 4}],
        "villages": [{"max_population": None, "seats": 3, "alternates": 2}],
    }
    definition = definition_from_document(doc)
    assert seats_and_alternates(definition, definition.contest_by_code["SML"]) == (9, 4)
