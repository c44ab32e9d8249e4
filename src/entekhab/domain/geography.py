"""Country divisions (تقسیمات کشوری).

province > county > district > city | rural district > village.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from entekhab.domain.types import Code, Frozen

__all__ = ["PARENT_KINDS", "Division", "DivisionKind"]


class DivisionKind(StrEnum):
    PROVINCE = "province"  # استان
    COUNTY = "county"  # شهرستان
    DISTRICT = "district"  # بخش
    CITY = "city"  # شهر
    RURAL_DISTRICT = "rural_district"  # دهستان
    VILLAGE = "village"  # روستا


PARENT_KINDS: dict[DivisionKind, tuple[DivisionKind, ...]] = {
    DivisionKind.PROVINCE: (),
    DivisionKind.COUNTY: (DivisionKind.PROVINCE,),
    DivisionKind.DISTRICT: (DivisionKind.COUNTY,),
    DivisionKind.CITY: (DivisionKind.DISTRICT,),
    DivisionKind.RURAL_DISTRICT: (DivisionKind.DISTRICT,),
    DivisionKind.VILLAGE: (DivisionKind.RURAL_DISTRICT,),
}
"""Which kind of division may contain which."""


class Division(Frozen):
    """One division of the country, held flat with a link to its parent."""

    code: Code = Field(min_length=1, max_length=32)
    kind: DivisionKind
    name_fa: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    parent: Code | None = None
    population: int = Field(ge=0)
    qualified_last_term: bool | None = None
    """Villages only: whether the village met the legal conditions for a council last term."""
