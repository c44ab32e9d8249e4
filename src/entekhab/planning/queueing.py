"""Erlang C (the M/M/c queue): how many identity devices or voting terminals a branch needs.

Voters arrive at random (Poisson, ``arrivals_per_hour``), each is served for an exponentially
distributed time (mean ``mean_service_minutes``) at one of ``servers`` identical desks, and waits
in one line. In steady state, with offered load ``a = λ·s`` (in Erlangs) below ``c``:

* the chance a voter has to wait at all is Erlang C, ``C(c, a)``;
* the chance the wait is longer than ``t`` is ``C(c, a) · exp(-(c/s - λ)·t)``;
* the mean wait is ``C(c, a) / (c/s - λ)``.

``C`` is computed from the Erlang B recursion ``B(k) = a·B(k-1) / (k + a·B(k-1))`` and
``C = c·B / (c - a·(1 - B))``, which never forms ``a^c`` or ``c!`` and so stays exact enough
for hundreds of servers. With ``a ≥ c`` the line grows without bound: every voter waits
(probability 1, mean wait infinite).

Calibration (issue 13): 60 voters an hour, 1.5 minutes each, P(wait > 10 min) < 5 % needs
c = 2, where P(wait > 10 min) = 0.0229 and the mean wait is 1.93 minutes (one desk is
overloaded: a = 1.5 Erlang). ``planning/simulation.py`` checks the same figures by simulation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from entekhab.domain.error_codes.planning import (
    PLANNING_QUEUE_INPUT_INVALID,
    PLANNING_SERVICE_TIME_INVALID,
)
from entekhab.domain.errors import EntekhabError

__all__ = [
    "QueueFigures",
    "erlang_c",
    "mean_wait_minutes",
    "queue_figures",
    "servers_needed",
    "wait_probability",
]

_MAX_SERVERS = 10_000
"""A bound on the search in ``servers_needed`` (no branch has that many desks)."""


@dataclass(frozen=True)
class QueueFigures:
    """What a voter can expect at ``servers`` desks."""

    servers: int
    offered_load: float
    """λ·s in Erlangs: how many desks would be busy on average."""
    utilisation: float
    probability_of_waiting: float
    wait_probability: float
    """P(wait > max_wait_minutes)."""
    mean_wait_minutes: float
    mean_queue_length: float
    """Mean number of voters waiting in line (Little's law: λ·W)."""


def _check(arrivals_per_hour: float, mean_service_minutes: float, max_wait_minutes: float) -> None:
    if not math.isfinite(mean_service_minutes) or mean_service_minutes <= 0:
        raise EntekhabError(
            PLANNING_SERVICE_TIME_INVALID, {"stage": "service", "value": mean_service_minutes}
        )
    if not math.isfinite(arrivals_per_hour) or arrivals_per_hour < 0:
        _bad("arrivals_per_hour", arrivals_per_hour, "must be zero or more")
    if not math.isfinite(max_wait_minutes) or max_wait_minutes < 0:
        _bad("max_wait_minutes", max_wait_minutes, "must be zero or more")


def _bad(field: str, value: object, reason: str) -> None:
    raise EntekhabError(
        PLANNING_QUEUE_INPUT_INVALID, {"field": field, "value": value, "reason": reason}
    )


@lru_cache(maxsize=65_536)
def erlang_c(servers: int, offered_load: float) -> float:
    """The probability that an arriving voter waits at all, ``C(c, a)``; 1 when ``a ≥ c``."""
    if servers < 1:
        _bad("servers", servers, "must be at least 1")
    if offered_load <= 0:
        return 0.0
    if offered_load >= servers:
        return 1.0
    b = 1.0
    for k in range(1, servers + 1):
        b = offered_load * b / (k + offered_load * b)
    return servers * b / (servers - offered_load * (1.0 - b))


def wait_probability(
    servers: int, arrivals_per_hour: float, mean_service_minutes: float, max_wait_minutes: float
) -> float:
    """P(a voter waits longer than ``max_wait_minutes``) at ``servers`` desks (M/M/c)."""
    _check(arrivals_per_hour, mean_service_minutes, max_wait_minutes)
    if servers < 1:
        _bad("servers", servers, "must be at least 1")
    rate = arrivals_per_hour / 60.0
    load = rate * mean_service_minutes
    c = erlang_c(servers, load)
    if load >= servers:
        return 1.0
    return c * math.exp(-(servers / mean_service_minutes - rate) * max_wait_minutes)


def mean_wait_minutes(servers: int, arrivals_per_hour: float, mean_service_minutes: float) -> float:
    """The mean time in line (minutes) at ``servers`` desks; ``inf`` when overloaded."""
    _check(arrivals_per_hour, mean_service_minutes, 0.0)
    if servers < 1:
        _bad("servers", servers, "must be at least 1")
    rate = arrivals_per_hour / 60.0
    load = rate * mean_service_minutes
    if load >= servers:
        return math.inf
    return erlang_c(servers, load) / (servers / mean_service_minutes - rate)


def servers_needed(
    arrivals_per_hour: float,
    mean_service_minutes: float,
    max_wait_minutes: float,
    alpha: float,
) -> int:
    """The fewest desks with P(wait > ``max_wait_minutes``) < ``alpha``; 0 with no arrivals."""
    _check(arrivals_per_hour, mean_service_minutes, max_wait_minutes)
    if not 0 < alpha < 1:
        _bad("alpha", alpha, "must lie strictly between 0 and 1")
    return _servers_needed(arrivals_per_hour, mean_service_minutes, max_wait_minutes, alpha)


@lru_cache(maxsize=262_144)
def _servers_needed(rate_h: float, service: float, max_wait: float, alpha: float) -> int:
    if rate_h == 0:
        return 0
    load = rate_h / 60.0 * service
    c = max(1, math.floor(load) + 1)  # the first stable number of desks
    while c <= _MAX_SERVERS:
        if wait_probability(c, rate_h, service, max_wait) < alpha:
            return c
        c += 1
    _bad("arrivals_per_hour", rate_h, f"needs more than {_MAX_SERVERS} desks")
    raise AssertionError  # unreachable: _bad raises


def queue_figures(
    servers: int, arrivals_per_hour: float, mean_service_minutes: float, max_wait_minutes: float
) -> QueueFigures:
    """Every steady-state figure of one stage at ``servers`` desks."""
    p = wait_probability(servers, arrivals_per_hour, mean_service_minutes, max_wait_minutes)
    load = arrivals_per_hour / 60.0 * mean_service_minutes
    w = mean_wait_minutes(servers, arrivals_per_hour, mean_service_minutes)
    return QueueFigures(
        servers=servers,
        offered_load=load,
        utilisation=min(1.0, load / servers),
        probability_of_waiting=erlang_c(servers, load),
        wait_probability=p,
        mean_wait_minutes=w,
        mean_queue_length=arrivals_per_hour / 60.0 * w,
    )
