"""Any seed, any branch count: the generated samples keep every definition rule."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entekhab.domain.definition_rules import definition_problems
from entekhab.sim.sample_election import make_election

SEEDS = st.integers(min_value=0, max_value=2**63)
SLOW = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(seed=SEEDS, branches=st.integers(min_value=20, max_value=2_000))
def test_sari_with_any_seed_keeps_every_rule(seed: int, branches: int) -> None:
    definition = make_election("sari", seed, branches)
    assert [p.to_dict() for p in definition_problems(definition)] == []


@SLOW
@given(seed=SEEDS)
def test_tiny_with_any_seed_keeps_every_rule(seed: int) -> None:
    assert definition_problems(make_election("tiny", seed)) == []


@settings(max_examples=2, deadline=None)
@given(seed=SEEDS, branches=st.integers(min_value=100, max_value=4_000))
def test_tehran_with_any_seed_keeps_every_rule(seed: int, branches: int) -> None:
    definition = make_election("tehran", seed, branches)
    assert [p.to_dict() for p in definition_problems(definition)] == []
    assert len(definition.candidates_by_contest["CC-TEHRAN"]) >= 300
