"""The registry's fast national-code path agrees with ``national_code.is_valid``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from entekhab.domain.national_code import check_digit, is_valid, normalize
from entekhab.service.registry.rows import RowChecker

ROW_REST = ["1990-01-01", "m", "T1", "1990-01-01"]


def _accepted(code: str) -> bool:
    checker = RowChecker()
    return checker.check(2, [code, *ROW_REST]) is not None


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_ten_digit_codes_are_accepted_exactly_when_valid(code: str) -> None:
    assert _accepted(code) == is_valid(code)


@given(st.integers(min_value=0, max_value=10**9 - 1))
def test_codes_with_their_check_digit_are_accepted_unless_all_one_digit(first: int) -> None:
    nine = f"{first:09d}"
    code = nine + str(check_digit(nine))
    assert _accepted(code) == (len(set(code)) > 1)


@given(st.text(alphabet="0123456789۰۱۲۳۴۵۶۷۸۹- ", min_size=0, max_size=14))
def test_other_spellings_follow_normalize(code: str) -> None:
    checker = RowChecker()
    clean = checker.check(2, [code, *ROW_REST])
    if is_valid(code):
        assert clean is not None and clean[0] == normalize(code)
    else:
        assert clean is None and checker.problems[0].code == "INVALID_NATIONAL_CODE"
