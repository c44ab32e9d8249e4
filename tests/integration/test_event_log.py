"""The hash-chained event log: appends, links, concurrency, and tamper detection."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select, text

from entekhab.crypto.chain import GENESIS_HASH, entry_hash
from entekhab.crypto.signing import keypair_from_seed
from entekhab.domain.event_codes.foundation import DEFINITION_LOADED
from entekhab.domain.event_codes.security import USER_ADDED
from entekhab.service.audit.chain import verify_chain
from entekhab.service.audit.events import CheckpointPolicy, configure_checkpoints, record_event
from entekhab.store.tables.security import EventLogEntry, EventLogHead
from entekhab.store.uow import UnitOfWorkFactory


def _append(uow_factory: UnitOfWorkFactory, n: int, actor: str = "user:admin") -> None:
    for i in range(n):
        with uow_factory() as uow:
            record_event(uow.session, USER_ADDED, actor=actor, payload={"i": i, "name": "علی"})
            uow.commit()


def test_entries_link_to_each_other_and_the_head(uow_factory: UnitOfWorkFactory) -> None:
    _append(uow_factory, 3)
    with uow_factory() as uow:
        rows = uow.session.scalars(select(EventLogEntry).order_by(EventLogEntry.seq)).all()
        head = uow.session.get(EventLogHead, 1)
        assert [r.seq for r in rows] == [1, 2, 3]
        assert rows[0].prev_hash == GENESIS_HASH
        assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
        assert head is not None and (head.seq, head.hash) == (3, rows[2].hash)
        first = rows[0]
        assert first.hash == entry_hash(
            1, first.recorded_at, first.actor, first.code, first.payload_digest, GENESIS_HASH
        )
    assert verify_chain(uow_factory.engine).ok


def test_an_event_rolls_back_with_the_change_it_records(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        record_event(uow.session, DEFINITION_LOADED, actor="cli", payload={"id": "x"})
        # no commit: the caller's transaction fails
    with uow_factory() as uow:
        assert uow.session.scalars(select(EventLogEntry)).all() == []
        head = uow.session.get(EventLogHead, 1)
        assert head is not None and head.seq == 0
    _append(uow_factory, 1)
    assert verify_chain(uow_factory.engine).entries == 1


def test_event_time_must_be_aware(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(ValueError):
        record_event(
            uow.session,
            USER_ADDED,
            actor="x",
            payload={},
            clock=lambda: datetime(2026, 1, 1),
        )


def test_floats_are_refused_in_payloads(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(TypeError):
        record_event(uow.session, USER_ADDED, actor="x", payload={"share": 0.5})


@pytest.mark.postgres
def test_concurrent_appenders_never_fork_the_chain(pg_engine: Engine) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            _append(factory, 25, actor=f"thread:{k}")
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_chain(pg_engine)
    assert report.ok, report.problems
    assert report.entries == report.last_seq == 200


def test_checkpoints_are_signed_every_n_entries(uow_factory: UnitOfWorkFactory) -> None:
    key = keypair_from_seed(b"k" * 32)
    configure_checkpoints(CheckpointPolicy(every=4, signer=key))
    try:
        _append(uow_factory, 10)
    finally:
        configure_checkpoints(None)
    report = verify_chain(uow_factory.engine, trusted_key=key.public_hex)
    assert report.ok and report.checkpoints == 2
    other = keypair_from_seed(b"o" * 32)
    assert not verify_chain(uow_factory.engine, trusted_key=other.public_hex).ok


def test_time_is_stored_exactly_as_hashed(uow_factory: UnitOfWorkFactory) -> None:
    moment = datetime(2026, 6, 18, 8, 30, 0, 123456, tzinfo=UTC)
    with uow_factory() as uow:
        record_event(uow.session, USER_ADDED, actor="x", payload={}, clock=lambda: moment)
        uow.commit()
    with uow_factory.engine.connect() as conn:
        stored = conn.execute(text("select recorded_at from event_log")).scalar()
    assert stored == "2026-06-18T08:30:00.123456Z"
