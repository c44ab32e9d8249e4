"""The election definition: everything fixed before polling day, in one hashed document.

An election (one polling day, Asia/Tehran) holds several contests on the same ballot; each
contest has a constituency (a set of divisions), seats and alternates, candidates and, for list
PR, party lists. Branches (شعبه اخذ رای) offer a ballot style, i.e. a set of contests.

This module holds the shapes. Cross-reference rules (unique codes, list members from the right
contest, the seat band rule ...) live in ``entekhab.domain.definition_rules``; loading from YAML or
JSON lives in ``entekhab.domain.definition_io``.
"""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Any

from pydantic import Field

from entekhab.domain.candidates.rules import CandidacyRules, Office
from entekhab.domain.geography import Division, DivisionKind
from entekhab.domain.types import Code, FractionValue, Frozen

__all__ = [
    "Alternates",
    "BallotStyle",
    "BoxKind",
    "Branch",
    "Candidate",
    "Contest",
    "ContestKind",
    "EducationLevel",
    "ElectionCalendar",
    "ElectionDefinition",
    "ListPRRules",
    "Network",
    "OfflinePolicy",
    "PRMethod",
    "PartyList",
    "Phase",
    "PhaseDays",
    "PollingHours",
    "ResidenceRule",
    "SeatBand",
    "SeatBandRule",
    "SiteKind",
    "VillageCouncilRule",
]


class ContestKind(StrEnum):
    PLURALITY = "plurality"  # block vote: N seats, M alternates, voter marks up to N
    LIST_PR = "list_pr"  # party lists plus independents, proportional


class PRMethod(StrEnum):
    HARE = "hare"
    DROOP = "droop"
    DHONDT = "dhondt"
    SAINTE_LAGUE = "sainte_lague"
    MODIFIED_SAINTE_LAGUE = "modified_sainte_lague"


class ResidenceRule(StrEnum):
    CONSTITUENCY = "constituency"  # any citizen resident anywhere in the constituency
    ONE_YEAR_RESIDENCE = "one_year_residence"  # resident there for at least a year


class OfflinePolicy(StrEnum):
    REFUSE = "refuse"  # voters wait until the link is back
    PROVISIONAL = "provisional"  # record locally, reconcile on reconnection


class SiteKind(StrEnum):
    SCHOOL = "school"
    MOSQUE = "mosque"
    OTHER = "other"


class Network(StrEnum):
    FIBRE = "fibre"
    MOBILE = "mobile"
    NONE = "none"


class BoxKind(StrEnum):
    FIXED = "fixed"
    MOBILE = "mobile"  # صندوق سیار


class EducationLevel(StrEnum):
    """Education, ordered from lowest to highest (``rank``); used by the council tie-break."""

    NONE = "none"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    DIPLOMA = "diploma"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"

    @property
    def rank(self) -> int:
        return list(EducationLevel).index(self)


class SeatBand(Frozen):
    """Councils of divisions with population up to ``max_population`` get these seats."""

    max_population: int | None = Field(default=None, ge=0)  # None: no upper bound
    seats: int = Field(gt=0)
    alternates: int = Field(ge=0)


class SeatBandRule(Frozen):
    """Seats and alternates of a council by population band, held as data (default: the law)."""

    cities: tuple[SeatBand, ...] = (
        SeatBand(max_population=50_000, seats=5, alternates=3),
        SeatBand(max_population=200_000, seats=7, alternates=5),
        SeatBand(max_population=500_000, seats=9, alternates=6),
        SeatBand(max_population=1_000_000, seats=11, alternates=7),
        SeatBand(max_population=2_000_000, seats=13, alternates=8),
        SeatBand(max_population=None, seats=15, alternates=10),
    )
    villages: tuple[SeatBand, ...] = (
        SeatBand(max_population=1_500, seats=3, alternates=2),
        SeatBand(max_population=None, seats=5, alternates=3),
    )


class VillageCouncilRule(Frozen):
    """Which villages get a council: those flagged as qualified last term, or (when set) those
    meeting the legal conditions given here as data."""

    require_qualified_last_term: bool = True
    min_population: int | None = Field(default=None, ge=0)


