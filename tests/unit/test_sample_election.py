"""The sample elections: deterministic by seed, shaped as issue 3 asks, internally consistent."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.definition import (
    BoxKind,
    ContestKind,
    ElectionDefinition,
    Network,
    SiteKind,
)
from entekhab.domain.definition_io import definition_hash, load_definition_text
from entekhab.domain.definition_rules import definition_problems
from entekhab.domain.geography import DivisionKind
from entekhab.domain.national_code import is_valid
from entekhab.sim.sample_election import (
    DOCUMENTED_SEED,
    make_election,
    render_definition,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@cache
def sample(kind: str, seed: int = DOCUMENTED_SEED) -> ElectionDefinition:
    return make_election(kind, seed)


def _check_consistent(d: ElectionDefinition) -> None:
    """The cross-references a definition must satisfy (until ``validate_definition`` lands)."""
    for codes in (
        [x.code for x in d.divisions],
        [x.code for x in d.contests],
        [x.code for x in d.branches],
        [x.code for x in d.ballot_styles],
        [x.national_code for x in d.candidates],
        [x.ballot_code for x in d.candidates],
    ):
        assert len(codes) == len(set(codes))
    assert all(is_valid(c.national_code) for c in d.candidates)
    for div in d.divisions:
        assert div.parent is None or div.parent in d.division_by_code
    for contest in d.contests:
        assert all(code in d.division_by_code for code in contest.constituency)
        assert d.candidates_by_contest[contest.code], contest.code
    listed: Counter[str] = Counter()
    for plist in d.party_lists:
        for member in plist.members:
            assert member in d.candidates_by_contest[plist.contest]
            listed[member] += 1
    assert all(count == 1 for count in listed.values())
    for style in d.ballot_styles:
        assert style.contests and all(c in d.contest_by_code for c in style.contests)
    for branch in d.branches:
        assert branch.division in d.division_by_code
        style = d.style_by_code[branch.ballot_style]
        ancestors = set(d.ancestors(branch.division))
        for code in style.contests:
            assert ancestors.intersection(d.contest_by_code[code].constituency)
    # Every council without an override has the seats of its population band.
    for contest in d.contests:
        if contest.council_of and contest.seat_override is None:
            div = d.division_by_code[contest.council_of]
            bands = (
                d.seat_bands.villages if div.kind is DivisionKind.VILLAGE else d.seat_bands.cities
            )
            band = next(
                b for b in bands if b.max_population is None or div.population <= b.max_population
            )
            assert seats_and_alternates(d, contest) == (band.seats, band.alternates)


@pytest.mark.parametrize("kind", ["tiny", "sari", "tehran"])
def test_sample_is_consistent(kind: str) -> None:
    _check_consistent(sample(kind))


@pytest.mark.parametrize("kind", ["tiny", "sari"])
def test_same_seed_same_bytes_other_seed_other_election(kind: str) -> None:
    again = make_election(kind, DOCUMENTED_SEED)
    assert render_definition(again, "json") == render_definition(sample(kind), "json")
    other = make_election(kind, DOCUMENTED_SEED + 1)
    assert render_definition(other, "json") != render_definition(sample(kind), "json")


@pytest.mark.parametrize(("kind", "fmt"), [("tiny", "yaml"), ("sari", "json")])
def test_rendered_document_reads_back_as_the_same_definition(kind: str, fmt: str) -> None:
    text = render_definition(sample(kind), fmt)
    document = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
    assert ElectionDefinition.model_validate(document) == sample(kind)


@pytest.mark.parametrize(
    "name", ["tiny.yaml", "sari.yaml", "tehran.json"], ids=["tiny", "sari", "tehran"]
)
def test_committed_example_regenerates_byte_for_byte(name: str) -> None:
    kind, fmt = name.split(".")
    committed = (EXAMPLES / name).read_text(encoding="utf-8")
    assert render_definition(sample(kind), fmt) == committed


def test_tehran_council_is_list_pr_21_plus_11_for_tehran_rey_and_tajrish() -> None:
    d = sample("tehran")
    council = d.contest_by_code["CC-TEHRAN"]
    assert council.kind is ContestKind.LIST_PR
    assert council.seat_override is not None and council.seat_override.reason
    assert seats_and_alternates(d, council) == (21, 11)
    names = {d.division_by_code[c].name_en for c in council.constituency}
    assert names == {"Tehran", "Rey", "Tajrish"}
    lists = d.lists_by_contest["CC-TEHRAN"]
    assert len(lists) >= 10
    candidates = d.candidates_by_contest["CC-TEHRAN"]
    assert len(candidates) >= 300
    listed = {m for plist in lists.values() for m in plist.members}
    assert len(set(candidates) - listed) >= 50  # independents
    assert all(len(plist.members) <= 21 for plist in lists.values())


def test_tehran_experts_by_election_is_on_the_same_ballot_as_the_council() -> None:
    d = sample("tehran")
    experts = [c for c in d.contests if c.code.startswith("EXPERTS-")]
    assert len(experts) == 1
    assert experts[0].constituency == (d.divisions[0].code,)
    assert experts[0].kind is ContestKind.PLURALITY and experts[0].seats == 2
    tehran_branch = next(
        b for b in d.branches if b.division == d.contest_by_code["CC-TEHRAN"].council_of
    )
    assert d.style_by_code[tehran_branch.ballot_style].contests == ("CC-TEHRAN", experts[0].code)
    # Every branch of the province offers the by-election.
    assert all(experts[0].code in d.style_by_code[b.ballot_style].contests for b in d.branches)


def test_tehran_other_cities_have_plurality_councils_by_band() -> None:
    d = sample("tehran")
    councils = {c.council_of: c for c in d.contests if c.council_of}
    in_tehran = set(d.contest_by_code["CC-TEHRAN"].constituency)
    cities = [x for x in d.divisions if x.kind is DivisionKind.CITY and x.code not in in_tehran]
    assert {x.name_en for x in cities} >= {
        "Eslamshahr",
        "Shahriar",
        "Varamin",
        "Damavand",
        "Firuzkuh",
    }
    for city in cities:
        contest = councils[city.code]
        assert contest.kind is ContestKind.PLURALITY and contest.seat_override is None
    by_name = {x.name_en: councils[x.code] for x in cities}
    assert seats_and_alternates(d, by_name["Eslamshahr"]) == (9, 6)
    assert seats_and_alternates(d, by_name["Firuzkuh"]) == (5, 3)


@pytest.mark.parametrize("kind", ["tehran", "sari"])
def test_only_qualified_villages_get_a_council(kind: str) -> None:
    d = sample(kind)
    councils = {c.council_of for c in d.contests if c.council_of}
    villages = [x for x in d.divisions if x.kind is DivisionKind.VILLAGE]
    excluded = [v for v in villages if not v.qualified_last_term]
    assert excluded and len(excluded) < len(villages)
    for village in villages:
        assert (village.code in councils) == bool(village.qualified_last_term)
    seats = Counter(
        seats_and_alternates(d, c) for c in d.contests if c.council_of in {v.code for v in villages}
    )
    assert set(seats) == {(3, 2), (5, 3)}
    for branch in d.branches:
        if branch.division in {v.code for v in excluded}:
            assert all(
                c.startswith("EXPERTS-") for c in d.style_by_code[branch.ballot_style].contests
            )


def test_tehran_has_2000_branches_in_schools_and_mosques_with_a_network_mix() -> None:
    d = sample("tehran")
    assert len(d.branches) >= 2_000
    sites = Counter(b.site for b in d.branches)
    assert sites[SiteKind.SCHOOL] > sites[SiteKind.MOSQUE] > sites[SiteKind.OTHER] > 0
    networks = Counter(b.network for b in d.branches)
    assert networks[Network.FIBRE] > networks[Network.MOBILE] > networks[Network.NONE] > 0
    mobile_boxes = [b for b in d.branches if b.box is BoxKind.MOBILE]
    assert 0 < len(mobile_boxes) < 50
    assert all(d.division_by_code[b.division].kind is DivisionKind.VILLAGE for b in mobile_boxes)


def test_branches_knob_scales_the_number_of_branches() -> None:
    small = make_election("tehran", DOCUMENTED_SEED, branches=300)
    assert 250 <= len(small.branches) <= 450
    assert len(small.candidates) == len(sample("tehran").candidates)


def test_sari_city_council_follows_the_band_rule() -> None:
    d = sample("sari")
    sari = next(x for x in d.divisions if x.name_en == "Sari" and x.kind is DivisionKind.CITY)
    council = next(c for c in d.contests if c.council_of == sari.code)
    assert council.kind is ContestKind.PLURALITY
    assert seats_and_alternates(d, council) == (9, 6)


def test_tiny_sample_shape() -> None:
    d = sample("tiny")
    kinds = Counter(c.kind for c in d.contests)
    assert kinds == {ContestKind.LIST_PR: 1, ContestKind.PLURALITY: 2}
    pr = next(c for c in d.contests if c.kind is ContestKind.LIST_PR)
    lists = d.lists_by_contest[pr.code]
    assert len(lists) == 3
    listed = {m for plist in lists.values() for m in plist.members}
    assert len(set(d.candidates_by_contest[pr.code]) - listed) == 2
    assert len(d.branches) == 4
    assert len({b.ballot_style for b in d.branches}) == 3


@pytest.mark.parametrize(
    "name", ["tiny.yaml", "sari.yaml", "tehran.json"], ids=["tiny", "sari", "tehran"]
)
def test_committed_example_passes_every_definition_rule(name: str) -> None:
    kind, fmt = name.split(".")
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    loaded = load_definition_text(text, fmt)  # raises a ProblemList on any problem
    assert loaded == sample(kind)
    assert definition_problems(sample(kind)) == []


def test_yaml_and_json_renders_have_the_same_definition_hash() -> None:
    forms = [
        load_definition_text(render_definition(sample("tiny"), f), f) for f in ("yaml", "json")
    ]
    assert definition_hash(forms[0]) == definition_hash(forms[1]) == definition_hash(sample("tiny"))
