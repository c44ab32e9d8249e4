"""What the sample elections share: the polling day, councils for a geography, assembly."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, time, timedelta

from entekhab.domain.definition import (
    BallotStyle,
    Branch,
    Candidate,
    Contest,
    ElectionCalendar,
    ElectionDefinition,
    PartyList,
    PhaseDays,
    PollingHours,
)
from entekhab.domain.geography import Division, DivisionKind
from entekhab.sim.branches_builder import BranchPlan, build_branches, voters_per_branch_for
from entekhab.sim.candidates_builder import CandidateMaker
from entekhab.sim.contests_builder import council_with_candidates
from entekhab.sim.geography_builder import Geography

__all__ = [
    "POLLING_DAY",
    "ContestSet",
    "assemble",
    "assemble_province",
    "local_councils",
    "sample_calendar",
]

POLLING_DAY = date(2026, 6, 18)
"""28 Khordad 1405: the sample elections' polling day."""


def _days(polling_day: date, first: int, last: int) -> PhaseDays:
    """The days ``first`` to ``last`` relative to polling day (negative: before it)."""
    return PhaseDays(
        first_day=polling_day + timedelta(days=first),
        last_day=polling_day + timedelta(days=last),
    )


def sample_calendar(polling_day: date = POLLING_DAY) -> ElectionCalendar:
    """The calendar of the sample elections, counted back and forth from polling day the way the
    council elections law lays it out: a week of registration about ten weeks before, vetting,
    qualification and appeals, a week of campaign, a day of silence, polling 08:00-18:00, then
    results and complaints."""
    return ElectionCalendar(
        registration=_days(polling_day, -70, -64),
        vetting=_days(polling_day, -63, -50),
        qualification=_days(polling_day, -49, -36),
        appeals=_days(polling_day, -35, -22),
        campaign=_days(polling_day, -8, -2),
        campaign_silence=_days(polling_day, -1, -1),
        polling=PollingHours(opens=time(8, 0), closes=time(18, 0)),
        results=_days(polling_day, 0, 7),
        complaints=_days(polling_day, 1, 7),
    )


class ContestSet:
    """Contests with their candidates and lists, collected in ballot order."""

    def __init__(self) -> None:
        self.contests: list[Contest] = []
        self.candidates: list[Candidate] = []
        self.party_lists: list[PartyList] = []

    def add(
        self,
        contest: Contest,
        candidates: Sequence[Candidate],
        party_lists: Sequence[PartyList] = (),
    ) -> None:
        self.contests.append(contest)
        self.candidates.extend(candidates)
        self.party_lists.extend(party_lists)


def local_councils(
    geography: Geography,
    contests: ContestSet,
    maker: CandidateMaker,
    rng: random.Random,
    *,
    skip: frozenset[str] = frozenset(),
) -> None:
    """A plurality council for every city (except ``skip``) and every qualified village."""
    for division in geography.divisions:
        if division.code in skip:
            continue
        is_city = division.kind is DivisionKind.CITY
        qualified_village = division.kind is DivisionKind.VILLAGE and division.qualified_last_term
        if is_city or qualified_village:
            contests.add(*council_with_candidates(division, maker, rng))


def assemble(
    *,
    election_id: str,
    name_fa: str,
    name_en: str,
    divisions: Sequence[Division],
    contests: ContestSet,
    ballot_styles: Sequence[BallotStyle],
    branches: Sequence[Branch],
) -> ElectionDefinition:
    return ElectionDefinition(
        id=election_id,
        name_fa=name_fa,
        name_en=name_en,
        polling_day=POLLING_DAY,
        calendar=sample_calendar(POLLING_DAY),
        divisions=tuple(divisions),
        contests=tuple(contests.contests),
        candidates=tuple(contests.candidates),
        party_lists=tuple(contests.party_lists),
        ballot_styles=tuple(ballot_styles),
        branches=tuple(branches),
    )


def assemble_province(
    *,
    election_id: str,
    name_fa: str,
    name_en: str,
    geography: Geography,
    contests: ContestSet,
    rng: random.Random,
    target_branches: int,
    code_prefix: str,
    metropolis: str | None = None,
) -> ElectionDefinition:
    """The definition of a generated province: branches sized to about ``target_branches``."""
    leaves = geography.of_kind(DivisionKind.CITY) + geography.of_kind(DivisionKind.VILLAGE)
    plan = BranchPlan(
        voters_per_branch=voters_per_branch_for(leaves, target_branches),
        metropolis=metropolis,
        code_prefix=code_prefix,
    )
    styles, branches = build_branches(geography.divisions, contests.contests, plan, rng)
    return assemble(
        election_id=election_id,
        name_fa=name_fa,
        name_en=name_en,
        divisions=geography.divisions,
        contests=contests,
        ballot_styles=styles,
        branches=branches,
    )
