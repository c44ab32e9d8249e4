"""The national code (کد ملی): spellings accepted, padding, refusals, the generator, and what
the check digit can and cannot detect."""

from __future__ import annotations

import random

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from entekhab.domain.national_code import check_digit, generate, is_valid, normalize, require_valid
from entekhab.errors import EntekhabError

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def _remainder(first_nine: str) -> int:
    return sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    first = draw(nine_digits)
    code = first + str(check_digit(first))
    assume(len(set(code)) > 1)
    return code


def test_published_examples() -> None:
    assert is_valid("0084575948")
    assert is_valid("0499370899")
    assert not is_valid("0084575949")
    assert normalize("۰۰۸۴۵۷۵۹۴۸") == "0084575948"


@given(valid_codes())
def test_every_code_with_its_check_digit_is_valid(code: str) -> None:
    assert is_valid(code) and normalize(code) == code and require_valid(code) == code


@given(valid_codes(), st.sampled_from([PERSIAN, ARABIC_INDIC]))
def test_persian_and_arabic_indic_digits_are_accepted(code: str, digits: dict[int, str]) -> None:
    assert normalize(code.translate(digits)) == code
    assert is_valid(code.translate(digits))


@given(valid_codes(), st.lists(st.tuples(st.integers(0, 10), st.sampled_from(" -")), max_size=4))
def test_spaces_and_hyphens_are_ignored(code: str, separators: list[tuple[int, str]]) -> None:
    spelled = code
    for position, sep in sorted(separators, reverse=True):
        spelled = spelled[:position] + sep + spelled[position:]
    assert normalize(spelled) == code and is_valid(spelled)


@st.composite
def zero_led_codes(draw: st.DrawFn) -> str:
    """Valid codes starting with 0, drawn directly (filtering valid_codes trips a health check)."""
    first = "0" + draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    code = first + str(check_digit(first))
    assume(len(set(code)) > 1)
    return code


@given(zero_led_codes())
def test_codes_of_eight_or_nine_digits_are_padded_with_zeros(code: str) -> None:
    stripped = code.lstrip("0")
    assume(len(stripped) >= 8)
    assert normalize(stripped) == code
    assert is_valid(stripped)


@pytest.mark.parametrize("digit", "0123456789")
def test_ten_identical_digits_are_refused(digit: str) -> None:
    assert not is_valid(digit * 10)
    with pytest.raises(EntekhabError) as caught:
        require_valid(digit * 10)
    assert caught.value.code == "INVALID_NATIONAL_CODE"


@given(st.text(max_size=14))
def test_anything_else_is_refused_with_a_code_never_a_crash(text: str) -> None:
    if is_valid(text):
        assert len(normalize(text)) == 10
    else:
        with pytest.raises(EntekhabError):
            require_valid(text)


@pytest.mark.parametrize("text", ["", "12345", "12345678901", "12a4567890", "1.23456789"])
def test_wrong_lengths_and_letters_are_not_codes(text: str) -> None:
    assert not is_valid(text)


@given(st.integers(min_value=0))
def test_generated_codes_are_always_valid(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(20):
        code = generate(rng)
        assert len(code) == 10 and is_valid(code)


def test_the_generator_repeats_with_its_seed() -> None:
    a, b = random.Random(7), random.Random(7)
    assert [generate(a) for _ in range(50)] == [generate(b) for _ in range(50)]


@given(valid_codes(), st.integers(1, 9))
def test_a_changed_check_digit_is_always_detected(code: str, shift: int) -> None:
    changed = code[:9] + str((int(code[9]) + shift) % 10)
    assert not is_valid(changed)


@given(valid_codes(), st.integers(0, 8), st.integers(1, 9))
def test_a_single_digit_change_is_detected_unless_remainders_1_and_10_meet(
    code: str, position: int, shift: int
) -> None:
    """The mod-11 sum always changes, but remainders 1 and 10 both give check digit 1, so a
    change that moves the remainder between them passes. Every other change is detected."""
    digit = str((int(code[position]) + shift) % 10)
    changed = code[:position] + digit + code[position + 1 :]
    if is_valid(changed):
        assert code[9] == "1"
        assert {_remainder(code[:9]), _remainder(changed[:9])} == {1, 10}


def test_the_known_blind_spot_of_the_check_digit() -> None:
    # 1400404101 has remainder 1; changing its first digit to 3 gives remainder 10: both end in 1.
    assert is_valid("1400404101") and is_valid("3400404101")
