"""Each rule of an election definition, broken once in an otherwise valid document."""

from __future__ import annotations

from typing import Any

import pytest

from entekhab.domain.definition_io import validate_definition
from entekhab.errors import ProblemList
from tests.definition_support import section_index, valid_document


def problems(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, location) of every problem of ``document``; empty if it is valid."""
    try:
        validate_definition(document)
    except ProblemList as error:
        assert error.code == "DEFINITION_INVALID"
        assert error.details["count"] == len(error.problems)
        return [(p.code, p.details["location"]) for p in error.problems]
    return []


def contest(doc: dict[str, Any], code: str) -> dict[str, Any]:
    item: dict[str, Any] = doc["contests"][section_index(doc, "contests", code)]
    return item


def test_the_reference_document_keeps_every_rule() -> None:
    assert problems(valid_document()) == []


def test_every_problem_is_reported_not_only_the_first() -> None:
    doc = valid_document()
    doc["branches"][0]["division"] = "NOWHERE"
    doc["candidates"][0]["national_code"] = "1111111111"
    doc["party_lists"][1]["members"].append("101")
    found = {code for code, _ in problems(doc)}
    assert {
        "BRANCH_DIVISION_UNKNOWN",
        "CANDIDATE_NATIONAL_CODE_INVALID",
        "CANDIDATE_IN_TWO_LISTS",
    } <= found


@pytest.mark.parametrize(
    ("section", "index", "field", "what"),
    [
        ("divisions", 4, "code", "division"),
        ("contests", 1, "code", "contest"),
        ("ballot_styles", 1, "code", "ballot style"),
        ("branches", 1, "code", "branch"),
    ],
)
def test_codes_are_unique_within_their_section(
    section: str, index: int, field: str, what: str
) -> None:
    doc = valid_document()
    doc[section][index][field] = doc[section][0][field]
    assert ("DUPLICATE_CODE", f"{section}[{index}].{field}") in problems(doc)


def test_ballot_codes_are_unique_within_a_contest() -> None:
    doc = valid_document()
    doc["candidates"][1]["ballot_code"] = doc["candidates"][0]["ballot_code"]
    assert ("DUPLICATE_CODE", "candidates[1].ballot_code") in problems(doc)


def test_the_same_ballot_code_may_appear_in_two_contests() -> None:
    doc = valid_document()
    i = section_index(doc, "candidates", "401", "ballot_code")
    doc["candidates"][i]["ballot_code"] = "101"  # EXP's 101 beside TEH's 101
    assert problems(doc) == []


def test_list_codes_are_unique_within_a_contest() -> None:
    doc = valid_document()
    doc["party_lists"][1]["code"] = "L1"
    assert ("DUPLICATE_CODE", "party_lists[1].code") in problems(doc)


def test_a_division_parent_must_exist() -> None:
    doc = valid_document()
    doc["divisions"][3]["parent"] = "ZZ"
    assert ("DIVISION_PARENT_UNKNOWN", "divisions[3].parent") in problems(doc)


def test_only_a_province_stands_without_a_parent() -> None:
    doc = valid_document()
    doc["divisions"][1]["parent"] = None
    assert ("DIVISION_PARENT_MISSING", "divisions[1].parent") in problems(doc)


def test_a_village_lies_in_a_rural_district_not_a_city() -> None:
    doc = valid_document()
    v1 = section_index(doc, "divisions", "V1")
    doc["divisions"][v1]["parent"] = "T"
    assert ("DIVISION_NESTING", f"divisions[{v1}].parent") in problems(doc)


def test_a_constituency_names_known_divisions_once() -> None:
    doc = valid_document()
    contest(doc, "EXP")["constituency"] = ["P", "Q", "P"]
    i = section_index(doc, "contests", "EXP")
    found = problems(doc)
    assert ("CONSTITUENCY_DIVISION_UNKNOWN", f"contests[{i}].constituency[1]") in found
    assert ("CONSTITUENCY_DIVISION_REPEATED", f"contests[{i}].constituency[2]") in found


def test_a_council_belongs_to_a_city_or_village() -> None:
    doc = valid_document()
    contest(doc, "EXP")["council_of"] = "P"
    i = section_index(doc, "contests", "EXP")
    assert ("COUNCIL_DIVISION_KIND", f"contests[{i}].council_of") in problems(doc)


def test_a_council_of_an_unknown_division_is_refused() -> None:
    doc = valid_document()
    contest(doc, "SML")["council_of"] = "NOPE"
    i = section_index(doc, "contests", "SML")
    assert ("COUNCIL_DIVISION_UNKNOWN", f"contests[{i}].council_of") in problems(doc)


def test_a_councils_division_lies_in_its_constituency() -> None:
    doc = valid_document()
    contest(doc, "SML")["constituency"] = ["T"]
    i = section_index(doc, "contests", "SML")
    assert ("COUNCIL_OUTSIDE_CONSTITUENCY", f"contests[{i}].council_of") in problems(doc)


def test_seats_must_be_positive() -> None:
    doc = valid_document()
    contest(doc, "EXP")["seats"] = 0
    i = section_index(doc, "contests", "EXP")
    assert problems(doc) == [("SEATS_NOT_POSITIVE", f"contests[{i}].seats")]


def test_alternates_cannot_be_negative() -> None:
    doc = valid_document()
    contest(doc, "EXP")["alternates"] = -1
    i = section_index(doc, "contests", "EXP")
    assert problems(doc) == [("ALTERNATES_NEGATIVE", f"contests[{i}].alternates")]


def test_a_contest_that_is_no_council_must_give_its_seats() -> None:
    doc = valid_document()
    del contest(doc, "EXP")["seats"]
    i = section_index(doc, "contests", "EXP")
    assert problems(doc) == [("CONTEST_SEATS_UNDEFINED", f"contests[{i}].seats")]


def test_council_seats_off_the_population_band_are_refused() -> None:
    doc = valid_document()
    contest(doc, "SML")["seats"] = 7  # 40,000 people: 5 seats
    i = section_index(doc, "contests", "SML")
    assert problems(doc) == [("COUNCIL_SEATS_OFF_BAND", f"contests[{i}].seats")]


def test_council_alternates_off_the_population_band_are_refused() -> None:
    doc = valid_document()
    contest(doc, "V1C")["alternates"] = 3  # 900 people: 2 alternates
    i = section_index(doc, "contests", "V1C")
    assert problems(doc) == [("COUNCIL_SEATS_OFF_BAND", f"contests[{i}].alternates")]


def test_council_seats_matching_the_band_are_accepted() -> None:
    doc = valid_document()
    contest(doc, "SML").update(seats=5, alternates=3)
    assert problems(doc) == []


def test_an_override_lifts_the_band_rule() -> None:
    doc = valid_document()
    contest(doc, "SML")["seat_override"] = {"seats": 7, "alternates": 2, "reason": "ruling 12"}
    assert problems(doc) == []


def test_an_override_needs_a_reason() -> None:
    doc = valid_document()
    contest(doc, "SML")["seat_override"] = {"seats": 7, "alternates": 2, "reason": " "}
    i = section_index(doc, "contests", "SML")
    assert problems(doc) == [("DEFINITION_FIELD_INVALID", f"contests[{i}].seat_override.reason")]


def test_seats_contradicting_the_override_are_refused() -> None:
    doc = valid_document()
    contest(doc, "TEH")["seats"] = 15
    i = section_index(doc, "contests", "TEH")
    assert problems(doc) == [("SEAT_OVERRIDE_CONFLICT", f"contests[{i}].seat_override")]


def test_a_voter_marks_no_more_names_than_seats() -> None:
    doc = valid_document()
    contest(doc, "EXP")["max_selections"] = 2
    i = section_index(doc, "contests", "EXP")
    assert problems(doc) == [("MAX_SELECTIONS_ABOVE_SEATS", f"contests[{i}].max_selections")]


def test_a_list_pr_contest_has_pr_rules() -> None:
    doc = valid_document()
    del contest(doc, "TEH")["pr"]
    i = section_index(doc, "contests", "TEH")
    assert problems(doc) == [("PR_RULES_MISSING", f"contests[{i}].pr")]


def test_a_plurality_contest_has_no_pr_rules() -> None:
    doc = valid_document()
    contest(doc, "SML")["pr"] = {"method": "dhondt"}
    i = section_index(doc, "contests", "SML")
    assert problems(doc) == [("PR_RULES_ON_PLURALITY", f"contests[{i}].pr")]


def test_a_plurality_contest_has_no_lists() -> None:
    doc = valid_document()
    doc["party_lists"].append(
        {"code": "L9", "contest": "SML", "name_fa": "فهرست", "members": ["201"]}
    )
    assert problems(doc) == [("LIST_IN_PLURALITY_CONTEST", "party_lists[2].contest")]


def test_tie_break_steps_are_known() -> None:
    doc = valid_document()
    contest(doc, "SML")["tie_break"] = ["isargar", "age", "lot"]
    i = section_index(doc, "contests", "SML")
    assert problems(doc) == [("TIE_BREAK_UNKNOWN", f"contests[{i}].tie_break[1]")]


def test_a_candidate_stands_in_a_known_contest() -> None:
    doc = valid_document()
    doc["candidates"][0]["contest"] = "MARS"
    found = problems(doc)
    assert ("CANDIDATE_CONTEST_UNKNOWN", "candidates[0].contest") in found


def test_a_candidate_needs_a_valid_national_code() -> None:
    doc = valid_document()
    doc["candidates"][2]["national_code"] = "0000000001"
    assert problems(doc) == [("CANDIDATE_NATIONAL_CODE_INVALID", "candidates[2].national_code")]


def test_a_national_code_in_persian_digits_is_accepted() -> None:
    doc = valid_document()
    western = doc["candidates"][2]["national_code"]
    doc["candidates"][2]["national_code"] = western.translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    assert problems(doc) == []


def test_a_person_stands_only_once() -> None:
    doc = valid_document()
    doc["candidates"][7]["national_code"] = doc["candidates"][0]["national_code"]
    assert problems(doc) == [("CANDIDATE_STANDS_TWICE", "candidates[7].national_code")]


def test_a_list_belongs_to_a_known_contest() -> None:
    doc = valid_document()
    doc["party_lists"][0]["contest"] = "MARS"
    assert problems(doc) == [("LIST_CONTEST_UNKNOWN", "party_lists[0].contest")]


def test_list_members_are_candidates_of_that_contest() -> None:
    doc = valid_document()
    doc["party_lists"][0]["members"].append("201")  # a candidate of SML, not TEH
    assert problems(doc) == [("LIST_MEMBER_NOT_CANDIDATE", "party_lists[0].members[2]")]


def test_a_list_names_a_member_once() -> None:
    doc = valid_document()
    doc["party_lists"][0]["members"].append("101")
    assert problems(doc) == [("LIST_MEMBER_REPEATED", "party_lists[0].members[2]")]


def test_a_candidate_is_in_at_most_one_list() -> None:
    doc = valid_document()
    doc["party_lists"][1]["members"].append("102")
    assert problems(doc) == [("CANDIDATE_IN_TWO_LISTS", "party_lists[1].members[2]")]


def test_a_ballot_style_offers_known_contests_once() -> None:
    doc = valid_document()
    doc["ballot_styles"][0]["contests"] = ["TEH", "EXP", "TEH", "XYZ"]
    found = problems(doc)
    assert ("STYLE_CONTEST_REPEATED", "ballot_styles[0].contests[2]") in found
    assert ("STYLE_CONTEST_UNKNOWN", "ballot_styles[0].contests[3]") in found


def test_a_branch_lies_in_a_known_division() -> None:
    doc = valid_document()
    doc["branches"][0]["division"] = "NOWHERE"
    assert problems(doc) == [("BRANCH_DIVISION_UNKNOWN", "branches[0].division")]


def test_a_branch_offers_a_defined_ballot_style() -> None:
    doc = valid_document()
    doc["branches"][0]["ballot_style"] = "ST-Q"
    assert problems(doc) == [("BRANCH_STYLE_UNKNOWN", "branches[0].ballot_style")]


def test_every_branch_serves_at_least_one_contest() -> None:
    doc = valid_document()
    doc["ballot_styles"].append({"code": "EMPTY", "contests": []})
    doc["branches"][1]["ballot_style"] = "EMPTY"
    assert problems(doc) == [("BRANCH_SERVES_NO_CONTEST", "branches[1].ballot_style")]


def test_a_branch_offers_only_contests_of_its_constituency() -> None:
    doc = valid_document()
    doc["branches"].append(dict(doc["branches"][2], code="B5", ballot_style="ST-T"))
    # B5 lies in S but offers T's council
    assert problems(doc) == [("BRANCH_OUTSIDE_CONSTITUENCY", "branches[4].ballot_style")]


def test_every_contest_is_offered_by_some_branch() -> None:
    doc = valid_document()
    doc["ballot_styles"][2]["contests"] = ["EXP"]
    i = section_index(doc, "contests", "V1C")
    assert problems(doc) == [("CONTEST_ON_NO_BALLOT", f"contests[{i}].code")]


def test_a_definition_without_branches_yet_is_not_asked_for_ballots() -> None:
    doc = valid_document()
    doc["branches"] = []
    assert problems(doc) == []


@pytest.mark.parametrize("village", ["V2", "V3"])
def test_a_council_for_a_village_that_did_not_qualify_is_refused(village: str) -> None:
    doc = valid_document()
    contest(doc, "V1C").update(constituency=[village], council_of=village)
    doc["branches"][3]["division"] = village
    i = section_index(doc, "contests", "V1C")
    assert problems(doc) == [("VILLAGE_COUNCIL_NOT_QUALIFIED", f"contests[{i}].council_of")]


def test_a_village_meeting_the_legal_conditions_gets_a_council() -> None:
    doc = valid_document()
    contest(doc, "V1C").update(constituency=["V2"], council_of="V2")
    doc["branches"][3]["division"] = "V2"
    doc["village_councils"] = {"min_population": 100}
    assert problems(doc) == []
