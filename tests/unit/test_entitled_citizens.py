"""The check-in's fast path tests entitlement as three bounds in its one SQL statement
(``entitled_citizens``); they must admit exactly the citizens ``check_entitled`` lets in, at
every branch, including birthdays on polling day's date and on 29 February."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from entekhab.domain.check_in_rules import CitizenFacts, check_entitled, entitled_citizens
from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.errors import EntekhabError
from tests.election_day_support import definition_document

DEFINITION = ElectionDefinition.model_validate(definition_document())
LEAP_DAY = DEFINITION.model_copy(update={"polling_day": date(2028, 2, 29)})
DIVISIONS = [d.code for d in DEFINITION.divisions] + ["ELSEWHERE"]


def _passes(definition: ElectionDefinition, branch: str, citizen: CitizenFacts) -> bool:
    try:
        check_entitled(definition, definition.branch_by_code[branch], citizen)
    except EntekhabError:
        return False
    return True


def _near(day: date) -> st.SearchStrategy[date]:
    """Dates within two days of ``day`` or anywhere in the century around it."""
    return st.one_of(
        st.integers(-2, 2).map(lambda n: day + timedelta(days=n)),
        st.dates(min_value=day - timedelta(days=36_500), max_value=day),
    )


@settings(max_examples=400, deadline=None)
@given(
    definition=st.sampled_from([DEFINITION, LEAP_DAY]),
    branch=st.sampled_from(["B1", "B2", "B3"]),
    division=st.sampled_from(DIVISIONS),
    data=st.data(),
)
def test_the_bounds_admit_exactly_whom_the_rules_admit(
    definition: ElectionDefinition, branch: str, division: str, data: st.DataObject
) -> None:
    day = definition.polling_day
    adult = day.replace(year=day.year - definition.minimum_age, day=min(day.day, 28))
    birth = data.draw(_near(adult))
    since = data.draw(_near(day.replace(year=day.year - 1, day=min(day.day, 28))))
    citizen = CitizenFacts(birth, division, since)
    bounds = entitled_citizens(definition, definition.branch_by_code[branch])
    assert bounds.admits(citizen) == _passes(definition, branch, citizen)


def test_a_branch_without_the_residence_rule_has_no_residence_bound() -> None:
    bounds = entitled_citizens(DEFINITION, DEFINITION.branch_by_code["B1"])
    assert bounds.resident_since_on_or_before == date.max
    assert bounds.divisions == {"T"}
    strict = entitled_citizens(DEFINITION, DEFINITION.branch_by_code["B3"])
    assert strict.resident_since_on_or_before == date(2025, 6, 18)
    assert strict.divisions == {"S"}
