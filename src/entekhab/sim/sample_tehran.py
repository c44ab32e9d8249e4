"""The Tehran sample: Tehran province with the Tehran council elected by list PR.

The Tehran council's constituency is Tehran, Rey and Tajrish; by law it has 21 members and 11
alternates (more than the band rule's 15 + 10), so the contest carries a ``seat_override`` with
that reason. Lists are open (Hare quota); independents stand beside them. The Assembly of
Experts by-election for the province is on the same ballot. Every other city has a plurality
council by the band rule, and every village that qualified last term a village council.
"""

from __future__ import annotations

import random

from entekhab.domain.definition import (
    Alternates,
    Contest,
    ContestKind,
    ElectionDefinition,
    ListPRRules,
    PRMethod,
)
from entekhab.domain.geography import DivisionKind
from entekhab.sim.candidates_builder import (
    METROPOLIS_PROFILE,
    CandidateMaker,
    PartyListSpec,
    make_party_lists,
)
from entekhab.sim.contests_builder import experts_contest
from entekhab.sim.geography_builder import Geography, build_geography
from entekhab.sim.places_tehran import TEHRAN_PROVINCE
from entekhab.sim.sample_common import (
    POLLING_DAY,
    ContestSet,
    assemble_province,
    local_councils,
)

__all__ = ["TEHRAN_DEFAULT_BRANCHES", "TEHRAN_LISTS", "make_tehran"]

TEHRAN_DEFAULT_BRANCHES = 2_400
"""Fixed branches the default Tehran sample aims at (villages' mobile boxes come on top)."""

TEHRAN_LISTS = (
    PartyListSpec("L01", "فهرست امید", "Omid (Hope) list", 21),
    PartyListSpec("L02", "ائتلاف شهر ما", "Our City coalition", 21),
    PartyListSpec("L03", "جبهه مردمی شهر", "People's City Front", 21),
    PartyListSpec("L04", "فهرست تهران سبز", "Green Tehran list", 21),
    PartyListSpec("L05", "ائتلاف خدمت", "Service coalition", 21),
    PartyListSpec("L06", "فهرست همدلی", "Hamdeli (Solidarity) list", 19),
    PartyListSpec("L07", "فهرست شهر هوشمند", "Smart City list", 17),
    PartyListSpec("L08", "جامعه مهندسان شهر", "City Engineers' Society", 15),
    PartyListSpec("L09", "فهرست جوانان پایتخت", "Capital Youth list", 13),
    PartyListSpec("L10", "ائتلاف بانوان", "Women's coalition", 11),
    PartyListSpec("L11", "فهرست کار و کارگر", "Labour list", 9),
    PartyListSpec("L12", "فهرست محله‌ها", "Neighbourhoods list", 7),
)
_INDEPENDENTS = 124
_EXPERTS_SEATS = 2
_EXPERTS_CANDIDATES = 9
_TEHRAN_REASON = (
    "به حکم قانون شورای شهر تهران ۲۱ عضو اصلی و ۱۱ عضو علی‌البدل دارد؛ "
    "by law the Tehran council has 21 members and 11 alternates"
)


def _tehran_council(geography: Geography, maker: CandidateMaker, contests: ContestSet) -> None:
    tehran, rey, tajrish = (
        next(d for d in geography.of_kind(DivisionKind.CITY) if d.name_en == name)
        for name in ("Tehran", "Rey", "Tajrish")
    )
    contest = Contest(
        code="CC-TEHRAN",
        name_fa="شورای اسلامی شهر تهران (تهران، ری و تجریش)",
        name_en="Tehran city council (Tehran, Rey and Tajrish)",
        kind=ContestKind.LIST_PR,
        constituency=(tehran.code, rey.code, tajrish.code),
        council_of=tehran.code,
        seat_override=Alternates(seats=21, alternates=11, reason=_TEHRAN_REASON),
        max_selections=21,
        pr=ListPRRules(method=PRMethod.HARE, open_list=True),
    )
    lists, members = make_party_lists(maker, contest.code, METROPOLIS_PROFILE, TEHRAN_LISTS)
    independents = maker.make_many(contest.code, METROPOLIS_PROFILE, _INDEPENDENTS)
    contests.add(contest, [*members, *independents], lists)


def make_tehran(seed: int, branches: int | None = None) -> ElectionDefinition:
    """The Tehran sample drawn from ``seed``; about ``branches`` fixed branches."""
    rng = random.Random(seed)
    geography = build_geography(TEHRAN_PROVINCE, rng)
    maker = CandidateMaker(rng, POLLING_DAY)
    contests = ContestSet()
    _tehran_council(geography, maker, contests)
    contests.add(*experts_contest(geography.province, _EXPERTS_SEATS, maker, _EXPERTS_CANDIDATES))
    in_tehran_council = frozenset(contests.contests[0].constituency)
    local_councils(geography, contests, maker, rng, skip=in_tehran_council)
    return assemble_province(
        election_id="tehran-1405",
        name_fa="هفتمین دوره انتخابات شوراهای اسلامی شهر و روستا و میان‌دوره‌ای خبرگان، استان تهران",
        name_en="7th city and village council elections and Experts by-election, Tehran province",
        geography=geography,
        contests=contests,
        rng=rng,
        target_branches=branches or TEHRAN_DEFAULT_BRANCHES,
        code_prefix="B23-",
        metropolis=contests.contests[0].council_of,
    )
