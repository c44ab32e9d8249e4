"""Mobile boxes for a county: per district, its villages entitled to a council planned from the
district centre, by OR-Tools and by the greedy baseline in the same call.

Places (the district centres and the villages) come as planar coordinates in kilometres; the
definition holds none. A village's expected voters are those of its branches under the turnout
scenario, or three quarters of its population (the adults) times turnout if it has no branch.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from entekhab.domain.error_codes.planning import PLANNING_ROUTING_INPUT_INVALID
from entekhab.domain.errors import EntekhabError
from entekhab.domain.geography import DivisionKind
from entekhab.domain.village_councils import exclusion_reason
from entekhab.planning.capacity import branch_demands, county_of
from entekhab.planning.mobile_boxes import (
    BoxPlan,
    CostModel,
    MobileBoxProblem,
    PlannedVillage,
    check_entitled,
    greedy_plan,
    plan_mobile_boxes,
)
from entekhab.service.planning.capacity import DEFAULT_TURNOUT
from entekhab.service.planning.context import definition_of, division_of, eligible_by_division
from entekhab.store.uow import UnitOfWork

__all__ = ["ADULT_SHARE", "DistrictBoxes", "mobile_box_plan"]

ADULT_SHARE = Fraction(3, 4)


@dataclass(frozen=True)
class DistrictBoxes:
    district: str
    plan: BoxPlan
    greedy: BoxPlan

    @property
    def saving(self) -> int:
        return self.greedy.cost - self.plan.cost


def mobile_box_plan(
    uow: UnitOfWork,
    election_id: str,
    county: str,
    places: Mapping[str, tuple[float, float]],
    *,
    villages: Sequence[str] | None = None,
    model: CostModel = CostModel(),
    turnout: Fraction = DEFAULT_TURNOUT,
) -> list[DistrictBoxes]:
    """Plan every district of ``county`` (only ``villages`` if given: each must be entitled to a
    council, else PLANNING_VILLAGE_NOT_ENTITLED and nothing is planned)."""
    definition = definition_of(uow.session, election_id)
    division_of(definition, county)
    if villages is not None:
        check_entitled(definition, villages)
        chosen = list(villages)
    else:
        chosen = [
            d.code
            for d in definition.divisions
            if d.kind == DivisionKind.VILLAGE
            and exclusion_reason(d, definition.village_councils) is None
        ]
    chosen = [v for v in chosen if county_of(definition, v) == county]
    eligible = eligible_by_division(uow.session, definition) or None
    by_division: dict[str, int] = {}
    for b, d in zip(
        definition.branches, branch_demands(definition, turnout, eligible), strict=True
    ):
        by_division[b.division] = by_division.get(b.division, 0) + d.voters
    districts: dict[str, list[str]] = {}
    for code in chosen:
        district = next(
            c
            for c in definition.ancestors(code)
            if definition.division_by_code[c].kind == DivisionKind.DISTRICT
        )
        districts.setdefault(district, []).append(code)
    out: list[DistrictBoxes] = []
    for district, codes in sorted(districts.items()):
        missing = [c for c in [district, *codes] if c not in places]
        if missing:
            raise EntekhabError(
                PLANNING_ROUTING_INPUT_INVALID, {"reason": f"no coordinates for {missing[:5]}"}
            )
        planned = []
        for code in codes:
            voters = by_division.get(code)
            if voters is None:
                population = definition.division_by_code[code].population
                voters = math.ceil(population * ADULT_SHARE * turnout)
            planned.append((PlannedVillage(code, voters), places[code]))
        problem = MobileBoxProblem.from_coordinates(district, places[district], planned)
        out.append(
            DistrictBoxes(district, plan_mobile_boxes(problem, model), greedy_plan(problem, model))
        )
    return out
