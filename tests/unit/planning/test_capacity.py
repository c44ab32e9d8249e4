"""Capacity plan per branch: arrival profile, demand from the registry, devices, shortfall."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from entekhab.domain.definition_io import load_definition_text
from entekhab.domain.errors import EntekhabError
from entekhab.planning.capacity import (
    DEFAULT_PROFILE,
    ArrivalProfile,
    BranchDemand,
    CapacityTarget,
    Stage,
    branch_demands,
    plan_branch,
    plan_capacity,
    shortfall_by_county,
)
from entekhab.planning.queueing import servers_needed, wait_probability

SARI = Path(__file__).resolve().parents[3] / "examples" / "sari.yaml"


def test_default_profile_is_normalised_from_the_issue_shares() -> None:
    assert DEFAULT_PROFILE.hours == 13
    assert sum(DEFAULT_PROFILE.shares) == 1
    assert DEFAULT_PROFILE.shares[0] == Fraction(1, 10)  # the issue's shares already sum to 1


def test_profile_from_text_and_bad_profiles() -> None:
    assert ArrivalProfile.from_text("1, 1, 2").shares == (
        Fraction(1, 4),
        Fraction(1, 4),
        Fraction(1, 2),
    )
    for text in ("", "0,0", "1,-1", "a,b"):
        with pytest.raises(EntekhabError) as caught:
            ArrivalProfile.from_text(text)
        assert caught.value.code == "PLANNING_PROFILE_INVALID"


def test_every_hour_meets_the_target_with_the_planned_desks() -> None:
    plan = plan_branch(BranchDemand("B1", "C1", 1_800), with_hours=True)
    for stage, hours in plan.hours.items():
        for h in hours:
            assert h.wait_probability < 0.05, (stage, h.hour)
    # And one desk fewer misses it in the busiest hour.
    busiest = max(plan.hours["check_in"], key=lambda h: h.arrivals)
    c = plan.devices["identity_device"]
    assert wait_probability(c - 1, busiest.arrivals, 1.5, 10) >= 0.05
    assert c == servers_needed(busiest.arrivals, 1.5, 10, 0.05)


def test_zero_or_negative_service_time_is_refused() -> None:
    for value in (0.0, -2.0):
        with pytest.raises(EntekhabError) as caught:
            Stage("check_in", "identity_device", value)
        assert caught.value.code == "PLANNING_SERVICE_TIME_INVALID"


def test_demand_comes_from_the_registry_times_turnout() -> None:
    definition = load_definition_text(SARI.read_bytes(), "yaml")
    first = definition.branches[0]
    siblings = [b for b in definition.branches if b.division == first.division]
    planned = sum(b.expected_voters for b in siblings)
    demands = branch_demands(definition, Fraction(1, 2), {first.division: 2 * planned})
    by_branch = {d.branch: d for d in demands}
    # The registry doubles the division's voters; at 50 % turnout each branch gets its own
    # planned number back (rounded up).
    assert by_branch[first.code].voters == first.expected_voters
    assert by_branch[first.code].county == "C02-01"
    with pytest.raises(EntekhabError):
        branch_demands(definition, Fraction(3, 2))


def test_shortfall_per_county() -> None:
    plan = plan_capacity([BranchDemand("B1", "C1", 1_000), BranchDemand("B2", "C1", 1_000)])
    needed = 2 * plan[0].devices["identity_device"]
    rows = shortfall_by_county(plan, {("C1", "identity_device"): 1, ("C2", "printer"): 4})
    by_key = {(r.county, r.device): r for r in rows}
    assert by_key[("C1", "identity_device")].shortfall == needed - 1
    assert by_key[("C2", "printer")].spare == 4
    assert plan_capacity([BranchDemand("B3", "C1", 0)])[0].devices["identity_device"] == 1


def test_a_stricter_target_needs_more_desks() -> None:
    demand = BranchDemand("B1", "C1", 2_000)
    loose = plan_branch(demand, target=CapacityTarget(10, 0.05))
    strict = plan_branch(demand, target=CapacityTarget(1, 0.01))
    assert strict.devices["identity_device"] > loose.devices["identity_device"]
