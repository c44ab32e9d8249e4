"""Printable sheets in Persian: a contest's result sheet and a branch's bulletin (HTML, PDF).

HTML comes from the Jinja2 templates beside this module (right to left, Jalali dates, Persian
digits, inline SVG charts and QR codes, no scripts, so that a sheet prints and archives as
it is); PDF is that HTML laid out by WeasyPrint. Every result sheet carries its label.
"""

from __future__ import annotations

import re
from datetime import datetime
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.results import SignedBulletin
from entekhab.service.counting.result_sheets import ContestSheet
from entekhab.web.charts import bar_chart_html
from entekhab.web.persian import fa_decimal, fa_digits, fa_number, jalali_date, jalali_datetime
from entekhab.web.qr import bulletin_payload, qr_svg

__all__ = [
    "STATE_NAMES",
    "html_to_pdf",
    "render_bulletin_sheet",
    "render_result_sheet",
    "render_sheet",
    "working_of",
]

STATE_NAMES = {
    "unofficial": "غیررسمی (در حال شمارش)",
    "approved": "تأیید هیئت اجرایی",
    "confirmed": "تأیید هیئت نظارت",
    "published": "منتشرشده",
}


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _ties(explanation: dict[str, Any]) -> list[dict[str, Any]]:
    """Every tie the allocation met, flat: where, who, which rules settled it, the order."""
    found = list(explanation.get("ties", []))
    found += list((explanation.get("proportional") or {}).get("ties", []))
    for entry in explanation.get("entries", []):
        found += [{**t, "list": entry.get("code")} for t in entry.get("ties", [])]
    return [
        {
            "stage": t.get("stage", ""),
            "list": t.get("list", ""),
            "tied": "، ".join(map(str, t.get("tied", []))),
            "settled_by": " ← ".join(map(str, t.get("settled_by", []))),
            "order": "، ".join(map(str, t.get("order", []))),
        }
        for t in found
    ]


def working_of(allocation: dict[str, Any] | None) -> dict[str, Any]:
    """What the sheet shows of the allocation's working: rounds (quota and remainders, or the
    divisor rows), ties and how each was settled, and the lot's public inputs."""
    if not allocation:
        return {}
    explanation = allocation.get("explanation") or {}
    proportional = explanation.get("proportional") or {}
    lot = dict(allocation.get("lot") or {})
    return {
        "method": allocation.get("pr_method") or allocation.get("method", ""),
        "tie_break": explanation.get("tie_break", []),
        "valid_votes": proportional.get("valid_votes"),
        "threshold_votes": proportional.get("threshold_votes"),
        "below_threshold": proportional.get("below_threshold", []),
        "unfilled": proportional.get("unfilled", 0),
        "rounds": proportional.get("rounds", []),
        "counting_rule": explanation.get("counting_rule", ""),
        "ties": _ties(explanation),
        "lot": {k: lot[k] for k in ("seed", "procedure") if k in lot},
        "draws": lot.get("draws", []),
    }


_FRACTION = re.compile(r"^-?\d+/\d+$")


def _cell(value: Any) -> str:
    """A cell of the working: integers in Persian digits; codes, hashes and exact fractions kept
    in ASCII so that they can be copied into a recomputation (a fraction gets its decimal)."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return fa_number(value)
    text = str(value)
    if _FRACTION.match(text):
        return f"{text} (≈ {fa_decimal(Fraction(text), 4)})"
    return text


def _percent(share: Fraction) -> str:
    return fa_decimal(share * 100, 2) + "٪"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("entekhab.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        fa=fa_digits,
        num=fa_number,
        pct=_percent,
        jalali=jalali_date,
        jalali_dt=jalali_datetime,
        columns=_columns,
        cell=_cell,
    )
    return env


@lru_cache(maxsize=1)
def sheet_css() -> Markup:
    """The printed sheets' style, marked safe: it is our own file, and autoescaping it inside
    ``<style>`` would turn its quotes into entities, which CSS does not decode (WeasyPrint then
    drops the font and page-counter rules)."""
    return Markup(
        resources.files("entekhab.web").joinpath("templates/sheet.css").read_text("utf-8")
    )


def render_sheet(template: str, **context: Any) -> str:
    """Any sheet of ``templates/``, with the shared style and Persian filters."""
    return _environment().get_template(template).render(css=sheet_css(), **context)


def render_result_sheet(sheet: ContestSheet) -> str:
    """The result sheet of one contest as a self-contained HTML page."""
    list_chart = bar_chart_html([(f"{line.name_fa}", line.seats or 0) for line in sheet.lists])
    shown = [c for c in sheet.candidates if c.outcome] or sheet.candidates[:15]
    candidate_chart = bar_chart_html([(c.name_fa, c.counted) for c in shown])
    working = working_of(sheet.allocation)
    return (
        _environment()
        .get_template("result_sheet.html.j2")
        .render(
            s=sheet,
            css=sheet_css(),
            states=STATE_NAMES,
            list_chart=list_chart if sheet.allocation and sheet.lists else "",
            candidate_chart=candidate_chart,
            working=working,
        )
    )


def render_bulletin_sheet(
    signed: SignedBulletin, definition: ElectionDefinition, *, held: int | None = None
) -> str:
    """The paper posted at the branch: the bulletin's figures, its digest and its QR code.
    ``held``: provisional check-ins held for the board, shown beside the turnout (never in it)."""
    b = signed.bulletin
    contest = definition.contest_by_code[b.contest]
    candidates = definition.candidates_by_contest.get(b.contest, {})
    lists = definition.lists_by_contest.get(b.contest, {})
    candidate_rows = [
        (
            code,
            f"{candidates[code].given_name_fa} {candidates[code].family_name_fa}"
            if code in candidates
            else "",
            votes,
        )
        for code, votes in sorted(b.candidate_votes.items())
    ]
    list_rows = [
        (code, lists[code].name_fa if code in lists else "", votes)
        for code, votes in sorted(b.list_votes.items())
    ]
    return (
        _environment()
        .get_template("bulletin_sheet.html.j2")
        .render(
            b=b,
            signed=signed,
            css=sheet_css(),
            digest=b.digest(),
            qr=qr_svg(bulletin_payload(signed)),
            election_name_fa=definition.name_fa,
            contest_name_fa=contest.name_fa,
            closed_at=datetime.fromisoformat(b.closed_at),
            candidate_rows=candidate_rows,
            list_rows=list_rows,
            held=held,
        )
    )


def html_to_pdf(html: str) -> bytes:
    """Lay ``html`` out as a PDF (WeasyPrint; needs Pango from Debian's packages)."""
    from weasyprint import HTML  # imported here: heavy, and only the PDF path needs it

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
