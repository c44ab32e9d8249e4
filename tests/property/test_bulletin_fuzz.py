"""Fuzzed bulletins: never a crash, only coded refusals (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entekhab.domain.bulletin_rules import check_bulletin
from entekhab.domain.errors import EntekhabError
from entekhab.domain.tally import bulletin_deltas
from entekhab.service.counting.bulletins import parse_signed_bulletin
from tests.results_support import definition_hash, tiny_definition

DEFINITION = tiny_definition()
HASH = definition_hash(DEFINITION)
CODES = st.sampled_from(["101", "102", "105", "301", "303", "501", "L1", "L2", "L9", "x"])
COUNTS = st.integers(min_value=-3, max_value=400)

bulletins = st.fixed_dictionaries(
    {
        "election_id": st.sampled_from([DEFINITION.id, "other"]),
        "definition_hash": st.sampled_from([HASH, "f" * 64, "bad"]),
        "contest": st.sampled_from(["CT1", "PR1", "AE", "ZZ"]),
        "branch": st.sampled_from(["B1", "B2", "B3", "B9"]),
        "voters_checked_in": COUNTS,
        "ballots_cast": COUNTS,
        "blank": COUNTS,
        "invalid": COUNTS,
        "candidate_votes": st.dictionaries(CODES, COUNTS, max_size=4),
        "list_votes": st.dictionaries(CODES, COUNTS, max_size=3),
        "ballot_records": COUNTS,
        "merkle_root": st.sampled_from(["0" * 64, "zz"]),
        "closed_at": st.just("2026-06-18T18:00:00+00:00"),
    },
    optional={
        "supersedes": st.one_of(st.none(), st.just("a" * 64)),
        "correction_reason": st.one_of(st.none(), st.text(max_size=5)),
        "extra": st.integers(),
    },
)

junk: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(bulletins)
def test_fuzzed_bulletins_are_accepted_or_refused_with_a_code(doc: dict[str, Any]) -> None:
    payload = {
        "bulletin": doc,
        "station_key_id": "k",
        "station_signature": "00",
        "head_key_id": "h",
        "head_signature": "00",
    }
    try:
        signed = parse_signed_bulletin(payload)
        check_bulletin(DEFINITION, HASH, signed.bulletin)
    except EntekhabError as error:
        assert error.code.startswith("BULLETIN_")
        return
    # Accepted: checked here against the definition independently of check_bulletin.
    b = signed.bulletin
    assert (b.election_id, b.definition_hash) == (DEFINITION.id, HASH)
    assert b.contest in DEFINITION.contest_by_code
    style = DEFINITION.style_by_code[DEFINITION.branch_by_code[b.branch].ballot_style]
    assert b.contest in style.contests
    counts = [b.voters_checked_in, b.ballots_cast, b.blank, b.invalid, b.ballot_records]
    assert min([*counts, *b.candidate_votes.values(), *b.list_votes.values()]) >= 0
    assert set(b.candidate_votes) <= set(DEFINITION.candidates_by_contest[b.contest])
    assert set(b.list_votes) <= set(DEFINITION.lists_by_contest[b.contest])
    assert b.blank + b.invalid <= b.ballots_cast <= b.voters_checked_in
    assert bulletin_deltas(DEFINITION, b)


@settings(max_examples=200, deadline=None)
@given(junk)
def test_junk_payloads_are_refused_as_malformed(payload: Any) -> None:
    # Junk keys are at most 5 characters, so it can never hold "bulletin" or the signatures:
    # every junk payload must be refused (accepting one is the failure this test looks for).
    with pytest.raises(EntekhabError) as refused:
        parse_signed_bulletin(payload)
    assert refused.value.code in {"BULLETIN_MALFORMED", "BULLETIN_NEGATIVE_COUNT"}
