"""The synthetic civil registry: deterministic, valid, shaped like a real population."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest

from entekhab.domain.check_in_rules import CitizenFacts, age_on, check_entitled
from entekhab.domain.definition import ElectionDefinition, ResidenceRule
from entekhab.domain.errors import EntekhabError
from entekhab.domain.geography import DivisionKind
from entekhab.domain.national_code import is_valid
from entekhab.service.registry.importing import CitizenRecord, read_registry_csv
from entekhab.sim.registry import generate_registry, residence_weights, write_registry_csv
from entekhab.sim.sample_election import DOCUMENTED_SEED, make_election


@cache
def tehran() -> ElectionDefinition:
    return make_election("tehran", DOCUMENTED_SEED)


@cache
def citizens(count: int = 20_000, seed: int = 7) -> list[CitizenRecord]:
    return list(generate_registry(tehran(), count, seed))


def test_same_seed_same_citizens_other_seed_others() -> None:
    assert list(generate_registry(tehran(), 500, 7)) == citizens()[:500]
    assert list(generate_registry(tehran(), 500, 8)) != citizens()[:500]


def test_national_codes_are_valid_and_unique() -> None:
    codes = [c.national_code for c in citizens()]
    assert all(is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)


def test_ages_follow_a_pyramid_with_some_under_18() -> None:
    day = tehran().polling_day
    ages = [age_on(c.birth_date, day) for c in citizens()]
    under_18 = sum(a < 18 for a in ages) / len(ages)
    assert 0.03 < under_18 < 0.08
    assert min(ages) >= 15 and max(ages) <= 90
    by_decade = Counter(a // 10 for a in ages)
    assert by_decade[3] > by_decade[5] > by_decade[7] > by_decade[8]  # fewer as people age


def test_residence_dates_include_recent_movers_and_never_precede_birth() -> None:
    day = tehran().polling_day
    rows = citizens()
    assert all(c.birth_date <= c.residence_since < day for c in rows)
    recent = sum(c.residence_since > day - timedelta(days=365) for c in rows) / len(rows)
    assert 0.04 < recent < 0.09
    assert 0.3 < sum(c.residence_since == c.birth_date for c in rows) / len(rows) < 0.45


def test_residences_are_cities_and_villages_in_proportion_to_population() -> None:
    d = tehran()
    rows = citizens()
    kinds = {d.division_by_code[c.residence_division].kind for c in rows}
    assert kinds == {DivisionKind.CITY, DivisionKind.VILLAGE}
    weights = dict(residence_weights(d))
    total = sum(weights.values())
    tehran_city = d.contest_by_code["CC-TEHRAN"].council_of
    assert tehran_city is not None
    share = sum(c.residence_division == tehran_city for c in rows) / len(rows)
    assert share == pytest.approx(weights[tehran_city] / total, abs=0.02)
    genders = Counter(c.gender for c in rows)
    assert set(genders) == {"f", "m"} and abs(genders["m"] - genders["f"]) < 0.05 * len(rows)


def test_check_in_rules_refuse_the_under_age_and_recent_movers_where_the_rule_applies() -> None:
    d = tehran()
    one_year_councils = {
        c.council_of: c for c in d.contests if c.residence_rule is ResidenceRule.ONE_YEAR_RESIDENCE
    }
    branch_of = {b.division: b for b in d.branches}
    refused = Counter()
    for c in citizens():
        facts = CitizenFacts(c.birth_date, c.residence_division, c.residence_since)
        try:
            check_entitled(d, branch_of[c.residence_division], facts)
        except EntekhabError as error:
            refused[(error.code, error.details.get("rule"))] += 1
    assert refused[("UNDER_AGE", None)] > 0
    assert refused[("NOT_ENTITLED", "one_year_residence")] > 0
    assert one_year_councils  # the small cities and the villages apply the rule


def test_csv_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    rows = citizens()[:1_000]
    assert write_registry_csv(rows, path) == 1_000
    read = list(read_registry_csv(path))
    assert read[0] == [
        rows[0].national_code,
        rows[0].birth_date.isoformat(),
        rows[0].gender,
        rows[0].residence_division,
        rows[0].residence_since.isoformat(),
    ]
    assert len(read) == 1_000
