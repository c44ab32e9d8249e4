"""Discrete-event simulation of a branch's lines (SimPy), to check the Erlang C figures.

Erlang C (``planning/queueing.py``) is a steady-state formula; a branch is not in steady state
(voters come in waves through the day, the line starts empty). Two simulations:

* ``simulate_mmc`` — the very M/M/c queue Erlang C describes, run long after a warm-up, so the
  two must agree within sampling error (``tests/unit/planning/test_queue_simulation.py`` holds
  the tolerance);
* ``simulate_branch`` — one branch's polling day: arrivals follow the hourly profile, every voter
  passes check-in (identity device, fingerprint) and then the voting terminal, each stage with
  its own desks. It reports, per hour and stage, the share of voters who waited longer than the
  target and the mean line length, to set beside the per-hour Erlang C prediction.

Both take a seed: the same seed gives the same figures.
"""

from __future__ import annotations

import random
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

import simpy

__all__ = [
    "SimulatedHour",
    "SimulatedQueue",
    "StageDesks",
    "simulate_branch",
    "simulate_mmc",
]


@dataclass(frozen=True)
class SimulatedQueue:
    voters: int
    wait_probability: float
    """Share of voters (after the warm-up) who waited longer than the target."""
    mean_wait_minutes: float


@dataclass(frozen=True)
class StageDesks:
    name: str
    mean_service_minutes: float
    desks: int


@dataclass(frozen=True)
class SimulatedHour:
    hour: int
    stage: str
    voters: int
    """Voters who reached this stage in this hour."""
    wait_probability: float
    mean_wait_minutes: float
    mean_queue_length: float
    """Time-averaged number of voters in line at this stage during the hour."""


def simulate_mmc(
    servers: int,
    arrivals_per_hour: float,
    mean_service_minutes: float,
    max_wait_minutes: float,
    *,
    voters: int,
    seed: int,
    warmup: int = 2_000,
) -> SimulatedQueue:
    """Run ``warmup + voters`` arrivals through an M/M/c line; measure the last ``voters``."""
    rng = random.Random(seed)
    env = simpy.Environment()
    desks = simpy.Resource(env, capacity=servers)
    rate = arrivals_per_hour / 60.0
    waits: list[float] = []

    def voter(index: int) -> Generator[Any, Any, None]:
        arrived = env.now
        with desks.request() as turn:
            yield turn
            if index >= warmup:
                waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1.0 / mean_service_minutes))

    def arrivals() -> Generator[Any, Any, None]:
        for index in range(warmup + voters):
            yield env.timeout(rng.expovariate(rate))
            env.process(voter(index))

    env.process(arrivals())
    env.run()
    late = sum(1 for w in waits if w > max_wait_minutes)
    return SimulatedQueue(len(waits), late / len(waits), sum(waits) / len(waits))


class _LineTracker:
    """Integrates the line length over time, per hour."""

    def __init__(self, hours: int) -> None:
        self.area = [0.0] * (hours + 1)
        self.length = 0
        self.since = 0.0

    def change(self, now: float, delta: int) -> None:
        t = self.since
        while t < now:
            hour = int(t // 60)
            end = min(now, (hour + 1) * 60.0)
            if hour < len(self.area):
                self.area[hour] += self.length * (end - t)
            t = end
        self.since = now
        self.length += delta


def simulate_branch(
    hourly_arrivals: Sequence[float],
    stages: Sequence[StageDesks],
    max_wait_minutes: float,
    *,
    seed: int,
) -> list[SimulatedHour]:
    """One polling day at one branch: Poisson arrivals at ``hourly_arrivals[h]`` per hour in
    hour ``h``, then each stage in turn. Hours are counted from opening."""
    rng = random.Random(seed)
    env = simpy.Environment()
    hours = len(hourly_arrivals)
    resources = [simpy.Resource(env, capacity=s.desks) for s in stages]
    trackers = [_LineTracker(hours) for _ in stages]
    waits: list[list[list[float]]] = [[[] for _ in range(hours + 1)] for _ in stages]

    def voter() -> Generator[Any, Any, None]:
        for i, stage in enumerate(stages):
            arrived = env.now
            hour = min(int(arrived // 60), hours)
            trackers[i].change(arrived, +1)
            with resources[i].request() as turn:
                yield turn
                trackers[i].change(env.now, -1)
                waits[i][hour].append(env.now - arrived)
                yield env.timeout(rng.expovariate(1.0 / stage.mean_service_minutes))

    def arrivals() -> Generator[Any, Any, None]:
        for hour, per_hour in enumerate(hourly_arrivals):
            end = (hour + 1) * 60.0
            if per_hour <= 0:
                yield env.timeout(end - env.now)
                continue
            while True:
                gap = rng.expovariate(per_hour / 60.0)
                if env.now + gap >= end:
                    yield env.timeout(end - env.now)
                    break
                yield env.timeout(gap)
                env.process(voter())

    env.process(arrivals())
    env.run()
    out: list[SimulatedHour] = []
    for i, stage in enumerate(stages):
        trackers[i].change(hours * 60.0, 0)
        for hour in range(hours):
            found = waits[i][hour]
            late = sum(1 for w in found if w > max_wait_minutes)
            out.append(
                SimulatedHour(
                    hour=hour,
                    stage=stage.name,
                    voters=len(found),
                    wait_probability=late / len(found) if found else 0.0,
                    mean_wait_minutes=sum(found) / len(found) if found else 0.0,
                    mean_queue_length=trackers[i].area[hour] / 60.0,
                )
            )
    return out
