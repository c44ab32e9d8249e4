"""The verifier's hot loop builds the canonical text itself for plain entries: it must agree
with the reference chain hash for any actor, code and time, plain or not."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from entekhab.crypto.chain import GENESIS_HASH, entry_hash
from entekhab.crypto.hashing import sha256_hex
from entekhab.service.audit.chain import verify_rows

_text = st.text(max_size=30)


@given(_text, _text, _text, st.text(max_size=40))
def test_a_chain_made_by_the_reference_hash_verifies(
    actor: str, code: str, at: str, payload: str
) -> None:
    digest = sha256_hex(payload.encode("utf-8"))
    first = entry_hash(1, at, actor, code, digest, GENESIS_HASH)
    second = entry_hash(2, at, "user:x", "X", digest, first)
    rows = [
        (1, at, actor, code, payload, digest, GENESIS_HASH, first),
        (2, at, "user:x", "X", payload, digest, first, second),
    ]
    report = verify_rows(rows, [(2, second)], [])
    assert report.ok, report.problems


@given(_text, _text)
def test_an_edited_actor_never_verifies(actor: str, other: str) -> None:
    digest = sha256_hex(b"{}")
    stored = entry_hash(1, "t", actor, "C", digest, GENESIS_HASH)
    # The same text once normalized is no edit: hypothesis discards it (and says so if it
    # has to discard too many), rather than the test passing without checking anything.
    assume(entry_hash(1, "t", other, "C", digest, GENESIS_HASH) != stored)
    rows = [(1, "t", other, "C", "{}", digest, GENESIS_HASH, stored)]
    assert [p.kind for p in verify_rows(rows, [(1, stored)], []).problems] == ["entry_edited"]
