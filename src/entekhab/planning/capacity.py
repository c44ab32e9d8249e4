"""Capacity plan: identity devices and voting terminals per branch, and the shortfall per county.

Each voter passes two stages: check-in with fingerprint at an identity device
(دستگاه احراز هویت), then voting at a voting terminal. A stage's output of a stable M/M/c line
is again Poisson at the same rate (Burke's theorem), so each stage is sized on its own by
Erlang C. Every hour of the day is sized with that hour's arrivals as if it were steady state;
a branch gets the most desks any hour needs, so in every hour P(wait > T) < α at each stage.

Expected voters of a branch: the registry's eligible voters of its division shared among the
division's branches in proportion to their planned ``expected_voters`` (or, without a registry
count, the planned number itself), times the turnout scenario, rounded up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes.planning import (
    PLANNING_PROFILE_INVALID,
    PLANNING_QUEUE_INPUT_INVALID,
    PLANNING_SERVICE_TIME_INVALID,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.geography import DivisionKind
from entekhab.planning.queueing import mean_wait_minutes, servers_needed, wait_probability

__all__ = [
    "BRANCH_KIT",
    "DEFAULT_PROFILE",
    "DEFAULT_STAGES",
    "ArrivalProfile",
    "BranchCapacity",
    "BranchDemand",
    "CapacityTarget",
    "CountyShortfall",
    "HourFigures",
    "Stage",
    "branch_demands",
    "county_of",
    "plan_branch",
    "plan_capacity",
    "shortfall_by_county",
]


@dataclass(frozen=True)
class ArrivalProfile:
    """Shares of the day's voters arriving in each polling hour, from ``opening_hour``."""

    shares: tuple[Fraction, ...]
    opening_hour: int = 8

    def __post_init__(self) -> None:
        if not self.shares:
            raise EntekhabError(PLANNING_PROFILE_INVALID, {"reason": "no hours"})
        if any(s < 0 for s in self.shares):
            raise EntekhabError(PLANNING_PROFILE_INVALID, {"reason": "a negative share"})
        total = sum(self.shares, Fraction(0))
        if total <= 0:
            raise EntekhabError(PLANNING_PROFILE_INVALID, {"reason": "the shares sum to zero"})
        if not 0 <= self.opening_hour < 24:
            raise EntekhabError(PLANNING_PROFILE_INVALID, {"reason": "opening hour not 0-23"})
        object.__setattr__(self, "shares", tuple(s / total for s in self.shares))

    @classmethod
    def from_text(cls, text: str, opening_hour: int = 8) -> ArrivalProfile:
        """Comma-separated shares such as ``0.1,0.1,0.05`` (normalised)."""
        try:
            shares = tuple(Fraction(part.strip()) for part in text.split(",") if part.strip())
        except (ValueError, ZeroDivisionError) as error:
            raise EntekhabError(PLANNING_PROFILE_INVALID, {"reason": str(error)}) from error
        return cls(shares, opening_hour)

    @property
    def hours(self) -> int:
        return len(self.shares)


DEFAULT_PROFILE = ArrivalProfile(
    tuple(
        Fraction(x)
        for x in (
            "0.10",
            "0.10",
            "0.05",
            "0.05",
            "0.05",
            "0.10",
            "0.10",
            "0.05",
            "0.05",
            "0.05",
            "0.10",
            "0.10",
            "0.10",
        )
    )
)
"""Issue 13's default: 13 polling hours from 08:00, busy at the start, at noon and at the end."""


@dataclass(frozen=True)
class Stage:
    """One stage a voter passes, and the kind of device that serves it."""

    name: str
    device: str
    mean_service_minutes: float

    def __post_init__(self) -> None:
        s = self.mean_service_minutes
        if not math.isfinite(s) or s <= 0:
            raise EntekhabError(PLANNING_SERVICE_TIME_INVALID, {"stage": self.name, "value": s})


DEFAULT_STAGES = (
    Stage("check_in", "identity_device", 1.5),
    Stage("voting", "voting_terminal", 2.0),
)
"""Check-in with fingerprint (1.5 min, the issue's calibration) then voting (2 min)."""


BRANCH_KIT: dict[str, int] = {"printer": 1, "router": 1, "ups": 1}
"""Devices every branch needs once, whatever its size (receipts, link, backup power)."""


@dataclass(frozen=True)
class CapacityTarget:
    """In every hour and stage, P(wait > ``max_wait_minutes``) < ``alpha``."""

    max_wait_minutes: float = 10.0
    alpha: float = 0.05

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1:
            raise EntekhabError(
                PLANNING_QUEUE_INPUT_INVALID,
                {"field": "alpha", "value": self.alpha, "reason": "must lie between 0 and 1"},
            )
        if not math.isfinite(self.max_wait_minutes) or self.max_wait_minutes < 0:
            raise EntekhabError(
                PLANNING_QUEUE_INPUT_INVALID,
                {"field": "max_wait_minutes", "value": self.max_wait_minutes, "reason": ">= 0"},
            )


@dataclass(frozen=True)
class BranchDemand:
    branch: str
    county: str
    voters: int


@dataclass(frozen=True)
class HourFigures:
    """One hour at one stage with the branch's planned desks."""

    hour: int
    """Clock hour the hour starts at (local time), e.g. 8 for 08:00–09:00."""
    arrivals: float
    wait_probability: float
    mean_wait_minutes: float
    mean_queue_length: float


