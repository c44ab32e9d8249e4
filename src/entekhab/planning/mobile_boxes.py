"""Mobile boxes (صندوق سیار) for small villages: a fixed branch in each, or a tour by vehicle?

Only villages entitled to a council (``domain/village_councils.py``) are planned; any other is
refused with PLANNING_VILLAGE_NOT_ENTITLED. Each village is either given a fixed branch (its
fixed cost: a crew's staff-days, an equipment set, the site) or visited by a mobile box, which
stops long enough for the village's expected voters (set-up plus voters × minutes per voter)
inside the polling window, and inside the village's own time window if it announced one.

The choice is a vehicle routing problem with time windows and optional stops, solved with
OR-Tools: a vehicle costs its crew, the vehicle-day and an equipment set (fixed), plus a cost per
kilometre driven; leaving a village out of every tour costs its fixed branch. The solver
minimises the total. A greedy baseline (nearest feasible village next, a tour kept only when it
is cheaper than fixed branches for its villages) runs in the same call, so the saving is measured
on the same data.

Money is in rials, as integers. Distances are in metres (integers), from a matrix or from planar
coordinates in kilometres (straight line × a road factor). Times are minutes from opening.
Reproducible: the solver runs single-threaded and stops after a fixed number of solutions, not
after a wall-clock limit (the limit there is a safety net only); the inputs carry no randomness.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from entekhab.domain.definition import ElectionDefinition
from entekhab.domain.error_codes.planning import (
    PLANNING_ROUTING_INPUT_INVALID,
    PLANNING_VILLAGE_NOT_ENTITLED,
)
from entekhab.domain.errors import EntekhabError
from entekhab.domain.geography import DivisionKind
from entekhab.domain.village_councils import exclusion_reason

__all__ = [
    "BoxPlan",
    "CostModel",
    "MobileBoxProblem",
    "PlannedVillage",
    "Stop",
    "Tour",
    "check_entitled",
    "greedy_plan",
    "plan_mobile_boxes",
]


@dataclass(frozen=True)
class CostModel:
    """Unit costs in rials (integers) and the working assumptions of a tour."""

    staff_day: int = 25_000_000
    fixed_branch_staff: int = 7
    """Head, secretary, three agents, inspector, police."""
    mobile_crew: int = 5
    equipment_set: int = 40_000_000
    """Identity device, voting terminal, printer, router, UPS for one day (rent/amortisation)."""
    fixed_site: int = 10_000_000
    vehicle_day: int = 30_000_000
    per_km: int = 150_000
    speed_kmh: int = 40
    setup_minutes: int = 20
    minutes_per_voter: Fraction = Fraction(2)
    """The slower stage (voting terminal) with one set of equipment."""

    @property
    def fixed_branch(self) -> int:
        return self.fixed_branch_staff * self.staff_day + self.equipment_set + self.fixed_site

    @property
    def vehicle_fixed(self) -> int:
        return self.mobile_crew * self.staff_day + self.vehicle_day + self.equipment_set

    def per_metre(self) -> Fraction:
        return Fraction(self.per_km, 1000)

    def dwell_minutes(self, voters: int) -> int:
        return self.setup_minutes + math.ceil(voters * self.minutes_per_voter)

    def travel_minutes(self, metres: int) -> int:
        return math.ceil(Fraction(metres * 60, self.speed_kmh * 1000))


@dataclass(frozen=True)
class PlannedVillage:
    code: str
    voters: int
    window: tuple[int, int] | None = None
    """Earliest and latest minute (from opening) the box may start its stop; None: all day."""


@dataclass(frozen=True)
class MobileBoxProblem:
    """One depot (the district centre, index 0) and its villages (indexes 1..n)."""

    depot: str
    villages: tuple[PlannedVillage, ...]
    distances: tuple[tuple[int, ...], ...]
    """Metres between every pair of places, depot first."""
    window_minutes: int = 13 * 60
    max_vehicles: int | None = None
    points: tuple[tuple[float, float], ...] | None = None
    """Planar coordinates (km), depot first, when the distances came from them: used to split
    a large problem into sectors around the depot."""

    def __post_init__(self) -> None:
        n = len(self.villages) + 1
        if len(self.distances) != n or any(len(row) != n for row in self.distances):
            _bad(f"the distance matrix must be {n} × {n} (depot first)")
        if any(d < 0 for row in self.distances for d in row):
            _bad("distances must not be negative")
        if self.window_minutes <= 0:
            _bad("the polling window must be longer than zero")
        for v in self.villages:
            if v.voters < 0:
                _bad(f"village {v.code} has negative voters")
            if v.window is not None and not 0 <= v.window[0] <= v.window[1]:
                _bad(f"village {v.code} has an empty time window")

    @classmethod
    def from_coordinates(
        cls,
        depot: str,
        depot_xy: tuple[float, float],
        villages: Sequence[tuple[PlannedVillage, tuple[float, float]]],
        *,
        road_factor: Fraction = Fraction(13, 10),
        window_minutes: int = 13 * 60,
        max_vehicles: int | None = None,
    ) -> MobileBoxProblem:
        """Distances from planar coordinates in km: the straight line × ``road_factor``."""
        points = [depot_xy, *(xy for _v, xy in villages)]
        if any(not (math.isfinite(c) and abs(c) <= 10_000) for p in points for c in p):
            _bad("coordinates must be finite kilometres (within 10,000 km)")
        factor = float(road_factor)
        matrix = tuple(
            tuple(round(math.dist(a, b) * 1000 * factor) for b in points) for a in points
        )
        return cls(
            depot,
            tuple(v for v, _xy in villages),
            matrix,
            window_minutes,
            max_vehicles,
            tuple(points),
        )

    def part(self, indexes: Sequence[int]) -> MobileBoxProblem:
        """The sub-problem of the villages at ``indexes`` (1-based, as in the matrix)."""
        keep = [0, *indexes]
        return MobileBoxProblem(
            self.depot,
            tuple(self.villages[i - 1] for i in indexes),
            tuple(tuple(self.distances[a][b] for b in keep) for a in keep),
            self.window_minutes,
            None,
            tuple(self.points[i] for i in keep) if self.points else None,
        )

    def sectors(self, size: int) -> list[list[int]]:
        """Villages in sectors of at most ``size`` swept by angle around the depot (one sector
        when there are no coordinates or few villages): cluster first, route second."""
        n = len(self.villages)
        if self.points is None or n <= size:
            return [list(range(1, n + 1))]
        points = self.points
        x0, y0 = points[0]
        order = sorted(
            range(1, n + 1), key=lambda i: (math.atan2(points[i][1] - y0, points[i][0] - x0), i)
        )
        count = math.ceil(n / size)
        step = math.ceil(n / count)
        return [order[k : k + step] for k in range(0, n, step)]


@dataclass(frozen=True)
class Stop:
    village: str
    arrive: int
    leave: int


@dataclass(frozen=True)
class Tour:
    vehicle: int
    stops: tuple[Stop, ...]
    metres: int
    back_at: int

    def cost(self, model: CostModel) -> int:
        return model.vehicle_fixed + math.ceil(self.metres * model.per_metre())


@dataclass(frozen=True)
class BoxPlan:
    method: str
    tours: tuple[Tour, ...]
    fixed: tuple[str, ...]
    """Villages given a fixed branch."""
    cost: int
    voters_by_box: int
    voters_total: int
    villages_total: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def villages_by_box(self) -> int:
        return sum(len(t.stops) for t in self.tours)

    @property
    def coverage(self) -> Fraction:
        """Share of the villages served at all (box or fixed branch): 1 by construction."""
        served = self.villages_by_box + len(self.fixed)
        return Fraction(served, self.villages_total) if self.villages_total else Fraction(1)


def _bad(reason: str) -> None:
    raise EntekhabError(PLANNING_ROUTING_INPUT_INVALID, {"reason": reason})


def check_entitled(definition: ElectionDefinition, village_codes: Sequence[str]) -> None:
    """Refuse any code that is not a village of ``definition`` entitled to a council."""
    for code in village_codes:
        division = definition.division_by_code.get(code)
        if division is None or division.kind != DivisionKind.VILLAGE:
            raise EntekhabError(
                PLANNING_VILLAGE_NOT_ENTITLED,
                {"village": code, "reason_fa": "روستا نیست", "reason_en": "not a village"},
            )
        reason = exclusion_reason(division, definition.village_councils)
        if reason is not None:
            raise EntekhabError(
                PLANNING_VILLAGE_NOT_ENTITLED,
                {"village": code, "reason_fa": reason.fa, "reason_en": reason.en},
            )


def _latest_start(problem: MobileBoxProblem, model: CostModel, i: int) -> tuple[int, int]:
    v = problem.villages[i - 1]
    dwell = model.dwell_minutes(v.voters)
    open_, close = v.window if v.window is not None else (0, problem.window_minutes)
    return open_, min(close, problem.window_minutes - dwell)


def _reachable_alone(problem: MobileBoxProblem, model: CostModel, i: int) -> bool:
    out = model.travel_minutes(problem.distances[0][i])
    back = model.travel_minutes(problem.distances[i][0])
    open_, latest = _latest_start(problem, model, i)
    dwell = model.dwell_minutes(problem.villages[i - 1].voters)
    start = max(open_, out)
    return start <= latest and start + dwell + back <= problem.window_minutes


def _finish(
    method: str,
    problem: MobileBoxProblem,
    model: CostModel,
    tours: list[Tour],
    notes: tuple[str, ...] = (),
) -> BoxPlan:
    visited = {s.village for t in tours for s in t.stops}
    fixed = tuple(v.code for v in problem.villages if v.code not in visited)
    cost = sum(t.cost(model) for t in tours) + model.fixed_branch * len(fixed)
    by_box = sum(v.voters for v in problem.villages if v.code in visited)
    total = sum(v.voters for v in problem.villages)
    return BoxPlan(method, tuple(tours), fixed, cost, by_box, total, len(problem.villages), notes)


def greedy_plan(problem: MobileBoxProblem, model: CostModel = CostModel()) -> BoxPlan:
    """Baseline: tours built by always driving to the nearest village that still fits the day;
    a tour is kept only when it costs less than fixed branches for its villages."""
    tours = [
        t
        for t in _greedy_tours(problem, model)
        if t.cost(model) < model.fixed_branch * len(t.stops)
    ]
    return _finish(
        "greedy",
        problem,
        model,
        [Tour(i, t.stops, t.metres, t.back_at) for i, t in enumerate(tours)],
    )


def _greedy_tours(problem: MobileBoxProblem, model: CostModel) -> list[Tour]:
    n = len(problem.villages)
    dist = problem.distances
    travel = _travel_matrix(problem, model)
    dwell = [0, *(model.dwell_minutes(v.voters) for v in problem.villages)]
    windows = [(0, 0), *(_latest_start(problem, model, i) for i in range(1, n + 1))]
    close = problem.window_minutes
    left = [i for i in range(1, n + 1) if _reachable_alone(problem, model, i)]
    tours: list[Tour] = []
    while left:
        at, now, metres, stops = 0, 0, 0, []
        while True:
            best: tuple[int, int, int] | None = None
            row, trow = dist[at], travel[at]
            for i in left:
                open_, latest = windows[i]
                start = max(now + trow[i], open_)
                if start <= latest and start + dwell[i] + travel[i][0] <= close:
                    key = (row[i], i, start)
                    if best is None or key < best:
                        best = key
            if best is None:
                break
            _d, i, start = best
            stops.append(Stop(problem.villages[i - 1].code, start, start + dwell[i]))
            metres += dist[at][i]
            at, now = i, start + dwell[i]
            left.remove(i)
        metres += dist[at][0]
        tours.append(Tour(len(tours), tuple(stops), metres, now + travel[at][0]))
    return tours


def _travel_matrix(problem: MobileBoxProblem, model: CostModel) -> list[list[int]]:
    """Minutes between places, computed once (integer ceiling, as ``travel_minutes``)."""
    per_minute = model.speed_kmh * 1000  # metres in 60 minutes
    return [[-(-d * 60 // per_minute) for d in row] for row in problem.distances]


def plan_mobile_boxes(
    problem: MobileBoxProblem,
    model: CostModel = CostModel(),
    *,
    sector_size: int = 40,
    safety_seconds: int = 50,
) -> BoxPlan:
    """Solve each sector of the problem (``MobileBoxProblem.sectors``) with OR-Tools and put
    the tours together."""
    tours: list[Tour] = []
    for sector in problem.sectors(sector_size):
        part = _solve(problem.part(sector), model, safety_seconds)
        tours.extend(
            Tour(len(tours) + k, t.stops, t.metres, t.back_at) for k, t in enumerate(part.tours)
        )
    return _finish("or-tools", problem, model, tours)


def _solve(problem: MobileBoxProblem, model: CostModel, safety_seconds: int) -> BoxPlan:
    """The cheapest mix of tours and fixed branches OR-Tools finds (guided local search,
    then greedy descent to a local optimum). The fleet is bounded by ``max_vehicles`` or, if
    unset, by the greedy baseline's number of tours plus two: enough to serve every village the
    greedy tours serve, and it keeps the model small."""
    n = len(problem.villages)
    if n == 0:
        return _finish("or-tools", problem, model, [])
    vehicles = problem.max_vehicles or len(_greedy_tours(problem, model)) + 2
    manager = pywrapcp.RoutingIndexManager(n + 1, vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    per_metre = model.per_metre()
    dist = problem.distances
    travel = _travel_matrix(problem, model)
    dwell = [0, *(model.dwell_minutes(v.voters) for v in problem.villages)]
    money = [[math.ceil(d * per_metre) for d in row] for row in dist]

    def cost_cb(a: int, b: int) -> int:
        i: int = manager.IndexToNode(a)
        j: int = manager.IndexToNode(b)
        return money[i][j]

    def time_cb(a: int, b: int) -> int:
        i: int = manager.IndexToNode(a)
        j: int = manager.IndexToNode(b)
        return dwell[i] + travel[i][j]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(cost_cb))
    routing.SetFixedCostOfAllVehicles(model.vehicle_fixed)
    time_index = routing.RegisterTransitCallback(time_cb)
    routing.AddDimension(time_index, problem.window_minutes, problem.window_minutes, False, "time")
    minutes = routing.GetDimensionOrDie("time")
    for i in range(1, n + 1):
        index = manager.NodeToIndex(i)
        open_, latest = _latest_start(problem, model, i)
        if latest < open_:
            latest = open_  # unreachable in any tour: the penalty will leave it out
            routing.AddDisjunction([index], model.fixed_branch)
            routing.solver().Add(routing.ActiveVar(index) == 0)
            continue
        minutes.CumulVar(index).SetRange(open_, latest)
        routing.AddDisjunction([index], model.fixed_branch)
    for v in range(vehicles):
        minutes.CumulVar(routing.End(v)).SetMax(problem.window_minutes)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    params.time_limit.seconds = safety_seconds
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return _finish("or-tools", problem, model, [], ("no solution: every village fixed",))
    tours: list[Tour] = []
    for v in range(vehicles):
        index = routing.Start(v)
        stops: list[Stop] = []
        metres = 0
        prev = 0
        index = solution.Value(routing.NextVar(index))
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            arrive = solution.Value(minutes.CumulVar(index))
            stops.append(Stop(problem.villages[node - 1].code, arrive, arrive + dwell[node]))
            metres += dist[prev][node]
            prev = node
            index = solution.Value(routing.NextVar(index))
        if stops:
            metres += dist[prev][0]
            back = solution.Value(minutes.CumulVar(index))
            tours.append(Tour(len(tours), tuple(stops), metres, back))
    return _finish("or-tools", problem, model, tours)
