"""The election-day simulator: voters from the registry arrive at their branches through the
day; many branch stations serve their queues in parallel; live counts of every outcome.

``plan_day`` decides, from a seed alone, who comes where and when: registered voters turn out
with a given probability at a branch of their place of residence, arriving along a two-peak
day (morning and evening); some people under 18 try to vote (``UNDER_AGE``), a few go to a
branch whose contests are not theirs (``NOT_ENTITLED``), a few come back later at another branch
(``ALREADY_VOTED``). Each voter's marks come from ``random_ballot`` (candidates and lists
weighted by a seeded popularity, so results have winners).

``run_day`` runs one thread per branch (at most ``parallel`` at once). A thread opens its
station, serves its queue in arrival order, and closes (signed bulletins). The station is
whatever ``open_station(branch)`` returns: anything with the ``BranchStation`` methods; the
CLI wires ``entekhab.station.Station`` (a journal, signed HTTP, simulated identity devices), so
this module stays below the station layer. Every refusal is counted by its error code.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from entekhab.domain.ballot import ContestSelection
from entekhab.domain.check_in_rules import age_on
from entekhab.domain.contest_seats import max_marks
from entekhab.domain.definition import ContestKind, ElectionDefinition
from entekhab.domain.errors import EntekhabError
from entekhab.service.registry.importing import CitizenRecord

__all__ = [
    "BranchStation",
    "DayPlan",
    "DayTally",
    "Visit",
    "plan_day",
    "random_ballot",
    "run_day",
]

OPENING_MINUTE, CLOSING_MINUTE = 8 * 60, 22 * 60
"""Polls open 08:00 and close 22:00 Tehran time (extended hours are common)."""


@dataclass(frozen=True)
class Visit:
    """One person presenting a national card at a branch at a minute of the day."""

    minute: int
    national_code: str
    card_serial: str
    branch: str
    intent: str
    """``vote``, ``under_age``, ``wrong_branch`` or ``second_visit`` (what the plan expects)."""


@dataclass
class DayPlan:
    visits: dict[str, list[Visit]]
    """Per branch, in order of arrival."""
    eligible: int
    """Registered people aged 18 or more on polling day, living where a branch is."""

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.visits.values())


def _arrival_minute(rng: random.Random) -> int:
    """A two-peak day: late morning and early evening, a lull at midday."""
    peak = rng.choice((10.5 * 60, 18.5 * 60, 14 * 60))
    minute = int(rng.gauss(peak, 90))
    return min(CLOSING_MINUTE - 1, max(OPENING_MINUTE, minute))


def plan_day(
    definition: ElectionDefinition,
    citizens: Iterable[CitizenRecord],
    *,
    turnout: float,
    seed: int,
    under_age_share: float = 0.2,
    wrong_branch_share: float = 0.004,
    second_visit_share: float = 0.003,
) -> DayPlan:
    """Who comes to which branch, and when (see the module docstring)."""
    rng = random.Random(seed)
    by_division: dict[str, list[str]] = defaultdict(list)
    for branch in definition.branches:
        by_division[branch.division].append(branch.code)
    all_branches = [b.code for b in definition.branches]
    style_of = {b.code: b.ballot_style for b in definition.branches}
    visits: dict[str, list[Visit]] = {code: [] for code in all_branches}
    eligible = 0
    for serial, person in enumerate(citizens):
        home = by_division.get(person.residence_division)
        if not home:
            continue  # no branch where they live in this (reduced) sample
        adult = age_on(_as_date(person.birth_date), definition.polling_day) >= 18
        eligible += adult
        if not adult:
            if rng.random() < under_age_share * turnout:
                _add(visits, rng, person, rng.choice(home), serial, "under_age")
            continue
        if rng.random() >= turnout:
            continue
        branch = rng.choice(home)
        if rng.random() < wrong_branch_share:
            elsewhere = [b for b in all_branches if style_of[b] != style_of[branch]]
            if elsewhere:
                _add(visits, rng, person, rng.choice(elsewhere), serial, "wrong_branch")
                continue
        first = _add(visits, rng, person, branch, serial, "vote")
        if rng.random() < second_visit_share and len(all_branches) > 1:
            other = rng.choice([b for b in all_branches if b != branch])
            later = min(CLOSING_MINUTE - 1, first.minute + rng.randint(30, 240))
            visits[other].append(
                Visit(later, person.national_code, f"C{serial:09d}", other, "second_visit")
            )
    for queue in visits.values():
        queue.sort(key=lambda v: v.minute)
    return DayPlan(visits, eligible)


def _add(
    visits: dict[str, list[Visit]],
    rng: random.Random,
    person: CitizenRecord,
    branch: str,
    serial: int,
    intent: str,
) -> Visit:
    visit = Visit(_arrival_minute(rng), person.national_code, f"C{serial:09d}", branch, intent)
    visits[branch].append(visit)
    return visit


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


class Popularity:
    """Seeded weights of candidates and lists, so that simulated votes have winners."""

    def __init__(self, definition: ElectionDefinition, seed: int) -> None:
        rng = random.Random(seed ^ 0x5EED)
        self.definition = definition
        self.candidates: dict[str, tuple[list[str], list[float]]] = {}
        self.lists: dict[str, tuple[list[str], list[float]]] = {}
        for contest in definition.contests:
            codes = sorted(definition.candidates_by_contest.get(contest.code, {}))
            self.candidates[contest.code] = (codes, [rng.paretovariate(1.2) for _ in codes])
            lists = sorted(definition.lists_by_contest.get(contest.code, {}))
            self.lists[contest.code] = (lists, [rng.paretovariate(1.0) for _ in lists])


def random_ballot(
    popularity: Popularity, contests: Sequence[str], rng: random.Random
) -> list[ContestSelection]:
    """One voter's marks on each contest of the ballot: about 2% blank, the rest weighted."""
    definition = popularity.definition
    ballot = []
    for code in contests:
        contest = definition.contest_by_code[code]
        names, weights = popularity.candidates[code]
        if rng.random() < 0.02 or not names:
            ballot.append(ContestSelection(contest=code))
            continue
        limit = max_marks(definition, contest)
        wanted = rng.randint(1, limit) if rng.random() < 0.5 else limit
        wanted = min(wanted, len(names))
        list_code = None
        if contest.kind is ContestKind.LIST_PR:
            lists, list_weights = popularity.lists[code]
            if lists and rng.random() < 0.7:
                list_code = rng.choices(lists, list_weights)[0]
                wanted = rng.randint(0, min(3, wanted))
        chosen: list[str] = []
        for pick in rng.choices(names, weights, k=wanted * 3):
            if pick not in chosen:
                chosen.append(pick)
            if len(chosen) == wanted:
                break
        ballot.append(ContestSelection(contest=code, list_code=list_code, candidates=chosen))
    return ballot


