"""Bar charts for printed sheets, as plain HTML (no JavaScript: they must print and archive).

HTML rather than SVG because names are Persian: SVG text in WeasyPrint gets no bidirectional
layout (letters come out in the wrong order), while HTML text is shaped correctly.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from entekhab.web.persian import fa_number

__all__ = ["bar_chart_html"]

_PALETTE = ("#1b5e20", "#0d47a1", "#b71c1c", "#e65100", "#4a148c", "#006064", "#3e2723")


def bar_chart_html(bars: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars, right to left: label, then a bar whose length is proportional to the
    value (integers: seats or votes), then the value. A zero value shows a hairline."""
    top = max((value for _label, value in bars), default=0) or 1
    rows = []
    for i, (label, value) in enumerate(bars):
        per_mille = max(2, 1000 * value // top)
        colour = _PALETTE[i % len(_PALETTE)]
        rows.append(
            f'<tr><td class="bar-label">{escape(label)}</td>'
            f'<td class="bar-cell"><div class="bar" style="width: {per_mille / 10:.1f}%; '
            f'background: {colour}"></div></td>'
            f'<td class="bar-value">{fa_number(value)}</td></tr>'
        )
    return f'<table class="chart">{"".join(rows)}</table>'