@dataclass(frozen=True)
class BranchCapacity:
    branch: str
    county: str
    voters: int
    devices: dict[str, int]
    """Desks needed per device kind (the most any hour needs, at least one)."""
    busiest_hour: int
    hours: dict[str, list[HourFigures]] = field(default_factory=dict)
    """Per stage name, the hour-by-hour prediction (kept only when asked for)."""


def county_of(definition: ElectionDefinition, division: str) -> str:
    """The county (شهرستان) above ``division`` (the top division if it has none)."""
    chain = definition.ancestors(division)
    for code in chain:
        found = definition.division_by_code.get(code)
        if found is not None and found.kind == DivisionKind.COUNTY:
            return code
    return chain[-1]


def branch_demands(
    definition: ElectionDefinition,
    turnout: Fraction,
    eligible_by_division: Mapping[str, int] | None = None,
) -> list[BranchDemand]:
    """Expected voters per branch under the ``turnout`` scenario (see the module docstring)."""
    if not 0 <= turnout <= 1:
        raise EntekhabError(
            PLANNING_QUEUE_INPUT_INVALID,
            {"field": "turnout", "value": str(turnout), "reason": "must lie between 0 and 1"},
        )
    planned: dict[str, int] = {}
    for b in definition.branches:
        planned[b.division] = planned.get(b.division, 0) + b.expected_voters
    counties: dict[str, str] = {}
    out: list[BranchDemand] = []
    for b in definition.branches:
        registered = Fraction(b.expected_voters)
        if eligible_by_division is not None and b.division in eligible_by_division:
            total = planned[b.division]
            eligible = eligible_by_division[b.division]
            registered = Fraction(eligible * b.expected_voters, total) if total else Fraction(0)
        county = counties.get(b.division)
        if county is None:
            county = counties[b.division] = county_of(definition, b.division)
        out.append(BranchDemand(b.code, county, math.ceil(registered * turnout)))
    return out


def plan_branch(
    demand: BranchDemand,
    profile: ArrivalProfile = DEFAULT_PROFILE,
    stages: Sequence[Stage] = DEFAULT_STAGES,
    target: CapacityTarget = CapacityTarget(),
    *,
    with_hours: bool = False,
) -> BranchCapacity:
    """The desks one branch needs, and with ``with_hours`` the predicted line hour by hour."""
    arrivals = [float(demand.voters * share) for share in profile.shares]
    devices: dict[str, int] = {}
    busiest = max(range(profile.hours), key=lambda h: arrivals[h])
    for stage in stages:
        need = 1
        for rate in arrivals:
            c = servers_needed(
                rate, stage.mean_service_minutes, target.max_wait_minutes, target.alpha
            )
            need = max(need, c)
        devices[stage.device] = max(devices.get(stage.device, 0), need)
    for device, count in BRANCH_KIT.items():
        devices[device] = max(devices.get(device, 0), count)
    hours: dict[str, list[HourFigures]] = {}
    if with_hours:
        for stage in stages:
            c = devices[stage.device]
            rows = []
            for h, rate in enumerate(arrivals):
                w = mean_wait_minutes(c, rate, stage.mean_service_minutes)
                rows.append(
                    HourFigures(
                        hour=profile.opening_hour + h,
                        arrivals=rate,
                        wait_probability=wait_probability(
                            c, rate, stage.mean_service_minutes, target.max_wait_minutes
                        ),
                        mean_wait_minutes=w,
                        mean_queue_length=rate / 60.0 * w,
                    )
                )
            hours[stage.name] = rows
    return BranchCapacity(
        demand.branch,
        demand.county,
        demand.voters,
        devices,
        profile.opening_hour + busiest,
        hours,
    )


def plan_capacity(
    demands: Iterable[BranchDemand],
    profile: ArrivalProfile = DEFAULT_PROFILE,
    stages: Sequence[Stage] = DEFAULT_STAGES,
    target: CapacityTarget = CapacityTarget(),
) -> list[BranchCapacity]:
    """``plan_branch`` for every branch. Branches with the same expected voters need the same
    desks, so each distinct number is sized once (a country has far fewer distinct numbers
    than branches)."""
    sized: dict[int, BranchCapacity] = {}
    out: list[BranchCapacity] = []
    for d in demands:
        known = sized.get(d.voters)
        if known is None:
            known = sized[d.voters] = plan_branch(d, profile, stages, target)
        out.append(
            BranchCapacity(d.branch, d.county, d.voters, dict(known.devices), known.busiest_hour)
        )
    return out


@dataclass(frozen=True)
class CountyShortfall:
    county: str
    device: str
    needed: int
    inventory: int

    @property
    def shortfall(self) -> int:
        return max(0, self.needed - self.inventory)

    @property
    def spare(self) -> int:
        return max(0, self.inventory - self.needed)


def shortfall_by_county(
    plan: Iterable[BranchCapacity], inventory: Mapping[tuple[str, str], int]
) -> list[CountyShortfall]:
    """Devices needed against ``inventory[(county, device)]``, sorted by county and device."""
    needed: dict[tuple[str, str], int] = {}
    for branch in plan:
        for device, count in branch.devices.items():
            key = (branch.county, device)
            needed[key] = needed.get(key, 0) + count
    keys = sorted(set(needed) | set(inventory))
    return [CountyShortfall(c, d, needed.get((c, d), 0), inventory.get((c, d), 0)) for c, d in keys]
