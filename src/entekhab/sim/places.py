"""Shapes of the place data the sample elections are built from.

A province is written as counties > districts > cities (with populations) and rural districts >
villages (names only: village populations are drawn by the geography builder from the seed).
The data modules (``places_tehran``, ``places_mazandaran``) use real place names; populations of
the larger cities are rounded census figures, the rest is illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CitySpec",
    "CountySpec",
    "DistrictSpec",
    "ProvinceSpec",
    "RuralDistrictSpec",
    "city",
    "pairs",
    "rural",
]


@dataclass(frozen=True)
class CitySpec:
    fa: str
    en: str
    population: int


@dataclass(frozen=True)
class RuralDistrictSpec:
    """A rural district (دهستان) and the names of its villages, as (Persian, Latin)."""

    fa: str
    en: str
    villages: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DistrictSpec:
    fa: str
    en: str
    cities: tuple[CitySpec, ...] = ()
    rural_districts: tuple[RuralDistrictSpec, ...] = ()


@dataclass(frozen=True)
class CountySpec:
    fa: str
    en: str
    districts: tuple[DistrictSpec, ...]


@dataclass(frozen=True)
class ProvinceSpec:
    number: int  # the province's two-digit number, used in division codes
    fa: str
    en: str
    counties: tuple[CountySpec, ...]


def pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Names written as ``persian|Latin`` separated by white space; ``_`` in Latin is a space."""
    out: list[tuple[str, str]] = []
    for item in text.split():
        fa, en = item.split("|")
        out.append((fa.replace("_", " "), en.replace("_", " ")))
    return tuple(out)


def city(fa: str, en: str, population: int) -> CitySpec:
    return CitySpec(fa, en, population)


def rural(name: str, villages: str) -> RuralDistrictSpec:
    """A rural district from ``"persian|Latin"`` and its villages in the same notation."""
    ((fa, en),) = pairs(name)
    return RuralDistrictSpec(fa, en, pairs(villages))
