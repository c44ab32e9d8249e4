"""What people read: Persian digits, Persian thousands separators, Jalali dates in Asia/Tehran.

Data stay ISO 8601 and ASCII digits; only rendering goes through here.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import jdatetime

__all__ = ["TEHRAN", "fa_decimal", "fa_digits", "fa_number", "jalali_date", "jalali_datetime"]

TEHRAN = ZoneInfo("Asia/Tehran")
_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_THOUSANDS = "٬"  # U+066C ARABIC THOUSANDS SEPARATOR
_DECIMAL = "٫"  # U+066B ARABIC DECIMAL SEPARATOR


def fa_digits(value: object) -> str:
    """``str(value)`` with ASCII digits replaced by Persian (Extended Arabic-Indic) digits."""
    return str(value).translate(_DIGITS)


def fa_number(value: int) -> str:
    """An integer with Persian digits and thousands separators: 1234567 -> ۱٬۲۳۴٬۵۶۷."""
    return fa_digits(f"{value:,}".replace(",", _THOUSANDS))


def fa_decimal(value: Fraction, places: int = 4) -> str:
    """A fraction shown (rounded half-up, for reading only) with ``places`` decimals."""
    scaled = value * 10**places
    rounded = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    sign = "-" if rounded < 0 else ""
    whole, part = divmod(abs(rounded), 10**places)
    text = f"{whole:,}".replace(",", _THOUSANDS)
    if places:
        text += _DECIMAL + f"{part:0{places}d}"
    return sign + fa_digits(text)


def jalali_date(day: date) -> str:
    """A Gregorian date as a Jalali date with Persian digits: 2026-06-18 -> ۱۴۰۵/۰۳/۲۸."""
    return fa_digits(jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d"))


def jalali_datetime(moment: datetime) -> str:
    """An aware datetime in Asia/Tehran as Jalali date and time with Persian digits."""
    local = moment.astimezone(TEHRAN)
    return f"{jalali_date(local.date())} {fa_digits(local.strftime('%H:%M'))}"
