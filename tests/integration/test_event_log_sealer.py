"""The sealer (service/audit/sealer.py): on PostgreSQL a busy server's appenders commit their
events unsealed, side by side, and one sealer chains them in batches. The chain that comes out
must be the same sound chain, whoever appends, however they interleave; entries waiting for the
sealer are reported apart, and caught when edited or left waiting too long."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text

from entekhab.api.app import create_app
from entekhab.domain.event_codes.security import USER_ADDED
from entekhab.service.audit.chain import verify_chain
from entekhab.service.audit.events import defer_sealing, record_event
from entekhab.service.audit.sealer import seal_pending, sealing
from entekhab.settings import Settings
from entekhab.store.db import make_engine
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.audit_support import (
    SERVER_KEY,
    append_events,
    entekhab,
    signing_checkpoints,
    sql,
)

pytestmark = pytest.mark.postgres


def _unsealed(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(EventLogEntry).where(EventLogEntry.seq.is_(None))
            ).scalar_one()
        )


def _in_threads(work: list[threading.Thread]) -> None:
    for t in work:
        t.start()
    for t in work:
        t.join()


def test_concurrent_appenders_leave_their_entries_to_the_sealer(pg_engine: Engine) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            append_events(factory, 25, actor=f"thread:{k}")
        except BaseException as exc:  # re-raised in the test thread
            errors.append(exc)

    with signing_checkpoints(1000), sealing(pg_engine, interval=0.02):
        _in_threads([threading.Thread(target=worker, args=(k,)) for k in range(8)])
    assert errors == []
    assert _unsealed(pg_engine) == 0, "stopping the sealer seals what is left"
    report = verify_chain(pg_engine, trusted_key=SERVER_KEY.public_hex)
    assert report.ok, report.problems
    assert report.entries == report.last_seq == 200 and report.pending == 0
    assert report.checkpoints >= 1, "a sealed batch is signed when no checkpoint is recent"


def test_appenders_that_chain_their_own_entries_share_the_chain_with_the_sealer(
    pg_engine: Engine,
) -> None:
    # A CLI command (its own engine, no sealer) chains its entry under the head lock while the
    # server's requests leave theirs to the sealer: one chain, no fork, nothing lost.
    cli_engine = make_engine(pg_engine.url.render_as_string(hide_password=False))
    errors: list[BaseException] = []

    def run(factory: UnitOfWorkFactory, actor: str) -> None:
        try:
            append_events(factory, 30, actor=actor)
        except BaseException as exc:
            errors.append(exc)

    server = UnitOfWorkFactory(pg_engine)
    cli = UnitOfWorkFactory(cli_engine)
    try:
        with sealing(pg_engine, interval=0.01):
            _in_threads(
                [threading.Thread(target=run, args=(server, f"server:{k}")) for k in range(4)]
                + [threading.Thread(target=run, args=(cli, "cli"))]
            )
    finally:
        cli_engine.dispose()
    assert errors == []
    report = verify_chain(pg_engine)
    assert report.ok, report.problems
    assert report.entries == 150 and report.pending == 0


def test_unsealed_entries_are_reported_apart_and_checked(pg_engine: Engine) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    append_events(factory, 2)  # chained by their appender
    defer_sealing(pg_engine, True)
    try:
        append_events(factory, 3)
    finally:
        defer_sealing(pg_engine, False)
    report = verify_chain(pg_engine)
    assert report.ok and (report.entries, report.pending) == (2, 3)
    # Waiting too long is a problem, once the caller says how long is too long.
    later = datetime.now(UTC) + timedelta(minutes=10)
    stale = verify_chain(pg_engine, stale_after=timedelta(minutes=5), now=later)
    assert [p.kind for p in stale.problems] == ["unsealed"] * 3
    # An unsealed entry edited before the sealer came is caught by its digest.
    sql(pg_engine, "UPDATE event_log SET payload = '{}' WHERE id = (SELECT max(id) FROM event_log)")
    assert [p.kind for p in verify_chain(pg_engine).problems] == ["pending_edited"]
    assert seal_pending(pg_engine, wait=True) == 3
    sealed = verify_chain(pg_engine)
    assert (sealed.entries, sealed.pending) == (5, 0)
    assert [(p.seq, p.kind) for p in sealed.problems] == [(5, "payload_edited")]


def test_a_sealer_skips_its_turn_while_another_holds_the_head(pg_engine: Engine) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    defer_sealing(pg_engine, True)
    try:
        append_events(factory, 2)
    finally:
        defer_sealing(pg_engine, False)
    with pg_engine.connect() as holder:  # another sealer, or a CLI appender mid-transaction
        holder.execute(text("SELECT seq FROM event_log_head WHERE id = 1 FOR UPDATE"))
        assert seal_pending(pg_engine) == 0
        holder.rollback()
    assert seal_pending(pg_engine) == 2
    assert verify_chain(pg_engine).entries == 2


def test_audit_verify_seals_what_is_waiting_first(pg_engine: Engine) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    defer_sealing(pg_engine, True)
    try:
        append_events(factory, 4)  # a server killed before its sealer's turn
    finally:
        defer_sealing(pg_engine, False)
    url = pg_engine.url.render_as_string(hide_password=False)
    result = entekhab("audit", "verify", "--json", database_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"entries": 4' in result.stdout and '"pending": 0' in result.stdout
    assert _unsealed(pg_engine) == 0


def test_the_server_seals_its_requests_events_and_what_is_left_on_shutdown(
    pg_engine: Engine,
) -> None:
    factory = UnitOfWorkFactory(pg_engine)
    settings = Settings(database_url="sqlite://", rate_per_address=0, log_seal_interval=0.05)
    with TestClient(create_app(settings, uow_factory=factory)) as http:
        for _ in range(5):
            answer = http.post(
                "/api/v1/auth/sign-in", json={"username": "nobody", "password": "wrong"}
            )
            assert answer.status_code == 401
        with factory() as uow:  # while the server runs, appenders leave entries to the sealer
            record_event(uow.session, USER_ADDED, actor="test", payload={})
            mine = uow.session.scalars(select(EventLogEntry).where(EventLogEntry.actor == "test"))
            assert [row.seq for row in mine] == [None]
            uow.commit()
    assert _unsealed(pg_engine) == 0
    report = verify_chain(pg_engine)
    assert report.ok and report.entries == 6, report.problems


def test_entries_are_left_to_a_sealer_only_on_postgresql() -> None:
    engine = make_engine("sqlite://")
    with pytest.raises(ValueError):
        defer_sealing(engine, True)
    engine.dispose()
