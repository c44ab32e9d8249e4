"""The Iranian national code (کد ملی): ten digits, the last a mod-11 check digit.

``normalize`` accepts Persian (۰-۹) and Arabic-Indic (٠-٩) digits, spaces and hyphens, and pads
8- and 9-digit codes with leading zeros as the civil registry does. ``is_valid`` checks the
check digit and refuses codes of ten identical digits. ``generate`` makes valid codes for
simulation from a caller-supplied random source.
"""

from __future__ import annotations

import random

from entekhab.domain.error_codes.definition import INVALID_NATIONAL_CODE
from entekhab.domain.errors import EntekhabError

__all__ = ["check_digit", "generate", "is_valid", "normalize", "require_valid"]

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def normalize(code: str) -> str:
    """Western digits, no separators, zero-padded to ten. Raises on anything not a code."""
    text = code.translate(_DIGITS).replace(" ", "").replace("-", "").replace("\u200c", "")
    if not text.isascii() or not text.isdigit() or not 8 <= len(text) <= 10:
        raise EntekhabError(INVALID_NATIONAL_CODE, {"code": code})
    return text.zfill(10)


def check_digit(first_nine: str) -> int:
    """The check digit for nine leading digits."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    rem = total % 11
    return rem if rem < 2 else 11 - rem


def is_valid(code: str) -> bool:
    """Whether ``code`` (in any accepted spelling) is a well-formed national code."""
    try:
        text = normalize(code)
    except EntekhabError:
        return False
    if len(set(text)) == 1:
        return False
    return check_digit(text[:9]) == int(text[9])


def require_valid(code: str) -> str:
    """The normalized code, or INVALID_NATIONAL_CODE."""
    if not is_valid(code):
        raise EntekhabError(INVALID_NATIONAL_CODE, {"code": code})
    return normalize(code)


def generate(rng: random.Random) -> str:
    """A valid national code drawn from ``rng`` (never ten identical digits)."""
    while True:
        first = f"{rng.randrange(10**9):09d}"
        code = first + str(check_digit(first))
        if len(set(code)) > 1:
            return code
