"""The printed sheets carry their style verbatim: autoescaping it inside ``<style>`` turned its
quotes into ``&#34;``, which CSS does not decode, so WeasyPrint dropped the font family and the
page counter of every sheet."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from entekhab.web.sheets import render_sheet, sheet_css


def _chart(name: str) -> str:
    hq = SimpleNamespace(name_fa=name, jurisdiction="SARI", level="county")
    organisation = SimpleNamespace(hq=hq, on=date(2026, 5, 1), posts=[], committees=[])
    return render_sheet("org_chart.html.j2", o=organisation, posts={}, levels={})


def test_the_style_reaches_the_page_unescaped() -> None:
    assert '"Vazirmatn"' in str(sheet_css())  # the rule this test is about

    style = _chart("ستاد ساری").split("</style>")[0]

    assert 'font-family: "Vazirmatn"' in style
    assert "&#34;" not in style


def test_values_in_a_sheet_are_still_escaped() -> None:
    page = _chart("<script>alert(1)</script>")

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
