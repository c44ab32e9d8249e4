"""Contests of a sample election: plurality councils by the band rule, Experts by-elections.

A council contest names the city or village whose council it is (``council_of``) and leaves
seats to the band rule. Councils of cities under 100,000 people and of villages use the
one-year residence rule (the option the election-day rules offer); larger cities admit any
resident of the constituency.
"""

from __future__ import annotations

import random

from entekhab.domain.candidates.rules import Office
from entekhab.domain.definition import Candidate, Contest, ContestKind, ResidenceRule, SeatBandRule
from entekhab.domain.geography import Division, DivisionKind
from entekhab.sim.candidates_builder import (
    CITY_PROFILE,
    EXPERTS_PROFILE,
    VILLAGE_PROFILE,
    CandidateMaker,
)

__all__ = [
    "ONE_YEAR_RULE_BELOW",
    "band_seats",
    "council_contest",
    "council_with_candidates",
    "experts_contest",
]

ONE_YEAR_RULE_BELOW = 100_000
"""Cities below this population (and all villages) apply the one-year residence rule."""


def band_seats(division: Division, rule: SeatBandRule | None = None) -> int:
    """Seats the band rule gives the council of ``division``."""
    rule = rule or SeatBandRule()
    bands = rule.villages if division.kind is DivisionKind.VILLAGE else rule.cities
    for band in bands:
        if band.max_population is None or division.population <= band.max_population:
            return band.seats
    return bands[-1].seats


def council_contest(division: Division) -> Contest:
    """The plurality council of a city or village, seats by band rule."""
    village = division.kind is DivisionKind.VILLAGE
    one_year = village or division.population < ONE_YEAR_RULE_BELOW
    prefix_fa = "روستای" if village else "شهر"
    return Contest(
        code=f"{'VC' if village else 'CC'}-{division.code}",
        name_fa=f"شورای اسلامی {prefix_fa} {division.name_fa}",
        name_en=f"{division.name_en} {'village' if village else 'city'} council",
        kind=ContestKind.PLURALITY,
        constituency=(division.code,),
        council_of=division.code,
        residence_rule=(
            ResidenceRule.ONE_YEAR_RESIDENCE if one_year else ResidenceRule.CONSTITUENCY
        ),
    )


def council_with_candidates(
    division: Division, maker: CandidateMaker, rng: random.Random
) -> tuple[Contest, list[Candidate]]:
    """A council contest and its candidates: several per seat in cities, fewer in villages."""
    contest = council_contest(division)
    seats = band_seats(division)
    if division.kind is DivisionKind.VILLAGE:
        count = seats + rng.randint(1, seats + 2)
        profile = VILLAGE_PROFILE
    else:
        count = round(seats * rng.uniform(2.5, 6.0))
        profile = CITY_PROFILE
    return contest, maker.make_many(contest.code, profile, count)


def experts_contest(
    province: Division, seats: int, maker: CandidateMaker, candidates: int
) -> tuple[Contest, list[Candidate]]:
    """The Assembly of Experts by-election of ``province`` (plurality, the province at large)."""
    contest = Contest(
        code=f"EXPERTS-{province.code}",
        name_fa=f"میان‌دوره‌ای مجلس خبرگان رهبری، استان {province.name_fa}",
        name_en=f"Assembly of Experts by-election, {province.name_en} province",
        kind=ContestKind.PLURALITY,
        constituency=(province.code,),
        seats=seats,
        alternates=0,
        office=Office.ASSEMBLY_OF_EXPERTS,
    )
    return contest, maker.make_many(contest.code, EXPERTS_PROFILE, candidates)
