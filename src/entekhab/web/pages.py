"""Rendering the web pages: one Jinja2 environment, templates by audience, numbers and dates
in the page's language.

Templates live in ``web/templates/<audience>/`` (``common``, ``public``, ``staff``, ``board``,
``station``) and extend ``common/base.html.j2``, which sets ``lang`` and ``dir``, loads the
bundled font and htmx from ``/static`` and carries the language switch. Persian pages show
Persian digits and Jalali dates; English pages show Latin digits (dates stay Jalali, the
calendar of the election, with the Gregorian date beside them where it matters).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from fractions import Fraction
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from entekhab.web import i18n
from entekhab.web.persian import TEHRAN, fa_decimal, fa_digits, fa_number, jalali_date

__all__ = ["digits", "environment", "number", "render_page", "tehran_hour", "when"]


def _persian() -> bool:
    return i18n.current_language() == "fa"


def digits(value: object) -> str:
    """Digits of the page's language (codes stay as they are in English)."""
    return fa_digits(value) if _persian() else str(value)


def number(value: int | None) -> str:
    if value is None:
        return "—"
    return fa_number(value) if _persian() else f"{value:,}"


def decimal(value: Fraction | float | int, places: int = 2) -> str:
    fraction = value if isinstance(value, Fraction) else Fraction(value)
    if _persian():
        return fa_decimal(fraction, places)
    return f"{float(fraction):,.{places}f}"


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` in per cent, one decimal (for reading; data stay integers)."""
    if not whole:
        return "—"
    shown = decimal(Fraction(100 * part, whole), 1)
    return f"{shown}٪" if _persian() else f"{shown}%"


def when(moment: datetime | date | str | None) -> str:
    """A time as people read it: Jalali date and Tehran time, in the page's digits."""
    if moment is None or moment == "":
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if isinstance(moment, datetime):
        local = moment.astimezone(TEHRAN)
        text = f"{jalali_date(local.date())} {fa_digits(local.strftime('%H:%M'))}"
    else:
        text = jalali_date(moment)
    return text if _persian() else text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))


def tehran_hour(hour: str | None) -> str:
    """A UTC hour stamp as kept on polling day (``2026-06-18T07``) as the Tehran time it starts
    (``10:30``), in the page's digits."""
    if not hour:
        return "—"
    start = datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=UTC).astimezone(TEHRAN)
    return digits(start.strftime("%H:%M"))


_FRACTION = re.compile(r"^-?\d+/\d+$")


def cell(value: Any) -> str:
    """A cell of an allocation's working: integers in the page's digits; codes, hashes and exact
    fractions kept as recorded (a fraction gets its decimal beside it) so they can be copied."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return number(value)
    text = str(value)
    if _FRACTION.match(text):
        return f"{text} (≈ {decimal(Fraction(text), 4)})"
    return text


def columns(rows: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("entekhab.web", "templates"),
        autoescape=select_autoescape(["html", "j2", "svg"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext_now, i18n.ngettext_now, newstyle=True
    )
    env.filters.update(
        digits=digits,
        number=number,
        decimal=decimal,
        when=when,
        percent=percent,
        cell=cell,
        columns=columns,
        tehran_hour=tehran_hour,
    )
    return env


def render_page(template: str, context: dict[str, Any], language: str) -> str:
    """Render ``template`` in ``language`` (``fa`` or ``en``)."""
    i18n.use_language(language)
    return environment().get_template(template).render(**context)
