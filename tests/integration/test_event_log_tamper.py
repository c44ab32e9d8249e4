"""Tampering with the event log directly in the database, on SQLite and PostgreSQL: every edit,
deletion, insertion and reordering is found by ``verify_chain`` and by ``entekhab audit verify``.

The chain: 12 entries, a checkpoint signed by the server key every 5 (at 5 and 10); built once
by appenders that chain their own entries and, on PostgreSQL, once by the sealer (entries
committed unsealed, then chained in a batch: service/audit/sealer.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from entekhab.crypto.chain import entry_hash
from entekhab.crypto.hashing import sha256_hex
from entekhab.service.audit.chain import verify_chain
from entekhab.store.uow import UnitOfWorkFactory
from tests.audit_support import (
    SERVER_KEY,
    append_events,
    append_sealed_events,
    entekhab,
    signing_checkpoints,
    sql,
)


@pytest.fixture(params=["chained", "sealed"])
def chain(uow_factory: UnitOfWorkFactory, request: pytest.FixtureRequest) -> Iterator[Engine]:
    if request.param == "sealed":
        if uow_factory.engine.dialect.name != "postgresql":
            pytest.skip("entries are left to a sealer only on PostgreSQL")
        append_sealed_events(uow_factory, 12, policy_every=5)
    else:
        with signing_checkpoints(5):
            append_events(uow_factory, 12)
    report = verify_chain(uow_factory.engine, trusted_key=SERVER_KEY.public_hex)
    assert report.ok and report.entries == 12 and report.checkpoints == 2, report.problems
    yield uow_factory.engine


def _hash_of(engine: Engine, seq: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(text("SELECT hash FROM event_log WHERE seq = :s"), {"s": seq}).scalar()
        )


def _kinds(engine: Engine) -> set[str]:
    report = verify_chain(engine, trusted_key=SERVER_KEY.public_hex)
    assert not report.ok
    return {p.kind for p in report.problems}


def _insert_forged(engine: Engine, seq: int, payload: str) -> None:
    """Slip in a well-formed entry at ``seq``, chained to the entry before it."""
    prev = _hash_of(engine, seq - 1)
    digest = sha256_hex(payload.encode())
    at = "2026-06-18T09:00:00.000000Z"
    forged = entry_hash(seq, at, "user:intruder", "USER_ADDED", digest, prev)
    sql(
        engine,
        "INSERT INTO event_log (seq, recorded_at, actor, code, payload, payload_digest,"
        " prev_hash, hash) VALUES (:s, :at, 'user:intruder', 'USER_ADDED', :p, :d, :prev, :h)",
        s=seq,
        at=at,
        p=payload,
        d=digest,
        prev=prev,
        h=forged,
    )


EDITS = {
    "payload digest": ("UPDATE event_log SET payload_digest = :v WHERE seq = 7", "a" * 64),
    "payload": ("UPDATE event_log SET payload = :v WHERE seq = 7", '{"i":99,"name":"علی"}'),
    "actor": ("UPDATE event_log SET actor = :v WHERE seq = 7", "user:someone-else"),
    "time": ("UPDATE event_log SET recorded_at = :v WHERE seq = 7", "2026-06-18T03:00:00.000000Z"),
    "code": ("UPDATE event_log SET code = :v WHERE seq = 7", "USER_DISABLED"),
    "stored hash": ("UPDATE event_log SET hash = :v WHERE seq = 7", "b" * 64),
}


@pytest.mark.parametrize("field", list(EDITS))
def test_an_edited_entry_is_found(chain: Engine, field: str) -> None:
    statement, value = EDITS[field]
    sql(chain, statement, v=value)
    kinds = _kinds(chain)
    assert kinds & {"entry_edited", "payload_edited", "broken_link"}


def test_an_edit_with_a_recomputed_digest_and_hash_breaks_the_next_link(chain: Engine) -> None:
    # A careful intruder fixes the entry's own digest and hash: the next entry still points at
    # the old hash.
    payload = '{"i":99,"name":"علی"}'
    digest = sha256_hex(payload.encode())
    with chain.connect() as conn:
        seq, at, actor, code, prev = conn.execute(
            text("SELECT seq, recorded_at, actor, code, prev_hash FROM event_log WHERE seq = 7")
        ).one()
    forged = entry_hash(seq, at, actor, code, digest, prev)
    sql(
        chain,
        "UPDATE event_log SET payload = :p, payload_digest = :d, hash = :h WHERE seq = 7",
        p=payload,
        d=digest,
        h=forged,
    )
    report = verify_chain(chain)
    assert [(p.seq, p.kind) for p in report.problems] == [(8, "broken_link")]


@pytest.mark.parametrize(
    ("where", "expected"),
    [("middle", {"gap", "broken_link"}), ("first", {"gap", "broken_link"}), ("last", {"head"})],
)
def test_a_deleted_entry_is_found(chain: Engine, where: str, expected: set[str]) -> None:
    seq = {"middle": 6, "first": 1, "last": 12}[where]
    sql(chain, "DELETE FROM event_log WHERE seq = :s", s=seq)
    assert expected <= _kinds(chain)


def test_a_deleted_tail_with_a_rewritten_head_is_found_by_the_signed_checkpoint(
    chain: Engine,
) -> None:
    sql(chain, "DELETE FROM event_log WHERE seq >= 8")
    sql(chain, "UPDATE event_log_head SET seq = 7, hash = :h", h=_hash_of(chain, 7))
    report = verify_chain(chain, trusted_key=SERVER_KEY.public_hex)
    assert [(p.seq, p.kind) for p in report.problems] == [(10, "truncated")]


def test_an_inserted_entry_is_found(chain: Engine) -> None:
    # Make room after entry 6 and slip in a well-formed entry chained to entry 6.
    sql(chain, "UPDATE event_log SET seq = seq + 1000 WHERE seq > 6")
    sql(chain, "UPDATE event_log SET seq = seq - 999 WHERE seq > 1000")
    _insert_forged(chain, 7, '{"forged":true}')
    kinds = _kinds(chain)
    assert {"broken_link", "entry_edited"} <= kinds


def test_an_entry_appended_past_the_head_is_found(chain: Engine) -> None:
    _insert_forged(chain, 13, "{}")
    assert _kinds(chain) == {"head"}


def test_swapped_entries_are_found(chain: Engine) -> None:
    sql(
        chain,
        "UPDATE event_log SET seq = -1 WHERE seq = 4",
        "UPDATE event_log SET seq = 4 WHERE seq = 5",
        "UPDATE event_log SET seq = 5 WHERE seq = -1",
    )
    kinds = _kinds(chain)
    assert {"broken_link", "entry_edited"} <= kinds


def test_a_forged_checkpoint_is_found(chain: Engine) -> None:
    sql(chain, "UPDATE event_log_checkpoints SET hash = :h WHERE seq = 5", h="c" * 64)
    assert {"checkpoint_signature", "checkpoint_mismatch"} <= _kinds(chain)


def test_the_cli_fails_with_a_coded_error_on_a_tampered_log(chain: Engine) -> None:
    url = chain.url.render_as_string(hide_password=False)
    ok = entekhab("audit", "verify", "--trusted-key", SERVER_KEY.public_hex, database_url=url)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "12" in ok.stdout and "OK" in ok.stdout
    sql(chain, "DELETE FROM event_log WHERE seq = 6")
    bad = entekhab("audit", "verify", "--trusted-key", SERVER_KEY.public_hex, database_url=url)
    assert bad.returncode == 2
    assert "CHAIN_INVALID" in bad.stderr and "gap" in bad.stdout
