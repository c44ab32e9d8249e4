"""The headquarters dashboard's two charts, drawn on the server as SVG (``svg_charts``): check-ins
per hour, and the share of each area's branches that have reported. The page shows the same
figures in a table beside each chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from entekhab.web.pages import number, tehran_hour
from entekhab.web.persian import fa_digits
from entekhab.web.svg_charts import bar_chart_svg, column_chart_svg

__all__ = ["hours_chart", "reporting_chart"]


def hours_chart(by_hour: Mapping[str, int], *, fa: bool) -> str:
    """Check-ins per hour, in time order (an empty string when nobody has checked in)."""
    if not by_hour:
        return ""
    columns = [(tehran_hour(h), n) for h, n in sorted(by_hour.items())]
    title = "پذیرش رای‌دهندگان در هر ساعت" if fa else "Voters checked in per hour"
    return column_chart_svg(columns, title=title, show=number, rtl=fa)


def _per_cent(per_mille: int, fa: bool) -> str:
    text = f"{per_mille // 10}"
    return f"{fa_digits(text)}٪" if fa else f"{text}%"


def reporting_chart(rows: Sequence[tuple[str, int, int]], *, fa: bool) -> str:
    """Each area's reported branches as a share of its branches: (name, reported, branches)
    rows; an empty string when there is no area to show."""
    if not rows:
        return ""
    bars = [
        (name, 1000 * reported // branches if branches else 0) for name, reported, branches in rows
    ]
    title = "سهم شعبه‌هایی که نتیجه فرستاده‌اند" if fa else "Share of branches that have reported"
    return bar_chart_svg(bars, title=title, show=lambda v: _per_cent(v, fa), rtl=fa, full=1000)