class BranchStation(Protocol):
    """What the simulator needs of a branch station (``entekhab.station.Station`` wrapped)."""

    def open(self) -> None: ...

    def check_in(self, visit: Visit, override_reason: str | None) -> Sequence[str]:
        """Check the voter in; the contests of their ballot (raises coded errors)."""
        ...

    def cast(self, selections: Sequence[ContestSelection]) -> None:
        """Cast the ballot of the voter just checked in."""
        ...

    def close(self) -> None: ...

    @property
    def false_rejects(self) -> int:
        """Fingerprint matches that failed although the person was the card's holder."""
        ...


IDENTITY_NOT_VERIFIED = "IDENTITY_NOT_VERIFIED"


@dataclass
class DayTally:
    """Live counts, safe to read from another thread (the progress display)."""

    planned: int
    eligible: int
    served: int = 0
    voted: int = 0
    overrides: int = 0
    false_rejects: int = 0
    branches_closed: int = 0
    refusals: Counter[str] = field(default_factory=Counter)
    by_hour: Counter[int] = field(default_factory=Counter)
    clock_minute: int = OPENING_MINUTE
    errors: list[str] = field(default_factory=list)
    day_seconds: float = 0.0
    """Wall time from the first station opening to the last closing."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    """Set it to end the day early: each branch stops serving and closes."""

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "served": self.served,
                "voted": self.voted,
                "overrides": self.overrides,
                "branches_closed": self.branches_closed,
                "refusals": dict(self.refusals),
                "by_hour": dict(self.by_hour),
                "clock_minute": self.clock_minute,
            }

    @property
    def turnout(self) -> float:
        return self.voted / self.eligible if self.eligible else 0.0


def _serve(
    station: BranchStation,
    visit: Visit,
    popularity: Popularity,
    rng: random.Random,
    tally: DayTally,
) -> None:
    override = False
    try:
        try:
            contests = station.check_in(visit, None)
        except EntekhabError as error:
            if error.code != IDENTITY_NOT_VERIFIED:
                raise
            # Every fingerprint try failed: the branch head checks the card and photo by eye
            # and overrides, with a reason (the server records an incident).
            override = True
            contests = station.check_in(visit, "branch head compared the card photo")
        station.cast(random_ballot(popularity, contests, rng))
    except EntekhabError as error:
        with tally.lock:
            tally.served += 1
            tally.refusals[error.code] += 1
        return
    with tally.lock:
        tally.served += 1
        tally.voted += 1
        tally.overrides += override
        tally.by_hour[visit.minute // 60] += 1
        tally.clock_minute = max(tally.clock_minute, visit.minute)


def _run_branch(
    branch: str,
    visits: list[Visit],
    open_station: Callable[[str], BranchStation],
    popularity: Popularity,
    seed: int,
    tally: DayTally,
) -> int:
    station = open_station(branch)
    station.open()
    rng = random.Random(f"{seed}/{branch}")
    for visit in visits:
        if tally.stop.is_set():
            break
        _serve(station, visit, popularity, rng, tally)
    station.close()
    with tally.lock:
        tally.branches_closed += 1
    return station.false_rejects


def run_day(
    definition: ElectionDefinition,
    plan: DayPlan,
    open_station: Callable[[str], BranchStation],
    *,
    seed: int,
    parallel: int,
    tally: DayTally | None = None,
) -> DayTally:
    """Serve every branch's queue, ``parallel`` branches at a time; the final tally.

    An unexpected failure of a branch (not a coded refusal) is kept in ``tally.errors`` and
    the other branches go on."""
    tally = tally or DayTally(plan.total, plan.eligible)
    popularity = Popularity(definition, seed)
    began = time.perf_counter()
    false_rejects = 0
    branches = sorted(plan.visits, key=lambda b: -len(plan.visits[b]))  # longest queues first
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        futures = {
            pool.submit(_run_branch, b, plan.visits[b], open_station, popularity, seed, tally): b
            for b in branches
        }
        for future, branch in futures.items():
            try:
                false_rejects += future.result()
            except Exception as error:  # a broken branch is reported, the day goes on
                tally.errors.append(f"{branch}: {type(error).__name__}: {error}")
    with tally.lock:
        tally.false_rejects = false_rejects
        tally.day_seconds = time.perf_counter() - began
    return tally
