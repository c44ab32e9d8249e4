"""Jalali (هجری شمسی) dates with Persian digits, for the texts of coded errors.

``domain`` imports nothing but the standard library and pydantic, yet an error that names a
phase's dates must name them the way people read them. This is the 33-year-cycle arithmetic
(the same as ``jdatetime`` for 1950-2150, which a test checks day by day); the web pages keep
using ``web.persian``.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = ["fa_digits", "jalali_date_fa", "jalali_datetime_fa", "to_jalali"]

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_MONTH_STARTS = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def fa_digits(text: str) -> str:
    """``text`` with its Latin digits written as Persian digits."""
    return text.translate(_PERSIAN_DIGITS)


def to_jalali(day: date) -> tuple[int, int, int]:
    """The Jalali (year, month, day) of a Gregorian ``day``."""
    gy, gm, gd = day.year, day.month, day.day
    gy2 = gy + 1 if gm > 2 else gy
    days = (
        355666
        + 365 * gy
        + (gy2 + 3) // 4
        - (gy2 + 99) // 100
        + (gy2 + 399) // 400
        + gd
        + _MONTH_STARTS[gm - 1]
    )
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def jalali_date_fa(day: date) -> str:
    """2026-06-18 -> ۱۴۰۵/۰۳/۲۸."""
    year, month, dom = to_jalali(day)
    return fa_digits(f"{year:04d}/{month:02d}/{dom:02d}")


def jalali_datetime_fa(moment: datetime, zone: ZoneInfo) -> str:
    """An aware instant as local Jalali date and time: ۱۴۰۵/۰۳/۲۸ ۰۸:۰۰."""
    local = moment.astimezone(zone)
    return f"{jalali_date_fa(local.date())} {fa_digits(local.strftime('%H:%M'))}"