class ListPRRules(Frozen):
    method: PRMethod = PRMethod.HARE
    threshold: FractionValue = Fraction(0)
    open_list: bool = True  # open: members ranked by personal votes; closed: by list order


class Alternates(Frozen):
    """Explicit seats/alternates of a contest, overriding the band rule (with a reason)."""

    seats: int = Field(gt=0)
    alternates: int = Field(ge=0)
    reason: str = Field(min_length=1)


class Contest(Frozen):
    """One race on the ballot (e.g. the Tehran city council, an Assembly of Experts by-election)."""

    code: Code = Field(min_length=1, max_length=32)
    name_fa: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    kind: ContestKind
    constituency: tuple[Code, ...] = Field(min_length=1)
    """Division codes whose residents vote in this contest (their subdivisions included)."""
    council_of: Code | None = None
    """For a council contest: the city or village whose council it is (seats by band rule)."""
    seats: int | None = Field(default=None, gt=0)
    alternates: int | None = Field(default=None, ge=0)
    seat_override: Alternates | None = None
    """Seats differing from the band rule must say so here, with a reason."""
    max_selections: int | None = Field(default=None, gt=0)
    """How many candidates a voter may mark; defaults to the number of seats."""
    pr: ListPRRules | None = None
    tie_break: tuple[str, ...] = ("isargar", "education", "lot")
    residence_rule: ResidenceRule = ResidenceRule.CONSTITUENCY
    office: Office | None = None
    """The office filled (keys the candidacy rules); a council contest's office follows from
    ``council_of``, so only other contests (the Assembly of Experts) need to name it."""


class Candidate(Frozen):
    """A candidate (نامزد) standing in one contest, known on the ballot by ``ballot_code``."""

    national_code: str = Field(min_length=8, max_length=16)
    ballot_code: Code = Field(min_length=1, max_length=16)
    contest: Code
    given_name_fa: str = Field(min_length=1)
    family_name_fa: str = Field(min_length=1)
    given_name_en: str = ""
    family_name_en: str = ""
    birth_date: date
    education: EducationLevel
    isargar: bool = False  # ایثارگر: priority in the council tie-break


class PartyList(Frozen):
    """A party list (فهرست) in a list-PR contest; ``members`` are ballot codes, in list order."""

    code: Code = Field(min_length=1, max_length=16)
    contest: Code
    name_fa: str = Field(min_length=1)
    name_en: str = ""
    members: tuple[Code, ...] = Field(min_length=1)


class BallotStyle(Frozen):
    """The set of contests a branch's ballot offers."""

    code: Code = Field(min_length=1, max_length=32)
    contests: tuple[Code, ...]


class Branch(Frozen):
    """A polling branch (شعبه اخذ رای) with its site and equipment."""

    code: Code = Field(min_length=1, max_length=32)
    name_fa: str = ""
    site: SiteKind
    address: str = ""
    division: Code
    expected_voters: int = Field(ge=0)
    network: Network
    box: BoxKind = BoxKind.FIXED
    ballot_style: Code


class Phase(StrEnum):
    """The phases of the election calendar (گاه‌شمار انتخابات), in the order they run."""

    REGISTRATION = "registration"  # ثبت‌نام داوطلبان
    VETTING = "vetting"  # بررسی سوابق (confidential inquiries)
    QUALIFICATION = "qualification"  # رسیدگی به صلاحیت: executive board decides, supervisors review
    APPEALS = "appeals"  # شکایت داوطلبان ردصلاحیت‌شده
    CAMPAIGN = "campaign"  # تبلیغات
    CAMPAIGN_SILENCE = "campaign_silence"  # سکوت تبلیغاتی
    POLLING = "polling"  # روز رای‌گیری, between the opening and closing hours
    RESULTS = "results"  # شمارش، تأیید و اعلام نتایج
    COMPLAINTS = "complaints"  # مهلت شکایت از انتخابات


class PhaseDays(Frozen):
    """A phase that runs whole days, ``first_day`` to ``last_day`` inclusive, in the election's
    time zone (Asia/Tehran): it opens at 00:00 of the first day and closes at 24:00 of the last."""

    first_day: date
    last_day: date


class PollingHours(Frozen):
    """Opening and closing hours of polling day (local time); an extension is a recorded
    decision at headquarters, not an edit of the definition."""

    opens: time = time(8, 0)
    closes: time = time(18, 0)


