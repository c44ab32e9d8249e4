"""The tiny sample, for unit tests: Semnan county with three contests and four branches.

Semnan city elects a council of 5 (+2 alternates) by list PR (3 lists, 2 independents; an
override of the band rule, for the sake of a small test); Sorkheh a plurality council by the
band rule; the province an Assembly of Experts member. Fuladmahalleh, too small to have had a
council last term, votes only in the Experts by-election, from a mobile box.
"""

from __future__ import annotations

import random

from entekhab.domain.definition import (
    Alternates,
    BoxKind,
    Branch,
    Candidate,
    Contest,
    ContestKind,
    ElectionDefinition,
    ListPRRules,
    Network,
    PartyList,
    PRMethod,
    SiteKind,
)
from entekhab.domain.geography import Division, DivisionKind
from entekhab.sim.branches_builder import BranchPlan, build_branches, persian_digits
from entekhab.sim.candidates_builder import (
    CITY_PROFILE,
    CandidateMaker,
    PartyListSpec,
    make_party_lists,
)
from entekhab.sim.contests_builder import council_with_candidates, experts_contest
from entekhab.sim.sample_common import POLLING_DAY, ContestSet, assemble

__all__ = ["make_tiny"]

K = DivisionKind
_DIVISIONS = (
    Division(code="P20", kind=K.PROVINCE, name_fa="سمنان", name_en="Semnan", population=194_209),
    Division(
        code="C20-01", kind=K.COUNTY, name_fa="سمنان", name_en="Semnan", parent="P20",
        population=194_209,
    ),
    Division(
        code="D20-01-1", kind=K.DISTRICT, name_fa="مرکزی", name_en="Central", parent="C20-01",
        population=194_209,
    ),
    Division(
        code="T20-01-1-01", kind=K.CITY, name_fa="سمنان", name_en="Semnan", parent="D20-01-1",
        population=185_129,
    ),
    Division(
        code="T20-01-1-02", kind=K.CITY, name_fa="سرخه", name_en="Sorkheh", parent="D20-01-1",
        population=9_000,
    ),
    Division(
        code="R20-01-1-1", kind=K.RURAL_DISTRICT, name_fa="هومه", name_en="Howmeh",
        parent="D20-01-1", population=80,
    ),
    Division(
        code="V20-01-1-1-01", kind=K.VILLAGE, name_fa="فولادمحله", name_en="Fuladmahalleh",
        parent="R20-01-1-1", population=80, qualified_last_term=False,
    ),
)  # fmt: skip
_LISTS = (
    PartyListSpec("L1", "فهرست امید سمنان", "Semnan Hope list", 5),
    PartyListSpec("L2", "ائتلاف خدمت", "Service coalition", 4),
    PartyListSpec("L3", "فهرست جوانان", "Youth list", 3),
)
_SITE_FA = {
    SiteKind.SCHOOL: "دبستان فردوسی",
    SiteKind.MOSQUE: "مسجد جامع",
    SiteKind.OTHER: "کانون فرهنگی",
}


def _site_name(site: SiteKind, box: BoxKind) -> str:
    return "صندوق سیار" if box is BoxKind.MOBILE else _SITE_FA[site]


_NAME_FA = {d.code: d.name_fa for d in _DIVISIONS}
# (division, site, network, box): two branches in Semnan, one in Sorkheh, a mobile box.
_BRANCHES = (
    ("T20-01-1-01", SiteKind.SCHOOL, Network.FIBRE, BoxKind.FIXED),
    ("T20-01-1-01", SiteKind.MOSQUE, Network.MOBILE, BoxKind.FIXED),
    ("T20-01-1-02", SiteKind.OTHER, Network.FIBRE, BoxKind.FIXED),
    ("V20-01-1-1-01", SiteKind.OTHER, Network.NONE, BoxKind.MOBILE),
)


def _semnan_council(maker: CandidateMaker) -> tuple[Contest, list[Candidate], list[PartyList]]:
    contest = Contest(
        code="CC-SEMNAN",
        name_fa="شورای اسلامی شهر سمنان",
        name_en="Semnan city council",
        kind=ContestKind.LIST_PR,
        constituency=("T20-01-1-01",),
        council_of="T20-01-1-01",
        seat_override=Alternates(
            seats=5, alternates=2, reason="نمونه کوچک آزمون؛ small test sample"
        ),
        max_selections=5,
        pr=ListPRRules(method=PRMethod.HARE, open_list=True),
    )
    lists, members = make_party_lists(maker, contest.code, CITY_PROFILE, _LISTS)
    return contest, [*members, *maker.make_many(contest.code, CITY_PROFILE, 2)], lists


def make_tiny(seed: int, branches: int | None = None) -> ElectionDefinition:
    """The tiny sample drawn from ``seed`` (``branches`` is ignored: always four)."""
    rng = random.Random(seed)
    maker = CandidateMaker(rng, POLLING_DAY)
    contests = ContestSet()
    contests.add(*_semnan_council(maker))
    province, sorkheh = _DIVISIONS[0], _DIVISIONS[4]
    contests.add(*council_with_candidates(sorkheh, maker, rng))
    contests.add(*experts_contest(province, 1, maker, 3))
    styles, generated = build_branches(
        _DIVISIONS, contests.contests, BranchPlan(voters_per_branch=10**9), rng
    )
    style_of = {b.division: b.ballot_style for b in generated}
    rows = [
        Branch(
            code=f"B{i:02d}",
            name_fa=f"شعبه {persian_digits(i)}، {_site_name(site, box)}",
            site=site,
            address=_NAME_FA[division],
            division=division,
            expected_voters=400 if box is BoxKind.FIXED else 40,
            network=network,
            box=box,
            ballot_style=style_of[division],
        )
        for i, (division, site, network, box) in enumerate(_BRANCHES, start=1)
    ]
    return assemble(
        election_id="tiny-1405",
        name_fa="انتخابات نمونه کوچک، شهرستان سمنان",
        name_en="Tiny sample election, Semnan county",
        divisions=_DIVISIONS,
        contests=contests,
        ballot_styles=styles,
        branches=rows,
    )
