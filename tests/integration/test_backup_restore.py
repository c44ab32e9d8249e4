"""``entekhab backup`` / ``entekhab restore`` on SQLite and PostgreSQL: a backup restores into a
fresh database (on PostgreSQL one created for the test and dropped after) with its event log
verified; a backup whose chain does not verify is refused with a coded error and nothing is
written; a non-empty target needs --replace."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from entekhab.errors import EntekhabError
from entekhab.service.audit.backup import restore_backup, take_backup, verify_backup
from entekhab.service.audit.chain import verify_chain
from entekhab.store.db import make_engine
from entekhab.store.dump import schema_of
from entekhab.store.tables.security import EventLogEntry
from entekhab.store.uow import UnitOfWorkFactory
from tests.audit_support import (
    SERVER_KEY,
    append_events,
    entekhab,
    events_with_code,
    signing_checkpoints,
    sql,
)
from tests.conftest import PG_URL

NOW = datetime(2026, 6, 18, 21, 0, tzinfo=UTC)


@pytest.fixture
def fresh_target(engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of the same kind as ``engine``: a new SQLite file, or a new
    PostgreSQL database (created here, dropped afterwards)."""
    if engine.dialect.name == "sqlite":
        target = make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
        yield target
        target.dispose()
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name)
    schema = schema_of(engine.url)
    if schema:
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    target = make_engine(url.render_as_string(hide_password=False))
    try:
        yield target
    finally:
        target.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _entries(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(EventLogEntry)).scalar_one())


def _tables(engine: Engine) -> list[str]:
    from sqlalchemy import inspect

    return inspect(engine).get_table_names()


def test_a_backup_restores_into_a_fresh_database_with_its_chain_verified(
    uow_factory: UnitOfWorkFactory, fresh_target: Engine, tmp_path: Path
) -> None:
    with signing_checkpoints(4):
        append_events(uow_factory, 9)
    out = tmp_path / "entekhab.backup"
    summary = take_backup(uow_factory, out, actor="user:hq", now=NOW)
    assert summary.size > 0 and not out.with_name(out.name + ".partial").exists()
    assert verify_backup(out, trusted_key=SERVER_KEY.public_hex).entries == 10  # + BACKUP_TAKEN
    report = restore_backup(
        out,
        fresh_target,
        replace=False,
        actor="user:hq",
        now=NOW,
        trusted_key=SERVER_KEY.public_hex,
    )
    assert report.ok and report.entries == 10 and report.checkpoints == 2
    after = verify_chain(fresh_target)
    assert after.ok and after.entries == 11
    [(actor, _payload)] = events_with_code(fresh_target, "DATABASE_RESTORED")
    assert actor == "user:hq"
    assert events_with_code(fresh_target, "BACKUP_TAKEN")


def test_a_backup_whose_chain_does_not_verify_is_refused_and_nothing_is_written(
    uow_factory: UnitOfWorkFactory, fresh_target: Engine, tmp_path: Path
) -> None:
    append_events(uow_factory, 5)
    sql(uow_factory.engine, "UPDATE event_log SET actor = 'user:forger' WHERE seq = 3")
    out = tmp_path / "entekhab.backup"
    take_backup(uow_factory, out, actor="cli", now=NOW)
    with pytest.raises(EntekhabError) as refused:
        restore_backup(out, fresh_target, replace=False, actor="cli", now=NOW)
    error = refused.value
    assert error.code == "BACKUP_CHAIN_INVALID" and error.details["first_seq"] == 3
    assert error.message_fa and error.message_en
    assert _tables(fresh_target) == []


def test_a_target_that_holds_data_needs_replace(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    append_events(uow_factory, 3)
    out = tmp_path / "entekhab.backup"
    take_backup(uow_factory, out, actor="cli", now=NOW)
    append_events(uow_factory, 2)  # the live database moves on
    with pytest.raises(EntekhabError) as refused:
        restore_backup(out, uow_factory.engine, replace=False, actor="cli", now=NOW)
    assert refused.value.code == "RESTORE_TARGET_NOT_EMPTY"
    assert _entries(uow_factory.engine) == 6
    report = restore_backup(out, uow_factory.engine, replace=True, actor="cli", now=NOW)
    assert report.ok and report.entries == 4  # back to the moment of the backup
    assert verify_chain(uow_factory.engine).entries == 5  # + DATABASE_RESTORED


def test_a_file_that_is_not_a_backup_is_refused(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(EntekhabError) as refused:
        restore_backup(junk, uow_factory.engine, replace=True, actor="cli", now=NOW)
    assert refused.value.code == "BACKUP_FILE_INVALID"


def test_a_sqlite_backup_tampered_in_the_file_is_refused_by_the_cli(tmp_path: Path) -> None:
    source_url = f"sqlite:///{tmp_path / 'live.db'}"
    assert entekhab("db", "upgrade", database_url=source_url).returncode == 0
    engine = make_engine(source_url)
    append_events(UnitOfWorkFactory(engine), 4)
    engine.dispose()
    out = tmp_path / "copy.backup"
    taken = entekhab("backup", "--out", str(out), database_url=source_url)
    assert taken.returncode == 0, taken.stderr
    with sqlite3.connect(out) as conn:
        conn.execute("DELETE FROM event_log WHERE seq = 2")
    target_url = f"sqlite:///{tmp_path / 'restored.db'}"
    refused = entekhab("restore", str(out), database_url=target_url)
    assert refused.returncode == 2 and "BACKUP_CHAIN_INVALID" in refused.stderr
    assert not (tmp_path / "restored.db").exists() or _tables(make_engine(target_url)) == []
