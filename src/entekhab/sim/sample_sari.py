"""The Sari sample: Sari county in Mazandaran, plurality councils only.

Sari city's council follows the band rule (about 310,000 people: 9 seats and 6 alternates); the
small towns get 5 + 3; villages that qualified last term get 3 + 2 or 5 + 3, the others only the
province's Assembly of Experts by-election, which is on every ballot.
"""

from __future__ import annotations

import random

from entekhab.domain.definition import ElectionDefinition
from entekhab.sim.candidates_builder import CandidateMaker
from entekhab.sim.contests_builder import experts_contest
from entekhab.sim.geography_builder import build_geography
from entekhab.sim.places_mazandaran import MAZANDARAN_PROVINCE
from entekhab.sim.sample_common import (
    POLLING_DAY,
    ContestSet,
    assemble_province,
    local_councils,
)

__all__ = ["SARI_DEFAULT_BRANCHES", "make_sari"]

SARI_DEFAULT_BRANCHES = 160


def make_sari(seed: int, branches: int | None = None) -> ElectionDefinition:
    """The Sari sample drawn from ``seed``; about ``branches`` fixed branches."""
    rng = random.Random(seed)
    geography = build_geography(MAZANDARAN_PROVINCE, rng)
    maker = CandidateMaker(rng, POLLING_DAY)
    contests = ContestSet()
    local_councils(geography, contests, maker, rng)
    contests.add(*experts_contest(geography.province, 1, maker, 4))
    return assemble_province(
        election_id="sari-1405",
        name_fa="هفتمین دوره انتخابات شوراهای اسلامی شهر و روستا، شهرستان ساری",
        name_en="7th city and village council elections, Sari county (Mazandaran)",
        geography=geography,
        contests=contests,
        rng=rng,
        target_branches=branches or SARI_DEFAULT_BRANCHES,
        code_prefix="B02-",
    )
