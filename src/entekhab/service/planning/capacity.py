"""The capacity plan of an election or an area: devices per branch by Erlang C, and the
shortfall of each county against the devices registered in its inventory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select

from entekhab.planning.capacity import (
    DEFAULT_PROFILE,
    DEFAULT_STAGES,
    ArrivalProfile,
    BranchCapacity,
    CapacityTarget,
    CountyShortfall,
    Stage,
    branch_demands,
    plan_branch,
    plan_capacity,
    shortfall_by_county,
)
from entekhab.planning.custody import DeviceStatus
from entekhab.service.planning.context import (
    branch_of,
    branches_in,
    definition_of,
    eligible_by_division,
)
from entekhab.store.tables.planning import DeviceRow
from entekhab.store.uow import UnitOfWork

__all__ = ["DEFAULT_TURNOUT", "CapacityReport", "branch_capacity", "capacity_report", "inventory"]

DEFAULT_TURNOUT = Fraction(60, 100)
"""The turnout scenario when none is given."""


@dataclass(frozen=True)
class CapacityReport:
    turnout: Fraction
    branches: list[BranchCapacity]
    shortfall: list[CountyShortfall]


def inventory(uow: UnitOfWork, counties: set[str] | None = None) -> dict[tuple[str, str], int]:
    """Usable devices (not faulty) per (county, kind)."""
    rows = uow.session.execute(
        select(DeviceRow.county, DeviceRow.kind, func.count())
        .where(DeviceRow.status != DeviceStatus.FAULTY.value)
        .group_by(DeviceRow.county, DeviceRow.kind)
    ).all()
    return {(str(c), str(k)): int(n) for c, k, n in rows if counties is None or str(c) in counties}


def capacity_report(
    uow: UnitOfWork,
    election_id: str,
    area: str | None = None,
    *,
    turnout: Fraction = DEFAULT_TURNOUT,
    profile: ArrivalProfile = DEFAULT_PROFILE,
    stages: Sequence[Stage] = DEFAULT_STAGES,
    target: CapacityTarget = CapacityTarget(),
) -> CapacityReport:
    """Devices for every branch inside ``area`` and the shortfall of its counties."""
    definition = definition_of(uow.session, election_id)
    wanted = {b.code for b in branches_in(definition, area)}
    eligible = eligible_by_division(uow.session, definition) or None
    demands = [d for d in branch_demands(definition, turnout, eligible) if d.branch in wanted]
    plan = plan_capacity(demands, profile, stages, target)
    counties = {d.county for d in demands}
    return CapacityReport(turnout, plan, shortfall_by_county(plan, inventory(uow, counties)))


def branch_capacity(
    uow: UnitOfWork,
    election_id: str,
    branch: str,
    *,
    turnout: Fraction = DEFAULT_TURNOUT,
    profile: ArrivalProfile = DEFAULT_PROFILE,
    stages: Sequence[Stage] = DEFAULT_STAGES,
    target: CapacityTarget = CapacityTarget(),
) -> BranchCapacity:
    """One branch's devices and its predicted line hour by hour (PLANNING_BRANCH_UNKNOWN for a
    branch that is not in the election)."""
    definition = definition_of(uow.session, election_id)
    branch_of(definition, branch)
    eligible = eligible_by_division(uow.session, definition) or None
    demand = next(d for d in branch_demands(definition, turnout, eligible) if d.branch == branch)
    return plan_branch(demand, profile, stages, target, with_hours=True)
