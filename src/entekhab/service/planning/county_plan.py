"""A county's full plan in one call: readiness, devices and shortfall, network, mobile boxes,
equipment and custody, the roster against what each branch needs, and training."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from entekhab.domain.error_codes.planning import PLANNING_DIVISION_UNKNOWN
from entekhab.domain.errors import EntekhabError
from entekhab.domain.geography import DivisionKind
from entekhab.planning.capacity import DEFAULT_PROFILE, ArrivalProfile, CapacityTarget
from entekhab.planning.mobile_boxes import CostModel
from entekhab.planning.staffing import StaffRules, default_staff_rules, roster_size
from entekhab.service.planning.boxes import DistrictBoxes, mobile_box_plan
from entekhab.service.planning.capacity import DEFAULT_TURNOUT, CapacityReport, capacity_report
from entekhab.service.planning.context import branches_in, definition_of
from entekhab.service.planning.equipment import Device, chain_of_custody, devices_in
from entekhab.service.planning.network import NetworkReport, network_report
from entekhab.service.planning.sites import ReadinessReport, readiness_report
from entekhab.service.planning.staffing import Rostered, roster
from entekhab.service.planning.training import TrainingReport, training_report
from entekhab.store.uow import UnitOfWork

__all__ = ["CountyPlan", "StaffingNeed", "county_plan"]


@dataclass(frozen=True)
class StaffingNeed:
    branch: str
    role: str
    needed: int
    rostered: int


@dataclass(frozen=True)
class CountyPlan:
    election_id: str
    election_name_fa: str
    county: str
    county_name_fa: str
    county_name_en: str
    polling_day: date
    turnout: Fraction
    readiness: ReadinessReport
    capacity: CapacityReport
    network: NetworkReport
    boxes: list[DistrictBoxes]
    devices: list[Device]
    custody_moves: dict[str, int]
    roster: list[Rostered]
    staffing: list[StaffingNeed]
    training: TrainingReport


def county_plan(
    uow: UnitOfWork,
    election_id: str,
    county: str,
    places: Mapping[str, tuple[float, float]] | None,
    *,
    turnout: Fraction = DEFAULT_TURNOUT,
    profile: ArrivalProfile = DEFAULT_PROFILE,
    target: CapacityTarget = CapacityTarget(),
    costs: CostModel = CostModel(),
    rules: StaffRules | None = None,
    today: date | None = None,
) -> CountyPlan:
    definition = definition_of(uow.session, election_id)
    division = definition.division_by_code.get(county)
    if division is None or division.kind != DivisionKind.COUNTY:
        raise EntekhabError(PLANNING_DIVISION_UNKNOWN, {"division": county})
    rules = rules or default_staff_rules()
    capacity = capacity_report(
        uow, election_id, county, turnout=turnout, profile=profile, target=target
    )
    codes = {b.code for b in branches_in(definition, county)}
    people = roster(uow, election_id, codes)
    have: dict[tuple[str, str], int] = {}
    for p in people:
        have[(p.branch, p.role)] = have.get((p.branch, p.role), 0) + 1
    staffing = [
        StaffingNeed(b.branch, role, need, have.get((b.branch, role), 0))
        for b in capacity.branches
        for role, need in roster_size(b.voters, rules).items()
    ]
    devices = devices_in(uow, county)
    return CountyPlan(
        election_id=election_id,
        election_name_fa=definition.name_fa,
        county=county,
        county_name_fa=division.name_fa,
        county_name_en=division.name_en,
        polling_day=definition.polling_day,
        turnout=turnout,
        readiness=readiness_report(uow, election_id, county),
        capacity=capacity,
        network=network_report(uow, election_id, county, today=today),
        boxes=(
            mobile_box_plan(uow, election_id, county, places, model=costs, turnout=turnout)
            if places is not None
            else []
        ),
        devices=devices,
        custody_moves={d.serial: len(chain_of_custody(uow, d.serial)) for d in devices},
        roster=people,
        staffing=staffing,
        training=training_report(uow, election_id, county),
    )
