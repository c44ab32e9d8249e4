"""Every seat of the committed sample elections (examples/) is allocated from seeded random
totals: each contest fills its seats (as far as it has candidates), alternates are distinct
from the elected, and the lot's inputs are recorded."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from entekhab.domain.contest_seats import seats_and_alternates
from entekhab.domain.definition import ContestKind
from entekhab.domain.definition_io import format_for_name, load_definition_text
from entekhab.service.counting.aggregation import AreaTotals
from entekhab.service.counting.seat_allocation import allocate_from_totals, bulletins_root, lot_seed

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
NONCE = "5a" * 16


@pytest.mark.parametrize("name", ["tiny.yaml", "sari.yaml", "tehran.json"])
def test_every_seat_of_the_sample_election_is_allocated(name: str) -> None:
    definition = load_definition_text((EXAMPLES / name).read_text("utf-8"), format_for_name(name))
    rng = random.Random(name)
    root = bulletins_root(["cd" * 32])
    for contest in definition.contests:
        candidates = definition.candidates_by_contest[contest.code]
        lists = definition.lists_by_contest[contest.code]
        totals = AreaTotals(
            "contest",
            "*",
            {c: rng.randint(0, 50) for c in candidates},  # small numbers: ties happen
            {code: rng.randint(0, 200) for code in lists},
            {},
        )
        outcome = allocate_from_totals(
            definition,
            contest.code,
            totals,
            lot_seed(contest.code, root, NONCE),
            bulletins_root=root,
            ceremony_nonce=NONCE,
        )
        seats, _alternates = seats_and_alternates(definition, contest)
        elected = outcome["elected"]
        assert len(elected) == len(set(elected)) == min(seats, len(candidates))
        assert set(elected) <= set(candidates)
        assert not set(elected) & set(outcome["alternates_ranked"])
        assert outcome["lot"]["bulletins_root"] == root
        if contest.kind == ContestKind.LIST_PR:
            assert sum(outcome["list_seats"].values()) == len(elected)
