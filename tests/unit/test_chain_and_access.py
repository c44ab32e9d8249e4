"""Pure rules of the security area: the chain hash and jurisdictions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from entekhab.crypto.chain import entry_hash, entry_hash_fast
from entekhab.domain.access import COUNTRY, branch_ancestors, within_jurisdiction

_text = st.text(max_size=40)
_hex = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)


@given(st.integers(min_value=1, max_value=10**12), _text, _text, _text, _hex, _hex)
def test_fast_chain_hash_equals_the_reference_definition(
    seq: int, when: str, actor: str, code: str, digest: str, prev: str
) -> None:
    assert entry_hash_fast(seq, when, actor, code, digest, prev) == entry_hash(
        seq, when, actor, code, digest, prev
    )


def test_a_county_officer_sees_branches_of_the_county_only() -> None:
    tehran_branch = branch_ancestors("B-101", ["D-1", "C-TEHRAN", "P-TEHRAN"])
    karaj_branch = branch_ancestors("B-900", ["D-9", "C-KARAJ", "P-ALBORZ"])
    assert within_jurisdiction("C-TEHRAN", tehran_branch)
    assert not within_jurisdiction("C-TEHRAN", karaj_branch)
    assert within_jurisdiction("B-101", tehran_branch)
    assert not within_jurisdiction("B-101", ["D-1", "C-TEHRAN"])  # the county is above a branch
    assert within_jurisdiction(COUNTRY, karaj_branch)
