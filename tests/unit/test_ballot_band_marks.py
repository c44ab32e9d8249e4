"""A voter may mark as many candidates as the council has seats, also where the seats come
from the population band rule rather than a number in the definition."""

from __future__ import annotations

import pytest

from entekhab.domain.ballot import ContestSelection
from entekhab.domain.ballot_rules import allowed_marks, validate_selection
from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.definition import ContestKind
from entekhab.domain.errors import EntekhabError
from entekhab.sim.sample_election import make_election


def test_band_rule_council_allows_as_many_marks_as_seats() -> None:
    definition = make_election("tiny", 1405)
    banded = [
        c
        for c in definition.contests
        if c.kind is ContestKind.PLURALITY
        and c.seats is None
        and c.seat_override is None
        and c.max_selections is None
    ]
    assert banded, "the tiny sample has a council seated by the band rule"
    contest = banded[0]
    seats = seats_and_alternates(definition, contest)[0]
    assert seats > 1
    assert allowed_marks(definition, contest.code) == seats
    codes = sorted(definition.candidates_by_contest[contest.code])
    assert len(codes) > seats
    validate_selection(
        definition, ContestSelection(contest=contest.code, candidates=tuple(codes[:seats]))
    )
    with pytest.raises(EntekhabError) as refused:
        validate_selection(
            definition,
            ContestSelection(contest=contest.code, candidates=tuple(codes[: seats + 1])),
        )
    assert refused.value.code == "TOO_MANY_SELECTIONS"
