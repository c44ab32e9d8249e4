"""The official candidate list and the public information, as printable pages (Persian, right
to left); PDF through ``web.sheets.html_to_pdf``."""

from __future__ import annotations

from typing import Any

from entekhab.service.candidates.official_list import OfficialList
from entekhab.web.sheets import _environment, sheet_css

__all__ = [
    "EDUCATION_FA",
    "OFFICES_FA",
    "RESIDENCE_FA",
    "render_candidate_list",
    "render_public_information",
]

EDUCATION_FA = {
    "none": "بی‌سواد",
    "primary": "ابتدایی",
    "secondary": "سیکل",
    "diploma": "دیپلم",
    "associate": "کاردانی",
    "bachelor": "کارشناسی",
    "master": "کارشناسی ارشد",
    "doctorate": "دکتری",
}


def render_candidate_list(found: OfficialList) -> str:
    return (
        _environment()
        .get_template("candidate_list.html.j2")
        .render(s=found, css=sheet_css(), education=EDUCATION_FA)
    )


OFFICES_FA = {
    "city_council": "شورای اسلامی شهر",
    "village_council": "شورای اسلامی روستا",
    "assembly_of_experts": "مجلس خبرگان رهبری",
}
RESIDENCE_FA = {
    "any": "بدون شرط سکونت",
    "constituency": "سکونت در حوزه انتخابیه",
    "one_year": "دست‌کم یک سال سکونت در حوزه",
}


def render_public_information(document: dict[str, Any]) -> str:
    """The public notice generated from the definition (``service.candidates.public_info``)."""
    return (
        _environment()
        .get_template("public_information.html.j2")
        .render(
            d=document,
            css=sheet_css(),
            offices=OFFICES_FA,
            education=EDUCATION_FA,
            residence=RESIDENCE_FA,
        )
    )
