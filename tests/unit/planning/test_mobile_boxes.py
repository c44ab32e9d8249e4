"""Mobile boxes: entitlement, feasible tours inside the window, cost, the greedy baseline and
reproducibility (OR-Tools, seeded instances)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from entekhab.domain.definition_io import load_definition_text
from entekhab.domain.errors import EntekhabError
from entekhab.planning.mobile_boxes import (
    BoxPlan,
    CostModel,
    MobileBoxProblem,
    PlannedVillage,
    check_entitled,
    greedy_plan,
    plan_mobile_boxes,
)

SARI = Path(__file__).resolve().parents[3] / "examples" / "sari.yaml"


def _problem(n: int, seed: int, windows: bool = False) -> MobileBoxProblem:
    rng = random.Random(seed)
    villages = []
    for i in range(n):
        window = None
        if windows and i % 3 == 0:
            start = rng.choice((0, 240, 420))
            window = (start, start + 180)
        villages.append(
            (
                PlannedVillage(f"V{i}", rng.randint(20, 160), window),
                (rng.uniform(-25, 25), rng.uniform(-25, 25)),
            )
        )
    return MobileBoxProblem.from_coordinates("D1", (0.0, 0.0), villages)


def _check_feasible(problem: MobileBoxProblem, model: CostModel, plan: BoxPlan) -> None:
    index = {v.code: i + 1 for i, v in enumerate(problem.villages)}
    seen: list[str] = []
    for tour in plan.tours:
        at, clock, metres = 0, 0, 0
        for stop in tour.stops:
            i = index[stop.village]
            village = problem.villages[i - 1]
            assert stop.arrive >= clock + model.travel_minutes(problem.distances[at][i])
            assert stop.leave - stop.arrive == model.dwell_minutes(village.voters)
            if village.window is not None:
                assert village.window[0] <= stop.arrive <= village.window[1]
            metres += problem.distances[at][i]
            at, clock = i, stop.leave
            seen.append(stop.village)
        metres += problem.distances[at][0]
        assert clock + model.travel_minutes(problem.distances[at][0]) <= problem.window_minutes
        assert tour.metres == metres
    assert sorted(seen + list(plan.fixed)) == sorted(index)  # every village once
    cost = sum(t.cost(model) for t in plan.tours) + model.fixed_branch * len(plan.fixed)
    assert plan.cost == cost
    assert plan.coverage == 1


@pytest.mark.parametrize("windows", [False, True])
def test_plans_are_feasible_and_beat_the_greedy_baseline(windows: bool) -> None:
    problem = _problem(30, seed=1405, windows=windows)
    model = CostModel()
    greedy = greedy_plan(problem, model)
    solved = plan_mobile_boxes(problem, model)
    _check_feasible(problem, model, greedy)
    _check_feasible(problem, model, solved)
    assert solved.cost <= greedy.cost


def test_the_same_input_gives_the_same_plan() -> None:
    problem = _problem(25, seed=7)
    assert plan_mobile_boxes(problem) == plan_mobile_boxes(problem)


def test_sectors_split_a_large_problem_and_stay_feasible() -> None:
    problem = _problem(90, seed=3)
    assert len(problem.sectors(40)) == 3
    _check_feasible(problem, CostModel(), plan_mobile_boxes(problem, sector_size=40))


def test_a_village_too_big_for_a_box_gets_a_fixed_branch() -> None:
    villages = [(PlannedVillage("BIG", 900), (1.0, 1.0)), (PlannedVillage("S", 40), (2.0, 0.0))]
    problem = MobileBoxProblem.from_coordinates("D1", (0.0, 0.0), villages)
    plan = plan_mobile_boxes(problem)
    assert plan.fixed == ("BIG",)
    assert [s.village for t in plan.tours for s in t.stops] == ["S"]


def test_a_box_is_not_sent_when_a_fixed_branch_is_cheaper() -> None:
    expensive = CostModel(vehicle_day=10**10)
    problem = _problem(5, seed=2)
    plan = plan_mobile_boxes(problem, expensive)
    assert plan.tours == () and len(plan.fixed) == 5


def test_villages_without_a_council_are_refused() -> None:
    definition = load_definition_text(SARI.read_bytes(), "yaml")
    check_entitled(definition, ["V02-01-1-3-03"])
    for code in ("V02-01-1-3-04", "C02-01", "NOPE"):
        with pytest.raises(EntekhabError) as caught:
            check_entitled(definition, [code])
        assert caught.value.code == "PLANNING_VILLAGE_NOT_ENTITLED"
        assert caught.value.message_fa and caught.value.message_en


def test_bad_routing_input_is_refused() -> None:
    with pytest.raises(EntekhabError) as caught:
        MobileBoxProblem("D", (PlannedVillage("V", 10),), ((0, 1), (1, 0), (2, 2)))
    assert caught.value.code == "PLANNING_ROUTING_INPUT_INVALID"
    with pytest.raises(EntekhabError):
        MobileBoxProblem("D", (PlannedVillage("V", 10, (50, 10)),), ((0, 1), (1, 0)))
    for bad in (float("nan"), float("inf"), 1e300):
        with pytest.raises(EntekhabError) as caught:
            MobileBoxProblem.from_coordinates(
                "D", (0.0, 0.0), [(PlannedVillage("V", 10), (bad, 1.0))]
            )
        assert caught.value.code == "PLANNING_ROUTING_INPUT_INVALID"
