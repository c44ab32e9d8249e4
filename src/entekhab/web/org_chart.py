"""The printable organisation chart of a headquarters (چارت سازمانی ستاد): its head and
secretary, then each committee with its head, secretary and members, as they stood on a day,
each with the decree that appointed them."""

from __future__ import annotations

from entekhab.service.operations.organisation import Organisation
from entekhab.web.sheets import render_sheet

__all__ = ["POST_NAMES", "render_org_chart"]

POST_NAMES = {"head": "رئیس", "secretary": "دبیر", "member": "عضو"}
LEVEL_NAMES = {"province": "استان", "county": "شهرستان"}


def render_org_chart(organisation: Organisation) -> str:
    """The chart as a self-contained HTML page (WeasyPrint turns it into PDF)."""
    return render_sheet(
        "org_chart.html.j2",
        o=organisation,
        posts=POST_NAMES,
        levels=LEVEL_NAMES,
    )
