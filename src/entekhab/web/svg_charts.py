"""Charts for the web pages, drawn on the server as inline SVG (no script, works offline).

Browsers lay out Persian text in SVG correctly (the printed sheets use HTML bars instead, for
WeasyPrint's sake: ``web/charts.py``). Each chart is an ``<svg role="img">`` with a title and a
description for screen readers; the page shows the same figures in a table beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

__all__ = ["bar_chart_svg", "column_chart_svg"]

_PALETTE = ("#0b5d3b", "#0b4f9c", "#8a1c1c", "#6b3b00", "#5c2d91", "#00565e", "#3e2723")
_AXIS = "#4a4a4a"


def bar_chart_svg(
    bars: Sequence[tuple[str, int]],
    *,
    title: str,
    show: Callable[[int], str] = str,
    rtl: bool = True,
    width: int = 640,
    full: int | None = None,
) -> str:
    """Horizontal bars, one per (label, value), longest first as given; labels on the reading
    side (right in Persian), values at the end of each bar. The drawing's own direction is
    left to right so that ``text-anchor`` means the same side in a right-to-left page (each
    label's Persian text is still laid out right to left). ``full``: the value of a full-length
    bar (shares: the whole), else the largest value."""
    row, label_width, pad = 28, 200, 8
    height = max(1, len(bars)) * row + pad * 2
    top = full or max((v for _l, v in bars), default=0) or 1
    room = width - label_width - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="{escape(title)}" width="{width}" height="{height}" direction="ltr">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(bars):
        y = pad + i * row
        length = max(2, round(room * value / top))
        colour = _PALETTE[i % len(_PALETTE)]
        if rtl:
            label_x, anchor = width - 4, "end"
            bar_x = width - label_width - length
            value_x, value_anchor = bar_x - 6, "end"
        else:
            label_x, anchor = 4, "start"
            bar_x = label_width
            value_x, value_anchor = bar_x + length + 6, "start"
        parts.append(
            f'<text x="{label_x}" y="{y + 18}" text-anchor="{anchor}">{escape(label)}</text>'
            f'<rect x="{bar_x}" y="{y + 4}" width="{length}" height="{row - 8}"'
            f' fill="{colour}"></rect>'
            f'<text x="{value_x}" y="{y + 18}" text-anchor="{value_anchor}">'
            f"{escape(show(value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart_svg(
    columns: Sequence[tuple[str, int]],
    *,
    title: str,
    show: Callable[[int], str] = str,
    rtl: bool = True,
    width: int = 640,
    height: int = 240,
) -> str:
    """Vertical columns in time order (e.g. check-ins per hour); in Persian time runs from
    right to left, as the page reads."""
    base, top_pad, side = height - 30, 20, 10
    count = max(1, len(columns))
    slot = (width - 2 * side) / count
    top = max((v for _l, v in columns), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="{escape(title)}" width="{width}" height="{height}" direction="ltr">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{side}" y1="{base}" x2="{width - side}" y2="{base}" stroke="{_AXIS}"></line>',
    ]
    for i, (label, value) in enumerate(columns):
        position = count - 1 - i if rtl else i
        x = side + position * slot
        h = round((base - top_pad) * value / top)
        centre = x + slot / 2
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{base - h}" width="{slot * 0.7:.1f}" height="{h}"'
            f' fill="{_PALETTE[1]}"></rect>'
            f'<text x="{centre:.1f}" y="{base + 18}" text-anchor="middle">{escape(label)}</text>'
            f'<text x="{centre:.1f}" y="{max(top_pad - 4, base - h - 4)}" text-anchor="middle">'
            f"{escape(show(value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
