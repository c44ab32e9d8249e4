"""Divisions of a sample election from place data: codes, parents, populations, village flags.

Codes follow the tree, so they say where a division lies: ``P23`` (province 23), ``C23-04``
(its 4th county), ``D23-04-1`` (a district), ``T23-04-1-02`` (a city), ``R23-04-1-1`` (a rural
district), ``V23-04-1-1-03`` (a village). Village populations are drawn from the seed; a village
with fewer than ``MIN_QUALIFYING_POPULATION`` people, and a few others at random, did not meet the
conditions for a council last term.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from entekhab.domain.geography import Division, DivisionKind
from entekhab.sim.places import ProvinceSpec

__all__ = ["MIN_QUALIFYING_POPULATION", "Geography", "build_geography"]

MIN_QUALIFYING_POPULATION = 100
"""About twenty households: smaller villages had no council last term."""
_UNQUALIFIED_SHARE = 0.08
"""Share of larger villages that failed the other legal conditions last term."""


@dataclass
class Geography:
    """The divisions of one province, in tree order, with handy views."""

    divisions: list[Division] = field(default_factory=list)

    @property
    def province(self) -> Division:
        return self.divisions[0]

    def of_kind(self, kind: DivisionKind) -> list[Division]:
        return [d for d in self.divisions if d.kind is kind]

    def by_code(self, code: str) -> Division:
        return next(d for d in self.divisions if d.code == code)


def _village_population(rng: random.Random) -> int:
    # Village sizes are roughly log-normal: a median near 550, a long tail to a few thousand.
    return max(25, min(6_000, round(rng.lognormvariate(6.3, 0.95))))


def _division(
    code: str,
    kind: DivisionKind,
    names: tuple[str, str],
    parent: str | None,
    population: int,
    qualified: bool | None = None,
) -> Division:
    return Division(
        code=code,
        kind=kind,
        name_fa=names[0],
        name_en=names[1],
        parent=parent,
        population=population,
        qualified_last_term=qualified,
    )


def build_geography(spec: ProvinceSpec, rng: random.Random) -> Geography:
    """Every division of ``spec``; aggregate populations are the sums of their parts."""
    province_code = f"P{spec.number:02d}"
    below: list[Division] = []
    province_population = 0
    for ci, county in enumerate(spec.counties, start=1):
        county_code = f"C{spec.number:02d}-{ci:02d}"
        county_rows: list[Division] = []
        for di, district in enumerate(county.districts, start=1):
            district_code = f"D{county_code[1:]}-{di}"
            district_rows: list[Division] = []
            for ti, town in enumerate(district.cities, start=1):
                district_rows.append(
                    _division(
                        f"T{district_code[1:]}-{ti:02d}",
                        DivisionKind.CITY,
                        (town.fa, town.en),
                        district_code,
                        town.population,
                    )
                )
            for ri, rural_district in enumerate(district.rural_districts, start=1):
                rural_code = f"R{district_code[1:]}-{ri}"
                villages = []
                for vi, names in enumerate(rural_district.villages, start=1):
                    population = _village_population(rng)
                    qualified = (
                        population >= MIN_QUALIFYING_POPULATION
                        and rng.random() >= _UNQUALIFIED_SHARE
                    )
                    villages.append(
                        _division(
                            f"V{rural_code[1:]}-{vi:02d}",
                            DivisionKind.VILLAGE,
                            names,
                            rural_code,
                            population,
                            qualified,
                        )
                    )
                district_rows.append(
                    _division(
                        rural_code,
                        DivisionKind.RURAL_DISTRICT,
                        (rural_district.fa, rural_district.en),
                        district_code,
                        sum(v.population for v in villages),
                    )
                )
                district_rows.extend(villages)
            district_population = sum(
                d.population
                for d in district_rows
                if d.kind in (DivisionKind.CITY, DivisionKind.RURAL_DISTRICT)
            )
            county_rows.append(
                _division(
                    district_code,
                    DivisionKind.DISTRICT,
                    (district.fa, district.en),
                    county_code,
                    district_population,
                )
            )
            county_rows.extend(district_rows)
        county_population = sum(
            d.population for d in county_rows if d.kind is DivisionKind.DISTRICT
        )
        below.append(
            _division(
                county_code,
                DivisionKind.COUNTY,
                (county.fa, county.en),
                province_code,
                county_population,
            )
        )
        below.extend(county_rows)
        province_population += county_population
    province = _division(
        province_code, DivisionKind.PROVINCE, (spec.fa, spec.en), None, province_population
    )
    return Geography([province, *below])
