"""Checking the rows of a civil-registry extract, one at a time, fast.

``RowChecker.check(line, row)`` returns the row as five clean strings ready for the database
(normalized national code, ISO dates, ``f``/``m``, division code), or ``None`` after noting each
problem (with its line) in ``problems``. The common case — ten ASCII digits, ``YYYY-MM-DD`` —
takes a fast path; anything else goes through ``national_code.normalize`` and the full date
parser, so Persian digits and the like are still accepted.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from operator import mul
from typing import NamedTuple

from entekhab.domain.error_codes.definition import INVALID_NATIONAL_CODE
from entekhab.domain.error_codes.registry import (
    REGISTRY_DUPLICATE_CITIZEN,
    REGISTRY_FIELD_INVALID,
    REGISTRY_UNKNOWN_DIVISION,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.national_code import is_valid, normalize

__all__ = ["REGISTRY_COLUMNS", "CitizenRecord", "CleanRow", "Row", "RowChecker"]

REGISTRY_COLUMNS = (
    "national_code",
    "birth_date",
    "gender",
    "residence_division",
    "residence_since",
)


class CitizenRecord(NamedTuple):
    """One person of the extract, as the generator makes it and the loader takes it."""

    national_code: str
    birth_date: date
    gender: str
    residence_division: str
    residence_since: date


Row = CitizenRecord | Sequence[str]
CleanRow = tuple[str, str, str, str, str]

_GENDERS = {"f": "f", "m": "m", "F": "f", "M": "m"}
_FORBIDDEN_IN_CODES = frozenset("\t\n\r\\")
_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_ZERO_OFFSET = ord("0") * sum(_WEIGHTS)


def _plain_code(code: str) -> str | None:
    """``code`` if it is ten ASCII digits with a right check digit (the common case)."""
    raw = code.encode("ascii", "replace")
    total = sum(map(mul, raw[:9], _WEIGHTS)) - _ZERO_OFFSET
    rem = total % 11
    check = rem if rem < 2 else 11 - rem
    if raw[9] - 48 == check and code != code[0] * 10:
        return code
    return None


def _national_code(value: str) -> str | None:
    if len(value) == 10 and value.isascii() and value.isdigit():
        return _plain_code(value)
    return normalize(value) if is_valid(value) else None


def _iso_date(value: date | str) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    text = value.strip()
    # Only the extended form: fromisoformat would also take 20000101 and week dates.
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return None
    return text


class RowChecker:
    """Checks rows in order, remembering the codes seen (for duplicates) and every problem."""

    def __init__(self, known_divisions: Collection[str] | None = None) -> None:
        self.known_divisions = known_divisions
        self.problems: list[EntekhabError] = []
        self.seen: dict[str, int] = {}
        self.rows = 0  # rows checked so far (kept by the caller that numbers the lines)

    def _field(self, line: int, field: str, reason: str) -> None:
        details = {"line": line, "field": field, "reason": reason}
        self.problems.append(EntekhabError(REGISTRY_FIELD_INVALID, details))

    def _code(self, line: int, raw: str) -> str | None:
        code = _national_code(raw)
        if code is None:
            self.problems.append(EntekhabError(INVALID_NATIONAL_CODE, {"code": raw, "line": line}))
            return None
        first = self.seen.setdefault(code, line)
        if first != line:
            details = {"line": line, "national_code": code, "first_line": first}
            self.problems.append(EntekhabError(REGISTRY_DUPLICATE_CITIZEN, details))
            return None
        return code

    def _division(self, line: int, raw: str) -> str | None:
        division = raw.strip()
        if not division or len(division) > 32 or _FORBIDDEN_IN_CODES.intersection(division):
            self._field(line, "residence_division", "empty, too long or with control characters")
            return None
        if self.known_divisions is not None and division not in self.known_divisions:
            details = {"line": line, "division": division}
            self.problems.append(EntekhabError(REGISTRY_UNKNOWN_DIVISION, details))
            return None
        return division

    def check(self, line: int, row: Row) -> CleanRow | None:
        """The clean row, or None after noting its problems."""
        if len(row) != len(REGISTRY_COLUMNS):
            self._field(line, "*", f"{len(row)} fields instead of {len(REGISTRY_COLUMNS)}")
            return None
        raw_code, raw_birth, raw_gender, raw_division, raw_since = row
        code = self._code(line, str(raw_code))
        birth = _iso_date(raw_birth)
        if birth is None:
            self._field(line, "birth_date", "not a YYYY-MM-DD date")
        since = _iso_date(raw_since)
        if since is None:
            self._field(line, "residence_since", "not a YYYY-MM-DD date")
        elif birth is not None and since < birth:  # ISO dates order as text
            self._field(line, "residence_since", "before the birth date")
            since = None
        gender = _GENDERS.get(str(raw_gender).strip())
        if gender is None:
            self._field(line, "gender", "must be f or m")
        division = self._division(line, str(raw_division))
        if code is None or birth is None or since is None or gender is None or division is None:
            return None
        return code, birth, gender, division, since
