"""Batch aggregation equals the sum of incremental deltas; totals equal the sum of branches."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from entekhab.domain.results import Bulletin
from entekhab.domain.tally import add_bulletin, aggregate, bulletin_deltas
from tests.results_support import definition_hash, tiny_definition

DEFINITION = tiny_definition(extra_city_branches=3)
HASH = definition_hash(DEFINITION)
PAIRS = [
    (b.code, c)
    for b in DEFINITION.branches
    for c in DEFINITION.style_by_code[b.ballot_style].contests
]


@st.composite
def bulletin_sets(draw: st.DrawFn) -> list[Bulletin]:
    chosen = draw(st.lists(st.sampled_from(PAIRS), unique=True, max_size=len(PAIRS)))
    out = []
    for branch, contest in chosen:
        codes = sorted(DEFINITION.candidates_by_contest[contest])
        votes = draw(st.dictionaries(st.sampled_from(codes), st.integers(0, 50), max_size=4))
        lists = sorted(DEFINITION.lists_by_contest[contest])
        list_votes = (
            draw(st.dictionaries(st.sampled_from(lists), st.integers(0, 50))) if lists else {}
        )
        out.append(
            Bulletin(
                election_id=DEFINITION.id,
                definition_hash=HASH,
                contest=contest,
                branch=branch,
                voters_checked_in=200,
                ballots_cast=draw(st.integers(0, 200)),
                blank=0,
                invalid=0,
                candidate_votes=votes,
                list_votes=list_votes,
                ballot_records=0,
                merkle_root="0" * 64,
                closed_at="2026-06-18T18:00:00+00:00",
            )
        )
    return out


@settings(max_examples=100, deadline=None)
@given(bulletin_sets())
def test_batch_totals_equal_the_folded_incremental_deltas(bulletins: list[Bulletin]) -> None:
    folded: dict[str, dict[tuple[str, str, str, str], int]] = {}
    for b in bulletins:
        add_bulletin(folded.setdefault(b.contest, {}), bulletin_deltas(DEFINITION, b))
    assert aggregate(DEFINITION, bulletins, branches=True) == folded


@settings(max_examples=100, deadline=None)
@given(bulletin_sets())
def test_the_contest_total_is_the_sum_of_its_branches(bulletins: list[Bulletin]) -> None:
    for contest, totals in aggregate(DEFINITION, bulletins, branches=True).items():
        for (level, _area, kind, code), value in totals.items():
            if level == "contest":
                branches = sum(
                    v
                    for (lv, _a, k, c), v in totals.items()
                    if lv == "branch" and (k, c) == (kind, code)
                )
                assert value == branches, (contest, kind, code)


def _sum_by_hand(bulletins: list[Bulletin]) -> dict[str, dict[tuple[str, str], int]]:
    """The contest totals computed here, with no code of ours: plain sums over the bulletins."""
    out: dict[str, dict[tuple[str, str], int]] = {}
    for b in bulletins:
        totals = out.setdefault(b.contest, {})

        def add(kind: str, code: str, value: int, totals: dict[tuple[str, str], int]) -> None:
            totals[(kind, code)] = totals.get((kind, code), 0) + value

        for code, votes in b.candidate_votes.items():
            add("candidate", code, votes, totals)
        for code, votes in b.list_votes.items():
            add("list", code, votes, totals)
        for field in ("voters_checked_in", "ballots_cast", "blank", "invalid"):
            add("meta", field, getattr(b, field), totals)
        add("meta", "branches_reported", 1, totals)
        expected = next(x.expected_voters for x in DEFINITION.branches if x.code == b.branch)
        add("meta", "expected_voters_reported", expected, totals)
    return out


@settings(max_examples=100, deadline=None)
@given(bulletin_sets())
def test_contest_totals_equal_an_independent_sum_of_the_bulletins(
    bulletins: list[Bulletin],
) -> None:
    by_hand = _sum_by_hand(bulletins)
    aggregated = aggregate(DEFINITION, bulletins, branches=True)
    assert set(aggregated) == set(by_hand)
    for contest, totals in aggregated.items():
        at_contest = {(k, c): v for (lv, _a, k, c), v in totals.items() if lv == "contest"}
        nonzero = {key: v for key, v in at_contest.items() if v}
        assert nonzero == {key: v for key, v in by_hand[contest].items() if v}, contest
