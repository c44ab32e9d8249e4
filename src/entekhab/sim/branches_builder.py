"""Polling branches and ballot styles of a sample election.

Every city and village gets branches in proportion to its voters (about 72% of the population is
18 or over); the sites are schools, mosques and other public buildings; the network is mostly
fibre in cities and mostly mobile in villages; villages too small for a fixed branch are served
by a mobile box (صندوق سیار). A branch's ballot style is the set of contests whose
constituency contains its division.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from entekhab.domain.definition import BallotStyle, BoxKind, Branch, Contest, Network, SiteKind
from entekhab.domain.geography import Division, DivisionKind

__all__ = [
    "ELIGIBLE_SHARE",
    "BranchPlan",
    "build_branches",
    "eligible_voters",
    "persian_digits",
    "voters_per_branch_for",
]

ELIGIBLE_SHARE = 0.72
"""Share of the population aged 18 or over on polling day."""

_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

_SCHOOL_KINDS = ("دبستان", "دبیرستان", "هنرستان", "مدرسه")
_SCHOOL_NAMES = (
    "شهید بهشتی", "شهید مطهری", "فردوسی", "سعدی", "حافظ", "ابن سینا", "خوارزمی", "شهید رجایی",
    "الزهرا", "فاطمیه", "پروین اعتصامی", "شهید چمران", "شهید باهنر", "نیما", "رازی",
    "علامه طباطبایی", "دکتر حسابی", "شهید همت", "شهید باکری", "آزادی", "امام رضا", "مولوی",
    "خیام", "عطار", "شهید فهمیده", "بنت‌الهدی", "ملاصدرا", "شیخ بهایی", "فارابی", "بوعلی",
)  # fmt: skip
_MOSQUES = (
    "مسجد جامع", "مسجد امام حسین (ع)", "مسجد امام رضا (ع)", "مسجد الغدیر", "مسجد قبا",
    "مسجد المهدی", "مسجد امام صادق (ع)", "مسجد حضرت ابوالفضل (ع)", "مسجد النبی",
    "مسجد امام علی (ع)", "مسجد فاطمیه", "مسجد جوادالائمه",
)  # fmt: skip
_OTHER_SITES = (
    "حسینیه اعظم", "فرهنگسرای محله", "سالن ورزشی", "کانون فرهنگی", "سرای محله",
    "کتابخانه عمومی", "تالار شهر", "خانه بهداشت",
)  # fmt: skip
_STREETS = (
    "آزادی", "انقلاب", "ولیعصر", "شریعتی", "جمهوری", "طالقانی", "کارگر", "امام", "بهار",
    "پیروزی", "فاطمی", "مطهری", "ستارخان", "پاسداران", "شهید بهشتی", "گلستان", "بوستان",
    "کوثر", "لاله", "نرگس", "سعدی", "حافظ", "فردوسی", "آیت‌الله کاشانی", "رسالت", "معلم",
)  # fmt: skip


def persian_digits(value: int | str) -> str:
    return str(value).translate(_PERSIAN)


def eligible_voters(division: Division) -> int:
    return round(division.population * ELIGIBLE_SHARE)


@dataclass(frozen=True)
class BranchPlan:
    """How branches are sized and equipped."""

    voters_per_branch: int
    """Eligible voters a fixed branch serves."""
    mobile_box_below: int = 150
    """Villages with fewer people get a mobile box instead of a fixed branch."""
    metropolis: str | None = None
    """The code of a city whose addresses name a municipal district (منطقه)."""
    code_prefix: str = "B"


def voters_per_branch_for(leaves: Sequence[Division], target_branches: int) -> int:
    """Branch size so that ``leaves`` need about ``target_branches`` fixed branches."""
    total = sum(eligible_voters(d) for d in leaves)
    return max(1, total // max(1, target_branches))


def _turnout(division: Division) -> float:
    if division.kind is DivisionKind.VILLAGE:
        return 0.65
    return 0.35 if division.population > 2_000_000 else 0.5


def _site(rng: random.Random, village: bool) -> SiteKind:
    weights = (50, 35, 15) if village else (60, 30, 10)
    return rng.choices((SiteKind.SCHOOL, SiteKind.MOSQUE, SiteKind.OTHER), weights=weights)[0]


def _network(rng: random.Random, village: bool, mobile_box: bool) -> Network:
    if mobile_box:
        weights = (0, 50, 50)
    elif village:
        weights = (15, 60, 25)
    else:
        weights = (78, 20, 2)
    return rng.choices((Network.FIBRE, Network.MOBILE, Network.NONE), weights=weights)[0]


def _site_name(rng: random.Random, site: SiteKind, division: Division) -> str:
    if division.kind is DivisionKind.VILLAGE:
        return {
            SiteKind.SCHOOL: f"مدرسه روستای {division.name_fa}",
            SiteKind.MOSQUE: f"مسجد روستای {division.name_fa}",
            SiteKind.OTHER: f"دهیاری {division.name_fa}",
        }[site]
    if site is SiteKind.SCHOOL:
        return f"{rng.choice(_SCHOOL_KINDS)} {rng.choice(_SCHOOL_NAMES)}"
    if site is SiteKind.MOSQUE:
        return rng.choice(_MOSQUES)
    return rng.choice(_OTHER_SITES)


def _address(rng: random.Random, division: Division, parent: Division, plan: BranchPlan) -> str:
    if division.kind is DivisionKind.VILLAGE:
        return f"دهستان {parent.name_fa}، روستای {division.name_fa}"
    street = f"خیابان {rng.choice(_STREETS)}، پلاک {persian_digits(rng.randint(1, 400))}"
    if division.code == plan.metropolis:
        return f"{division.name_fa}، منطقه {persian_digits(rng.randint(1, 22))}، {street}"
    return f"{division.name_fa}، {street}"


def _styles(
    leaves: Sequence[Division], contests: Sequence[Contest], by_code: dict[str, Division]
) -> dict[str, BallotStyle]:
    """The ballot style of each leaf division, one style per distinct set of contests."""
    styles: dict[tuple[str, ...], BallotStyle] = {}
    of_leaf: dict[str, BallotStyle] = {}
    for leaf in leaves:
        chain: set[str] = set()
        code: str | None = leaf.code
        while code is not None:
            chain.add(code)
            code = by_code[code].parent
        covering = [c for c in contests if chain.intersection(c.constituency)]
        if not covering:
            continue
        # The local council first, then the contests of wider constituencies.
        local = [c for c in covering if c.council_of is not None]
        chosen = tuple(c.code for c in local + [c for c in covering if c.council_of is None])
        if chosen not in styles:
            name = local[0].code if local else "-".join(chosen)
            styles[chosen] = BallotStyle(code=f"S-{name}"[:32], contests=chosen)
        of_leaf[leaf.code] = styles[chosen]
    return of_leaf


def build_branches(
    divisions: Sequence[Division],
    contests: Sequence[Contest],
    plan: BranchPlan,
    rng: random.Random,
) -> tuple[list[BallotStyle], list[Branch]]:
    """Ballot styles and branches for every city and village of ``divisions``."""
    by_code = {d.code: d for d in divisions}
    leaves = [d for d in divisions if d.kind in (DivisionKind.CITY, DivisionKind.VILLAGE)]
    style_of = _styles(leaves, contests, by_code)
    branches: list[Branch] = []
    for leaf in leaves:
        style = style_of.get(leaf.code)
        if style is None:
            continue
        village = leaf.kind is DivisionKind.VILLAGE
        mobile_box = village and leaf.population < plan.mobile_box_below
        eligible = eligible_voters(leaf)
        count = 1 if mobile_box else max(1, math.floor(eligible / plan.voters_per_branch + 0.5))
        expected = round(eligible * _turnout(leaf) / count)
        for _ in range(count):
            site = SiteKind.OTHER if mobile_box else _site(rng, village)
            number = len(branches) + 1
            name = "صندوق سیار" if mobile_box else _site_name(rng, site, leaf)
            branches.append(
                Branch(
                    code=f"{plan.code_prefix}{number:05d}",
                    name_fa=f"شعبه {persian_digits(number)}، {name}",
                    site=site,
                    address=_address(rng, leaf, by_code[leaf.parent or leaf.code], plan),
                    division=leaf.code,
                    expected_voters=expected,
                    network=_network(rng, village, mobile_box),
                    box=BoxKind.MOBILE if mobile_box else BoxKind.FIXED,
                    ballot_style=style.code,
                )
            )
    ordered_styles = list({s.code: s for s in style_of.values()}.values())
    return ordered_styles, branches