class ElectionCalendar(Frozen):
    """The dates of every phase (Asia/Tehran). The calendar is part of the hashed definition, so
    a station and headquarters that agree on the hash agree on the hours. Rules between phases
    (order, silence the day before polling) live in ``definition_rules``; "is phase P open at
    instant t" lives in ``entekhab.domain.calendar``."""

    registration: PhaseDays
    vetting: PhaseDays
    qualification: PhaseDays
    appeals: PhaseDays
    campaign: PhaseDays
    campaign_silence: PhaseDays
    polling: PollingHours = PollingHours()
    results: PhaseDays
    complaints: PhaseDays


class ElectionDefinition(Frozen):
    """The whole definition of one election day (انتخابات)."""

    id: Code = Field(min_length=1, max_length=64)
    name_fa: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    polling_day: date
    calendar: ElectionCalendar
    timezone: str = "Asia/Tehran"
    minimum_age: int = Field(default=18, ge=0)
    offline_policy: OfflinePolicy = OfflinePolicy.REFUSE
    seat_bands: SeatBandRule = SeatBandRule()
    village_councils: VillageCouncilRule = VillageCouncilRule()
    divisions: tuple[Division, ...]
    contests: tuple[Contest, ...]
    candidates: tuple[Candidate, ...] = ()
    party_lists: tuple[PartyList, ...] = ()
    ballot_styles: tuple[BallotStyle, ...] = ()
    branches: tuple[Branch, ...] = ()
    candidacy: CandidacyRules = CandidacyRules()
    """Who may stand and how candidates are vetted (``domain.candidates.rules``)."""

    # Indexes, computed once per (immutable) definition. Duplicates are caught by the rules.
    @cached_property
    def division_by_code(self) -> dict[str, Division]:
        return {d.code: d for d in self.divisions}

    @cached_property
    def contest_by_code(self) -> dict[str, Contest]:
        return {c.code: c for c in self.contests}

    @cached_property
    def branch_by_code(self) -> dict[str, Branch]:
        return {b.code: b for b in self.branches}

    @cached_property
    def style_by_code(self) -> dict[str, BallotStyle]:
        return {s.code: s for s in self.ballot_styles}

    @cached_property
    def candidates_by_contest(self) -> dict[str, dict[str, Candidate]]:
        out: dict[str, dict[str, Candidate]] = {c.code: {} for c in self.contests}
        for cand in self.candidates:
            out.setdefault(cand.contest, {})[cand.ballot_code] = cand
        return out

    @cached_property
    def lists_by_contest(self) -> dict[str, dict[str, PartyList]]:
        out: dict[str, dict[str, PartyList]] = {c.code: {} for c in self.contests}
        for plist in self.party_lists:
            out.setdefault(plist.contest, {})[plist.code] = plist
        return out

    @cached_property
    def contests_with_candidates(self) -> frozenset[str]:
        """Contests whose candidate list is in the definition, i.e. final: a list enters the
        definition only when it is published (or when the definition was loaded with it)."""
        return frozenset(cand.contest for cand in self.candidates)

    def office_of(self, contest: Contest) -> Office | None:
        """The office a contest fills: as stated, else a council by its city or village."""
        if contest.office is not None:
            return contest.office
        council = self.division_by_code.get(contest.council_of or "")
        if council is None:
            return None
        if council.kind == DivisionKind.CITY:
            return Office.CITY_COUNCIL
        if council.kind == DivisionKind.VILLAGE:
            return Office.VILLAGE_COUNCIL
        return None

    @cached_property
    def phase_windows(self) -> dict[Phase, Any]:
        """Each phase's window (``calendar.PhaseWindow``), computed once per definition: the
        polling-hours check runs on every check-in."""
        from entekhab.domain.calendar import compute_windows  # calendar builds on this module

        return compute_windows(self)

    def ancestors(self, division_code: str) -> list[str]:
        """The division and every division above it, nearest first."""
        chain: list[str] = []
        code: str | None = division_code
        while code is not None and code not in chain:
            chain.append(code)
            div = self.division_by_code.get(code)
            code = div.parent if div else None
        return chain
