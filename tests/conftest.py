"""Shared fixtures: a fresh migrated database on SQLite and on PostgreSQL.

``database_url`` is parametrized over both back ends. PostgreSQL is read from
``ENTEKHAB_TEST_DATABASE_URL``; each test gets its own schema (dropped afterwards), so parallel
runs never collide. When ``CI`` is set an unreachable PostgreSQL fails the test instead of
skipping it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from entekhab.store.db import make_engine
from entekhab.store.migrate import upgrade
from entekhab.store.uow import UnitOfWorkFactory

POLLING_CLOCK_START = "2026-06-18T09:00:00+03:30"
"""The test worlds run on polling day: every server made from settings starts its election clock
here (ENTEKHAB_CLOCK_START), so polling hours are enforced in every test, never switched off.
Tests of the hours themselves set their own clock."""
os.environ.setdefault("ENTEKHAB_CLOCK_START", POLLING_CLOCK_START)

PG_URL = os.environ.get(
    "ENTEKHAB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = bool(os.environ.get("CI"))


def _pg_reachable() -> str | None:
    try:
        eng = create_engine(PG_URL)
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
    except Exception as exc:  # any failure to connect
        return str(exc)
    return None


_PG_PROBLEM: str | bool | None = False  # False: not probed yet


def require_postgres() -> None:
    """Skip (or, under CI, fail) when PostgreSQL cannot be reached."""
    global _PG_PROBLEM
    if _PG_PROBLEM is False:
        _PG_PROBLEM = _pg_reachable()
    if _PG_PROBLEM:
        message = f"PostgreSQL unreachable at {PG_URL}: {_PG_PROBLEM}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


_POSTGRES_ONLY = frozenset({"pg_schema_url", "pg_engine"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs PostgreSQL must say so with the ``postgres`` marker (CI selects and
    reports by it): one that uses a PostgreSQL-only fixture without it is a collection error."""
    unmarked = [
        item.nodeid
        for item in items
        if _POSTGRES_ONLY & set(getattr(item, "fixturenames", ()))
        and item.get_closest_marker("postgres") is None
    ]
    if unmarked:
        raise pytest.UsageError(f"PostgreSQL tests without @pytest.mark.postgres: {unmarked}")


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh, empty PostgreSQL schema."""
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_schema(PG_URL, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'entekhab.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """A URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated engine on each back end."""
    eng = make_engine(database_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def pg_engine(pg_schema_url: str) -> Iterator[Engine]:
    """A migrated engine on PostgreSQL only (races, COPY, load)."""
    eng = make_engine(pg_schema_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> UnitOfWorkFactory:
    return UnitOfWorkFactory(engine)
