"""Capacity plan for 60,000 branches (Erlang C per hour and stage) plus the readiness roll-up
(issue 13's target: both together in under 60 s).

The branches are synthetic and seeded: 30 provinces × 10 counties × 4 districts, 50 branches per
district, expected voters drawn from 150..2,500, and one assessment per branch with seeded
scores. Peer in the same run: the same plan by the closed-form Erlang C (factorials) that a
spreadsheet would use, on the first 2,000 branches, to show what the recursion and the cache buy.
Figures are printed, never asserted.
"""

from __future__ import annotations

import math
import os
import random
import time
from datetime import UTC, date, datetime

from entekhab.domain.definition import (
    Branch,
    ElectionDefinition,
    Network,
    SiteKind,
)
from entekhab.domain.geography import Division, DivisionKind
from entekhab.planning.capacity import (
    DEFAULT_PROFILE,
    DEFAULT_STAGES,
    BranchDemand,
    CapacityTarget,
    plan_capacity,
    shortfall_by_county,
)
from entekhab.planning.readiness import (
    SiteAssessment,
    assess_branch,
    default_checklist,
    roll_up,
    work_order,
)

BRANCHES = int(os.environ.get("ENTEKHAB_BENCH_PLAN_BRANCHES", "60000"))
POLLING_DAY = date(2026, 6, 18)


def _definition(rng: random.Random) -> ElectionDefinition:
    divisions: list[Division] = []
    branches: list[Branch] = []
    per_district = 50
    districts = math.ceil(BRANCHES / per_district)
    for d in range(districts):
        p, c, k = d // 40, (d // 4) % 10, d % 4
        pc, cc, dc = f"P{p:02d}", f"C{p:02d}-{c:02d}", f"D{p:02d}-{c:02d}-{k}"
        if c == 0 and k == 0:
            divisions.append(
                Division(code=pc, kind=DivisionKind.PROVINCE, name_fa=pc, name_en=pc, population=1)
            )
        if k == 0:
            divisions.append(
                Division(
                    code=cc,
                    kind=DivisionKind.COUNTY,
                    name_fa=cc,
                    name_en=cc,
                    parent=pc,
                    population=1,
                )
            )
        divisions.append(
            Division(
                code=dc, kind=DivisionKind.DISTRICT, name_fa=dc, name_en=dc, parent=cc, population=1
            )
        )
        for _ in range(per_district):
            if len(branches) == BRANCHES:
                break
            branches.append(
                Branch(
                    code=f"B{len(branches):06d}",
                    site=SiteKind.SCHOOL,
                    division=dc,
                    expected_voters=rng.randint(150, 2500),
                    network=Network.FIBRE,
                    ballot_style="S",
                )
            )
    return ElectionDefinition.model_construct(
        id="bench",
        name_fa="bench",
        name_en="bench",
        polling_day=POLLING_DAY,
        divisions=tuple(divisions),
        contests=(),
        branches=tuple(branches),
    )


def _closed_form_servers(rate_h: float, service: float, t: float, alpha: float) -> int:
    a = rate_h / 60.0 * service
    c = math.floor(a) + 1
    while True:
        top = a**c / math.factorial(c) * c / (c - a)
        p = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
        if p * math.exp(-(c / service - rate_h / 60.0) * t) < alpha:
            return c
        c += 1


def main() -> None:
    rng = random.Random(1405)
    definition = _definition(rng)
    counties = {d.code for d in definition.divisions if d.kind == DivisionKind.COUNTY}
    demands = [
        BranchDemand(b.code, f"C{b.division[1:7]}", int(b.expected_voters * 0.6))
        for b in definition.branches
    ]
    checklist = default_checklist()
    at = datetime(2026, 6, 1, 8, tzinfo=UTC)
    assessments = {
        b.code: SiteAssessment(
            b.code,
            at,
            "bench",
            {
                i.code: min(checklist.max_score, rng.choice((1, 3, 4, 4, 4, 4, 4, 4, 4, 4)))
                for i in checklist.items
            },
        )
        for b in definition.branches
    }
    inventory = {(c, s.device): 0 for c in counties for s in DEFAULT_STAGES}

    started = time.perf_counter()
    plan = plan_capacity(demands, DEFAULT_PROFILE, DEFAULT_STAGES, CapacityTarget())
    shortfall = shortfall_by_county(plan, inventory)
    planned = time.perf_counter()
    results = [
        assess_branch(b.code, assessments[b.code], checklist, POLLING_DAY)
        for b in definition.branches
    ]
    areas = roll_up(definition, results)
    order = work_order(results)
    finished = time.perf_counter()

    devices = {s.device: sum(b.devices[s.device] for b in plan) for s in DEFAULT_STAGES}
    print(f"branches: {len(plan):,}; voters (60 % turnout): {sum(d.voters for d in demands):,}")
    print(
        f"devices needed: {devices}; counties with a shortfall: "
        f"{len({s.county for s in shortfall if s.shortfall})}"
    )
    print(f"capacity plan: {planned - started:.2f} s")
    statuses = {
        s: sum(1 for r in results if r.status == s) for s in ("ready", "at_risk", "not_ready")
    }
    print(f"readiness: {statuses}; areas rolled up: {len(areas):,}; blockers: {len(order):,}")
    print(f"readiness roll-up: {finished - planned:.2f} s")
    print(f"capacity plan + roll-up: {finished - started:.2f} s (target < 60 s)")

    sample = demands[:2000]
    t0 = time.perf_counter()
    for d in sample:
        for share in DEFAULT_PROFILE.shares:
            for s in DEFAULT_STAGES:
                _closed_form_servers(float(d.voters * share), s.mean_service_minutes, 10.0, 0.05)
    t1 = time.perf_counter()
    plan_capacity(sample, DEFAULT_PROFILE, DEFAULT_STAGES, CapacityTarget())
    t2 = time.perf_counter()
    print(
        f"peer: closed-form Erlang C on {len(sample):,} branches {t1 - t0:.3f} s; "
        f"ours (cache warm) {t2 - t1:.3f} s"
    )
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
