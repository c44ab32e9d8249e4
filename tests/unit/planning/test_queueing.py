"""Erlang C (M/M/c): the issue's calibration case, known textbook values, and bad input."""

from __future__ import annotations

import math

import pytest

from entekhab.domain.errors import EntekhabError
from entekhab.planning.queueing import (
    erlang_c,
    mean_wait_minutes,
    queue_figures,
    servers_needed,
    wait_probability,
)


def test_calibration_case_of_the_issue_needs_two_desks() -> None:
    # 60 voters an hour, 1.5 min each: a = 1.5 Erlang, so one desk is overloaded.
    assert servers_needed(60, 1.5, 10, 0.05) == 2
    # The issue's figures hold: P(wait > 10 min) ≈ 0.023, mean wait ≈ 1.9 min.
    assert wait_probability(2, 60, 1.5, 10) == pytest.approx(0.02293, abs=5e-5)
    assert mean_wait_minutes(2, 60, 1.5) == pytest.approx(27 / 14, rel=1e-12)  # 1.93 min
    assert wait_probability(1, 60, 1.5, 10) == 1.0
    assert mean_wait_minutes(1, 60, 1.5) == math.inf


def test_erlang_c_matches_the_closed_form() -> None:
    # C(c, a) = (a^c/c! · c/(c-a)) / (Σ_{k<c} a^k/k! + a^c/c! · c/(c-a)).
    for c, a in [(1, 0.5), (2, 1.5), (5, 3.7), (12, 10.2), (40, 33.0)]:
        top = a**c / math.factorial(c) * c / (c - a)
        bottom = sum(a**k / math.factorial(k) for k in range(c)) + top
        assert erlang_c(c, a) == pytest.approx(top / bottom, rel=1e-12)


def test_m_m_1_is_rho() -> None:
    assert erlang_c(1, 0.8) == pytest.approx(0.8)
    # M/M/1: P(W > t) = ρ·exp(-(μ-λ)t); λ = 0.5/min, μ = 1/min.
    assert wait_probability(1, 30, 1.0, 2.0) == pytest.approx(0.5 * math.exp(-1.0))


def test_large_branches_stay_finite() -> None:
    # 300 desks at 95 % load: a^c/c! would overflow a float, the recursion does not.
    p = erlang_c(300, 285.0)
    assert 0 < p < 1
    assert servers_needed(30_000, 0.6, 1.0, 0.01) >= 300


def test_more_desks_never_make_the_wait_worse() -> None:
    previous = 1.0
    for c in range(3, 15):
        p = wait_probability(c, 120, 1.5, 5)
        assert p <= previous
        previous = p


def test_servers_needed_is_the_fewest_that_meets_the_target() -> None:
    for rate, service, t, alpha in [(60, 1.5, 10, 0.05), (200, 2.0, 5, 0.01), (17, 3.0, 0, 0.2)]:
        c = servers_needed(rate, service, t, alpha)
        assert wait_probability(c, rate, service, t) < alpha
        if c > 1:
            assert wait_probability(c - 1, rate, service, t) >= alpha


def test_no_voters_need_no_desks() -> None:
    assert servers_needed(0, 1.5, 10, 0.05) == 0
    assert wait_probability(1, 0, 1.5, 10) == 0.0


def test_figures_use_littles_law() -> None:
    f = queue_figures(2, 60, 1.5, 10)
    assert f.offered_load == pytest.approx(1.5)
    assert f.mean_queue_length == pytest.approx(1.0 * f.mean_wait_minutes)


@pytest.mark.parametrize("service", [0, -1.5, math.nan])
def test_impossible_service_times_are_refused(service: float) -> None:
    with pytest.raises(EntekhabError) as caught:
        servers_needed(60, service, 10, 0.05)
    assert caught.value.code == "PLANNING_SERVICE_TIME_INVALID"
    assert caught.value.message_fa and caught.value.message_en


@pytest.mark.parametrize(
    ("rate", "t", "alpha"), [(-1, 10, 0.05), (60, -1, 0.05), (60, 10, 0), (60, 10, 1.5)]
)
def test_other_bad_inputs_are_refused(rate: float, t: float, alpha: float) -> None:
    with pytest.raises(EntekhabError) as caught:
        servers_needed(rate, 1.5, t, alpha)
    assert caught.value.code == "PLANNING_QUEUE_INPUT_INVALID"
