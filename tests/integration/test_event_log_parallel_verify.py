"""``audit verify`` of a long log walks slices of it in processes of their own and joins them
(service/audit/chain.py). The joined report must say what one walk says: every tamper the
landed tamper tests make, on both back ends, including at the cut between two slices."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text

from entekhab.service.audit import chain as chain_module
from entekhab.service.audit.chain import verify_chain
from entekhab.store.uow import UnitOfWorkFactory
from tests.audit_support import (
    SERVER_KEY,
    append_events,
    append_sealed_events,
    signing_checkpoints,
    sql,
)


def _problems(engine: Engine, processes: int) -> list[tuple[int, str]]:
    report = verify_chain(engine, trusted_key=SERVER_KEY.public_hex, processes=processes)
    return sorted((p.seq, p.kind) for p in report.problems)


def _hash_of(engine: Engine, seq: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(text("SELECT hash FROM event_log WHERE seq = :s"), {"s": seq}).scalar()
        )


TAMPERS: dict[str, Callable[[Engine], None]] = {
    "nothing": lambda e: None,
    "edit_middle": lambda e: sql(e, "UPDATE event_log SET actor = 'x' WHERE seq = 4"),
    "delete_first": lambda e: sql(e, "DELETE FROM event_log WHERE seq = 1"),
    "delete_at_cut": lambda e: sql(e, "DELETE FROM event_log WHERE seq = 7"),
    "delete_before_cut": lambda e: sql(e, "DELETE FROM event_log WHERE seq = 6"),
    "delete_last": lambda e: sql(e, "DELETE FROM event_log WHERE seq = 12"),
    "swap_across_cut": lambda e: sql(
        e,
        "UPDATE event_log SET seq = -1 WHERE seq = 6",
        "UPDATE event_log SET seq = 6 WHERE seq = 7",
        "UPDATE event_log SET seq = 7 WHERE seq = -1",
    ),
    "truncated_tail": lambda e: (
        sql(e, "DELETE FROM event_log WHERE seq >= 8"),
        sql(e, "UPDATE event_log_head SET seq = 7, hash = :h", h=_hash_of(e, 7)),
    ),
}


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
@pytest.mark.parametrize("how", ["chained", "sealed"])
def test_two_processes_find_what_one_walk_finds(
    uow_factory: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch, tamper: str, how: str
) -> None:
    if how == "sealed":
        if uow_factory.engine.dialect.name != "postgresql":
            pytest.skip("entries are left to a sealer only on PostgreSQL")
        append_sealed_events(uow_factory, 12, policy_every=5)
    else:
        with signing_checkpoints(5):
            append_events(uow_factory, 12)
    engine = uow_factory.engine
    TAMPERS[tamper](engine)
    monkeypatch.setattr(chain_module, "PARALLEL_FROM", 0)
    one = _problems(engine, 1)
    assert _problems(engine, 2) == one
    assert bool(one) == (tamper != "nothing")
